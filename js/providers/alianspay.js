// AliansPay (docs/providers/alianspay.md).
import * as core from '../payrail_glue.js';
import { call, callAsync, callbackBody, callbackText, plainInput, requireObject, splitOptions } from '../util.js';

const P = 'alianspay';

/**
 * AliansPay (docs/providers/alianspay.md). Every request and every retry carries a fresh OTP (TOTP of the guid,
 * 30 s) and the guid; collections and disbursements are idempotent by `externalTransactionId` (`reference`),
 * generated when absent. Base URL, paths and header names are unpublished: options with payrail's defaults.
 * Requests and options cross into the core as objects, read into typed Rust structs (unknown fields refused
 * with the field named).
 */
export class AliansPay {
  #core;

  constructor(options) {
    const { fetch, hooks, rest } = splitOptions(options, P);
    this.#core = call(() => new core.AliansPayCore(plainInput(rest, 'options'), fetch), P);
    if (hooks !== undefined) call(() => this.#core.setHooks(hooks), P);
  }

  /** POST /api/v1/collection: the customer pays you. WAVE and VISA_MASTERCARD give a `redirectUrl`. */
  collect(request, options) {
    return callAsync(() => this.#core.collect(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')), P);
  }

  /** POST /api/v1/disbursement: you pay the customer. */
  payout(request, options) {
    return callAsync(() => this.#core.payout(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')), P);
  }

  /** GET /api/v1/transaction/{externalTransactionId}: the reference, or `{ reference }`. */
  status(reference, options) {
    return callAsync(() => this.#core.status(plainInput(reference, 'reference'), plainInput(options, 'options')), P);
  }

  /** GET /api/v1/balance: one Balance per currency. */
  balance(options) {
    return callAsync(() => this.#core.balance(undefined, plainInput(options, 'options')), P);
  }

  /** Reads a callback body. AliansPay signs nothing: `verified` is false; use `confirmCallback`. */
  async parseCallback(body, _headers, options) {
    body = await callbackBody(body);
    return call(() => this.#core.parseCallback(callbackText(body), plainInput(options, 'options')), P);
  }

  /**
   * Reads a callback and confirms it with a status query: `verified: true` with the queried status, or a
   * SignatureError when the callback disagrees with AliansPay's record (status or amount).
   */
  async confirmCallback(body, _headers, options, callOptions) {
    body = await callbackBody(body);
    return callAsync(() => this.#core.confirmCallback(callbackText(body), plainInput(options, 'options'), plainInput(callOptions, 'callOptions')), P);
  }

  toJSON() {
    return { provider: P };
  }
}
