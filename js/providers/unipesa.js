// Unipesa Payment API Gateway (seed 003).
import * as core from '../payrail_glue.js';
import { UnsupportedError } from '../errors.js';
import { call, callAsync, callbackText, requireObject, splitOptions, toJson } from '../util.js';

/**
 * Unipesa Payment API Gateway (seed 003). Every call is idempotent by `order_id` (`reference`), generated
 * when absent, and retried with the identical signed body.
 */
export class Unipesa {
  #core;

  constructor(options) {
    const { fetch, json } = splitOptions(options, 'unipesa');
    this.#core = call(() => new core.UnipesaCore(json, fetch), 'unipesa');
  }

  /** payment_c2b: the customer pays you. */
  collect(request) {
    return callAsync(() => this.#core.collect(toJson(requireObject(request, 'request'), 'request')), 'unipesa');
  }

  /** payment_b2c: you pay the customer. A result with `confirmType` needs `confirmPayout`. */
  payout(request) {
    return callAsync(() => this.#core.payout(toJson(requireObject(request, 'request'), 'request')), 'unipesa');
  }

  /** The second, confirming payment_b2c: the payout's fields (same reference) plus `confirmation`. */
  confirmPayout(request) {
    return callAsync(() => this.#core.confirmPayout(toJson(requireObject(request, 'request'), 'request')), 'unipesa');
  }

  /** status of a reference (the order_id), or `{ reference, customerId?, extra? }`. */
  status(reference) {
    return callAsync(() => this.#core.status(toJson(reference, 'reference')), 'unipesa');
  }

  /** Unipesa's API has no balance call. */
  async balance() {
    throw new UnsupportedError({ code: 'unsupported', category: 'unsupported', provider: 'unipesa', message: 'unipesa: the Unipesa API has no balance endpoint' });
  }

  /** Verifies the callback's signature and reads it; a forged or tampered body throws a SignatureError. */
  async parseCallback(body, _headers) {
    return JSON.parse(call(() => this.#core.parseCallback(callbackText(body)), 'unipesa'));
  }

  toJSON() {
    return { provider: 'unipesa' };
  }
}

