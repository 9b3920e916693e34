// MTN MoMo Open API (docs/providers/momo.md; MTN's CreatePayments for the Partner Gateway payment).
import * as core from '../payrail_glue.js';
import { call, callAsync, coreHolder, whenReady, callbackBody, callbackText, plainInput, requireObject, splitOptions, settled, fetchOf } from '../util.js';
import { WEBHOOK, momoWebhook } from '../webhook-rules.js';

const P = 'momo';

/**
 * MTN MoMo: Collection, Disbursement and Remittance, with a token per product cached until shortly before it
 * expires and renewed once on a 401. Every creating call sends an `X-Reference-Id` (UUID v4) made once per
 * operation (or your `reference`), reused by every retry: a retried call never creates a second operation.
 * Results are Transactions whose `reference` is that id; `status()` takes it.
 */
export class MtnMomo {
  /** Its part of the webhook routes (js/webhook-rules.js). */
  static [WEBHOOK] = momoWebhook;

  #core;

  constructor(options) {
    const { fetch, tokenStore, hooks, rest } = splitOptions(options, P);
    const input = plainInput(rest, 'options');
    this.#core = coreHolder(() => {
      const c = settled(core.MomoCore.make(input, fetchOf(fetch)));
      if (tokenStore !== undefined) settled(c.setTokenStore(tokenStore));
      if (hooks !== undefined) settled(c.setHooks(hooks));
      return c;
    }, P);
  }

  /**
   * Sandbox provisioning: creates an API user (`POST /v1_0/apiuser`) and its API key
   * (`POST /v1_0/apiuser/{id}/apikey`). Resolves to `{ apiUser, apiKey }`.
   */
  static provisionSandboxUser(options) {
    const { fetch, rest } = splitOptions(options, P);
    const input = plainInput(rest, 'options');
    return callAsync(() => whenReady(() => core.momoProvisionSandboxUser(input, fetchOf(fetch))), P);
  }

  #create(kind, request, options) {
    return this.#core.run((c) => c.create(kind, plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  // ---- the unified calls

  /** Customer pays you: a request to pay (`POST /collection/v1_0/requesttopay`). */
  collect(request, options) {
    return this.#core.run((c) => c.collect(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  /** You pay a customer: a disbursement transfer (`POST /disbursement/v1_0/transfer`). */
  payout(request, options) {
    return this.#core.run((c) => c.payout(plainInput(requireObject(request, 'request'), 'request'), plainInput(options, 'options')));
  }

  /** Status by reference: a string (a request to pay) or `{ reference, kind }`. */
  status(reference, options) {
    return this.#core.run((c) => c.status(plainInput(reference, 'reference'), plainInput(options, 'options')));
  }

  /** Polls `status` every `intervalMs` (default 1000) until final or `timeoutMs` (default 60000) passed. */
  waitForFinal(reference, options) {
    return this.#core.run((c) => c.waitForFinal(plainInput(reference, 'reference'), plainInput(options, 'options')));
  }

  /**
   * Balances: of `{ product }`, else of the client's `product` option, else of every product with a key;
   * `{ currency }` reads `account/balance/{currency}`.
   */
  balance(request, options) {
    return this.#core.run((c) => c.balance(plainInput(request, 'request'), plainInput(options, 'options')));
  }

  /**
   * Reads a callback body (MoMo signs nothing: `verified: false`; confirm with `confirmCallback`). MTN's body
   * carries the X-Reference-Id only for v2_0 payments and invoices: pass `{ reference }` otherwise.
   */
  async parseCallback(body, _headers, options) {
    body = await callbackBody(body);
    const c = await this.#core.get();
    return call(() => settled(c.parseCallback(callbackText(body), plainInput(options, 'options'))), P);
  }

  /**
   * Reads a callback and re-queries the status of its reference; resolves to the confirmed Transaction. The
   * same arguments as `parseCallback`: the body, the request's headers (unused: MTN signs nothing), and
   * `{ reference, kind? }` (MTN's callbacks carry no reference).
   */
  async confirmCallback(body, _headers, options, callOptions) {
    body = await callbackBody(body);
    return this.#core.run((c) => c.confirmCallback(callbackText(body), plainInput(options, 'options'), plainInput(callOptions, 'callOptions')));
  }

  /**
   * The typed error of a transaction that ended badly (failed, expired, cancelled): a ProviderError whose
   * `providerCode` is MTN's reason code and `reason` the normalised one; `null` otherwise. Does not throw it.
   */
  failureError(transaction) {
    // The core hands back [error or null], or the error of a transaction it cannot read (thrown by `settled`).
    return call(() => settled(this.#core.now('failureError').failureError(plainInput(requireObject(transaction, 'transaction'), 'transaction')))[0], P);
  }

  // ---- Collection

  /** `POST /collection/v1_0/requesttopay`. */
  requestToPay(request, options) {
    return this.#create('requesttopay', request, options);
  }

  /** `POST /collection/v1_0/requesttopay/{reference}/deliverynotification`. */
  requestToPayDeliveryNotification(reference, notificationMessage) {
    return this.#core.run((c) =>
      c.deliveryNotification(plainInput(reference, 'reference'), plainInput(notificationMessage, 'notificationMessage')),
    );
  }

  /** `POST /collection/v1_0/requesttowithdraw`. */
  requestToWithdraw(request, options) {
    return this.#create('requesttowithdraw', request, options);
  }

  /** `POST /collection/v2_0/requesttowithdraw`. */
  requestToWithdrawV2(request, options) {
    return this.#create('requesttowithdrawV2', request, options);
  }

  /** `POST /collection/v2_0/payment` (docs/providers/momo.md, Partner Gateway CreatePayments). */
  createPayment(request, options) {
    return this.#create('payment', request, options);
  }

  /** `POST /collection/v2_0/invoice`. */
  createInvoice(request, options) {
    return this.#create('invoice', request, options);
  }

  /** `DELETE /collection/v2_0/invoice/{reference}`; resolves to the invoice's status afterwards. */
  cancelInvoice(reference, options) {
    return this.#core.run((c) => c.cancelInvoice(plainInput(reference, 'reference'), plainInput(options, 'options')));
  }

  /** `POST /collection/v2_0/preapproval`. */
  preApproval(request, options) {
    return this.#create('preapproval', request, options);
  }

  /** `GET /{product}/v1_0/accountholder/{msisdn|email|party_code}/{id}/active` → boolean. */
  validateAccountHolderStatus(request) {
    return this.#core.run((c) => c.accountHolderActive(plainInput(request, 'request')));
  }

  /** `GET /{product}/v1_0/accountholder/msisdn/{msisdn}/basicuserinfo`. */
  getBasicUserinfo(request) {
    return this.#core.run((c) => c.basicUserInfo(plainInput(request, 'request')));
  }

  // ---- Disbursement

  /** `POST /disbursement/v1_0/transfer`. */
  transfer(request, options) {
    return this.#create('transfer', request, options);
  }

  /** `POST /disbursement/v1_0/deposit`. */
  deposit(request, options) {
    return this.#create('deposit', request, options);
  }

  /** `POST /disbursement/v2_0/deposit`. */
  depositV2(request, options) {
    return this.#create('depositV2', request, options);
  }

  /** `POST /disbursement/v1_0/refund` (`referenceIdToRefund`: the collection's reference). */
  refund(request, options) {
    return this.#create('refund', request, options);
  }

  /** `POST /disbursement/v2_0/refund`. */
  refundV2(request, options) {
    return this.#create('refundV2', request, options);
  }

  // ---- Remittance

  /** `POST /remittance/v1_0/transfer`. */
  remittanceTransfer(request, options) {
    return this.#create('remittanceTransfer', request, options);
  }

  /** `POST /remittance/v2_0/cashtransfer`. */
  cashTransfer(request, options) {
    return this.#create('cashTransfer', request, options);
  }

  toJSON() {
    return { provider: P };
  }
}
