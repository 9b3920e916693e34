// CinetPay Transfer (payout) API v1 (docs/providers/cinetpay.md).
import * as core from '../payrail_glue.js';
import { invalid } from '../errors.js';
import { call, coreHolder, callbackBody, callbackText, plainInput, requireObject, splitOptions, settled, fetchOf } from '../util.js';
import { WEBHOOK, cinetpayWebhook } from '../webhook-rules.js';

const PROVIDER = 'cinetpay';

/** A notification body as text: form text, bytes, URLSearchParams, or an object a framework already parsed. */
function notificationText(body) {
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) return body.toString();
  if (body === undefined || body === null) return '';
  return callbackText(body, 'body');
}

function requireArray(value, field) {
  if (!Array.isArray(value)) throw invalid(field, 'must be an array', PROVIDER);
  return value;
}

/**
 * CinetPay transfers: `payout` (adds the payee as a contact, then sends), `status`, `balance`, the batch calls
 * `addContacts` / `sendMoney`, and the notification (`parseCallback`, unsigned; `confirmCallback` asks
 * `check/money` for the truth). The 5-minute token is cached and renewed; every transfer's
 * `client_transaction_id` (the `reference`) is made once and reused by every retry. Requests and options cross
 * into the core as objects, read into typed Rust structs (unknown fields refused with the field named).
 */
export class CinetPay {
  /** Its part of the webhook routes (js/webhook-rules.js). */
  static [WEBHOOK] = cinetpayWebhook;

  #core;

  constructor(options) {
    const { fetch, tokenStore, hooks, rest } = splitOptions(options, PROVIDER);
    const input = plainInput(rest, 'options');
    this.#core = coreHolder(() => {
      const c = new core.CinetPayCore(input, fetchOf(fetch));
      if (hooks !== undefined) settled(c.setHooks(hooks));
      if (tokenStore !== undefined) settled(c.setTokenStore(tokenStore));
      return c;
    }, PROVIDER);
  }

  /** Not in CinetPay's transfer API: rejects with an UnsupportedError (before the request is read). */
  collect(_request) {
    return this.#core.run((c) => c.collect(undefined));
  }

  /** Pays a phone: `{ amount, phone, callbackUrl, name, surname, email, reference?, prefix?, currency?, ... }`. */
  payout(request, options) {
    return this.#core.run((c) => c.payout(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  /** check/money of a reference (client_transaction_id), or `{ transactionId }` (CinetPay's id). */
  status(reference, options) {
    return this.#core.run((c) => c.status(plainInput(reference, 'reference'), plainInput(options, 'options')));
  }

  /**
   * The transfer account's available balances: `[{ provider, available, currency, raw }]`, one per country
   * (`raw.country`) when CinetPay answers `countryBalance`, else one in the client's `currency`.
   */
  balance(options) {
    return this.#core.run((c) => c.balance(undefined, plainInput(options, 'options')));
  }

  /** transfer/contact: adds contacts; 726 ("already a contact") counts as success (`ok: true`). */
  addContacts(contacts) {
    return this.#core.run((c) => c.addContacts(plainInput(requireArray(contacts, 'contacts'), 'contacts')));
  }

  /** money/send/contact: one Transaction per transfer, in order. The phones must already be contacts. */
  sendMoney(transfers) {
    return this.#core.run((c) => c.sendMoney(plainInput(requireArray(transfers, 'transfers'), 'transfers')));
  }

  /** Reads a notification (form POST). Unsigned: `verified` is false; confirm with `confirmCallback`. */
  async parseCallback(body, _headers, options) {
    body = await callbackBody(body);
    const c = await this.#core.get();
    return call(() => settled(c.parseCallback(notificationText(body), plainInput(options, 'options'))), PROVIDER);
  }

  /** Reads a notification and resolves to what check/money says about that transfer (the truth). */
  async confirmCallback(body, _headers, options, callOptions) {
    body = await callbackBody(body);
    return this.#core.run((c) => c.confirmCallback(notificationText(body), plainInput(options, 'options'), plainInput(callOptions, 'callOptions')));
  }

  /** Whether a request to the notify_url is CinetPay's liveness check (a GET, or no body): answer it 200. */
  isLivenessPing(method, body) {
    const m = typeof method === 'string' ? method.toUpperCase() : '';
    if (m === 'GET' || m === 'HEAD') return true;
    return notificationText(body).trim() === '';
  }

  toJSON() {
    return { provider: PROVIDER };
  }
}
