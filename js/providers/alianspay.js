// AliansPay (docs/providers/alianspay.md).
import * as core from '../payrail_glue.js';
import { call, coreHolder, callbackBody, callbackText, plainInput, requireObject, splitOptions, settled, fetchOf } from '../util.js';
import { WEBHOOK, alianspayWebhook } from '../webhook-rules.js';

const P = 'alianspay';

/**
 * AliansPay (docs/providers/alianspay.md). Every request and every retry carries a fresh OTP (TOTP of the guid,
 * 30 s) and the guid; collections and disbursements are idempotent by `externalTransactionId` (`reference`),
 * generated when absent. Base URL, paths and header names are unpublished: options with payrail's defaults.
 * Requests and options cross into the core as objects, read into typed Rust structs (unknown fields refused
 * with the field named).
 */
export class AliansPay {
  /** Its part of the webhook routes (js/webhook-rules.js). */
  static [WEBHOOK] = alianspayWebhook;

  #core;

  constructor(options) {
    const { fetch, hooks, rest } = splitOptions(options, P);
    const input = plainInput(rest, 'options');
    this.#core = coreHolder(() => {
      const c = new core.AliansPayCore(input, fetchOf(fetch));
      if (hooks !== undefined) settled(c.setHooks(hooks));
      return c;
    }, P);
  }

  /** POST /api/v1/collection: the customer pays you. WAVE and VISA_MASTERCARD give a `redirectUrl`. */
  collect(request, options) {
    return this.#core.run((c) => c.collect(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  /** POST /api/v1/disbursement: you pay the customer. */
  payout(request, options) {
    return this.#core.run((c) => c.payout(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  /** GET /api/v1/transaction/{externalTransactionId}: the reference, or `{ reference }`. */
  status(reference, options) {
    return this.#core.run((c) => c.status(plainInput(reference, 'reference'), plainInput(options, 'options')));
  }

  /** GET /api/v1/balance: one Balance per currency. */
  balance(options) {
    return this.#core.run((c) => c.balance(undefined, plainInput(options, 'options')));
  }

  /** Reads a callback body. AliansPay signs nothing: `verified` is false; use `confirmCallback`. */
  async parseCallback(body, _headers, options) {
    body = await callbackBody(body);
    const c = await this.#core.get();
    return call(() => settled(c.parseCallback(callbackText(body), plainInput(options, 'options'))), P);
  }

  /**
   * Reads a callback and confirms it with a status query: `verified: true` with the queried status, or a
   * SignatureError when the callback disagrees with AliansPay's record (status or amount).
   */
  async confirmCallback(body, _headers, options, callOptions) {
    body = await callbackBody(body);
    return this.#core.run((c) => c.confirmCallback(callbackText(body), plainInput(options, 'options'), plainInput(callOptions, 'callOptions')));
  }

  toJSON() {
    return { provider: P };
  }
}
