// ViralPAY API v1 (docs/providers/viralpay.md).
import * as core from '../payrail_glue.js';
import { call, coreHolder, callbackBody, callbackText, plainInput, requireObject, splitOptions, settled, fetchOf } from '../util.js';
import { WEBHOOK, viralpayWebhook } from '../webhook-rules.js';

const P = 'viralpay';

/**
 * ViralPAY (docs/providers/viralpay.md). A password-grant token (`POST /v1/token`) is fetched once and cached for
 * `expires_in`. Payments, transfers and bank transfers are idempotent by `order_id` (`reference`), generated when
 * absent and reused by every retry. Paths ViralPAY does not publish are options (`paths`) with documented
 * defaults. Requests and options cross into the core as objects, read into typed Rust structs (unknown fields
 * refused with the field named).
 */
export class ViralPay {
  /** Its part of the webhook routes (js/webhook-rules.js). */
  static [WEBHOOK] = viralpayWebhook;

  #core;

  constructor(options) {
    const { fetch, tokenStore, hooks, rest } = splitOptions(options, P);
    const input = plainInput(rest, 'options');
    this.#core = coreHolder(() => {
      const c = new core.ViralPayCore(input, fetchOf(fetch));
      if (hooks !== undefined) settled(c.setHooks(hooks));
      if (tokenStore !== undefined) settled(c.setTokenStore(tokenStore));
      return c;
    }, P);
  }

  /** POST /v1/payments: the customer pays you. */
  collect(request, options) {
    return this.#core.run((c) => c.collect(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  /** POST /v1/transfers: you pay a mobile wallet. */
  payout(request, options) {
    return this.#core.run((c) => c.payout(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  /** POST /v1/virements: you pay a bank account. */
  bankTransfer(request) {
    return this.#core.run((c) => c.bankTransfer(plainInput(requireObject(request, 'request'), 'request')));
  }

  /** GET /v1/transactions/status: by order id (the reference), or `{ reference?, transactionId?, referenceId? }`. */
  status(reference, options) {
    return this.#core.run((c) => c.status(plainInput(reference, 'reference'), plainInput(options, 'options')));
  }

  /** GET /v1/balances: one Balance per wallet (country × operator). */
  balance(options) {
    return this.#core.run((c) => c.balance(undefined, plainInput(options, 'options')));
  }

  /** GET /v1/account: the merchant's account info. */
  account() {
    return this.#core.run((c) => c.account());
  }

  /** GET /v1/transactions: `{ size, dateBegin?, dateEnd? }`. */
  transactions(query) {
    return this.#core.run((c) => c.transactions(plainInput(requireObject(query, 'query'), 'query')));
  }

  /** POST /v1/notifications: asks ViralPAY to send a transaction's notification again. Never retried. */
  notifications(request) {
    return this.#core.run((c) => c.notifications(plainInput(requireObject(request, 'request'), 'request')));
  }

  /** Reads a notification body. ViralPAY signs nothing: `verified` is false, confirm with `status()`. */
  async parseCallback(body, _headers, options) {
    body = await callbackBody(body);
    const c = await this.#core.get();
    return call(() => settled(c.parseCallback(callbackText(body), plainInput(options, 'options'))), P);
  }

  /**
   * Reads a notification and confirms it with a status query: `verified: true`, or a SignatureError when it
   * disagrees with ViralPAY's record (status or amount).
   */
  async confirmCallback(body, _headers, options, callOptions) {
    body = await callbackBody(body);
    return this.#core.run((c) => c.confirmCallback(callbackText(body), plainInput(options, 'options'), plainInput(callOptions, 'callOptions')));
  }

  toJSON() {
    return { provider: P };
  }
}
