// Unipesa Payment API Gateway (docs/providers/unipesa.md).
import * as core from '../payrail_glue.js';
import { call, coreHolder, callbackBody, callbackText, plainInput, requireObject, splitOptions, settled, fetchOf } from '../util.js';
import { WEBHOOK, unipesaWebhook } from '../webhook-rules.js';

const P = 'unipesa';

/**
 * Unipesa Payment API Gateway (docs/providers/unipesa.md). Every call is idempotent by `order_id`
 * (`reference`), generated when absent, and retried with the identical signed body. Requests and options cross
 * into the core as objects, read into typed Rust structs (unknown fields refused with the field named).
 */
export class Unipesa {
  /** Its part of the webhook routes (js/webhook-rules.js). */
  static [WEBHOOK] = unipesaWebhook;

  #core;

  constructor(options) {
    const { fetch, hooks, rest } = splitOptions(options, P);
    const input = plainInput(rest, 'options');
    this.#core = coreHolder(() => {
      const c = new core.UnipesaCore(input, fetchOf(fetch));
      if (hooks !== undefined) settled(c.setHooks(hooks));
      return c;
    }, P);
  }

  /** payment_c2b: the customer pays you. */
  collect(request, options) {
    return this.#core.run((c) => c.collect(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  /** payment_b2c: you pay the customer. A result with `confirmType` needs `confirmPayout`. */
  payout(request, options) {
    return this.#core.run((c) => c.payout(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  /** The second, confirming payment_b2c: the payout's fields (same reference) plus `confirmation`. */
  confirmPayout(request) {
    return this.#core.run((c) => {
      const { confirmation, ...payout } = plainInput(requireObject(request, 'request'), 'request');
      return c.confirmPayout(payout, confirmation);
    });
  }

  /** status of a reference (the order_id), or `{ reference, customerId?, extra? }`. */
  status(reference, options) {
    return this.#core.run((c) => c.status(plainInput(reference, 'reference'), plainInput(options, 'options')));
  }

  /** Unipesa's API has no balance call: the core rejects with an UnsupportedError. */
  balance(options) {
    return this.#core.run((c) => c.balance(undefined, plainInput(options, 'options')));
  }

  /** Verifies the callback's signature and reads it; a forged or tampered body throws a SignatureError. */
  async parseCallback(body, _headers, options) {
    body = await callbackBody(body);
    const c = await this.#core.get();
    return call(() => settled(c.parseCallback(callbackText(body), plainInput(options, 'options'))), P);
  }

  toJSON() {
    return { provider: P };
  }
}
