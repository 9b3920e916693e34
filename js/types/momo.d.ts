// MTN MoMo Open API (docs/providers/momo.md; MTN's CreatePayments for the Partner Gateway payment).
// The options, requests and arguments are declared from the Rust types (./generated, written by the build):
// what the core refuses at run time does not compile.
import type { Balance, CallOptions, Callback, ClientOptions, ProviderError, Transaction } from '../index.js';
import type {
  MtnMomoAccountHolderIdType,
  MtnMomoAccountHolderQuery,
  MtnMomoBalanceQuery,
  MtnMomoBaseOptions,
  MtnMomoBasicUserInfoQuery,
  MtnMomoCallbackOptions,
  MtnMomoCancelInvoiceOptions,
  MtnMomoCashTransfer,
  MtnMomoCommon,
  MtnMomoInvoice,
  MtnMomoKind,
  MtnMomoMoney,
  MtnMomoOptions as MtnMomoCoreOptions,
  MtnMomoParty,
  MtnMomoPartyIdType,
  MtnMomoPayerIdentificationType,
  MtnMomoPayment,
  MtnMomoPreApproval,
  MtnMomoProduct,
  MtnMomoRefund,
  MtnMomoRequestToPay,
  MtnMomoSandboxUser,
  MtnMomoSandboxUserOptions,
  MtnMomoStatusQuery,
  MtnMomoStatusRequest,
  MtnMomoSubscriptionKeys,
  MtnMomoTargetEnvironment,
  MtnMomoTransfer,
  MtnMomoWaitOptions,
} from './generated';

export type {
  MtnMomoAccountHolderIdType,
  MtnMomoAccountHolderQuery,
  MtnMomoBalanceQuery,
  MtnMomoBaseOptions,
  MtnMomoBasicUserInfoQuery,
  MtnMomoCallbackOptions,
  MtnMomoCancelInvoiceOptions,
  MtnMomoCashTransfer,
  MtnMomoCommon,
  MtnMomoInvoice,
  MtnMomoKind,
  MtnMomoMoney,
  MtnMomoParty,
  MtnMomoPartyIdType,
  MtnMomoPayerIdentificationType,
  MtnMomoPayment,
  MtnMomoPreApproval,
  MtnMomoProduct,
  MtnMomoRefund,
  MtnMomoRequestToPay,
  MtnMomoSandboxUser,
  MtnMomoSandboxUserOptions,
  MtnMomoStatusQuery,
  MtnMomoStatusRequest,
  MtnMomoSubscriptionKeys,
  MtnMomoTargetEnvironment,
  MtnMomoTransfer,
  MtnMomoWaitOptions,
};

/**
 * The options of `new MtnMomo(...)`: the core's (generated: `subscriptionKey` or `subscriptionKeys` required)
 * and the JS-only `fetch` and `tokenStore`.
 */
/** The options the core reads (generated from the Rust types): a `subscriptionKey` or `subscriptionKeys` is required. */
export type { MtnMomoCoreOptions };
/** The options of `new MtnMomo(...)`: the core's and the JS-only `fetch`, `tokenStore` and `hooks`. */
export type MtnMomoOptions = MtnMomoCoreOptions & Pick<ClientOptions, 'fetch' | 'tokenStore' | 'hooks'>;

/** A balance of one MoMo product's account. */
export interface MtnMomoBalance extends Balance {
  product: MtnMomoProduct;
}

export class MtnMomo {
  constructor(options: MtnMomoOptions);
  /** Sandbox provisioning: POST /v1_0/apiuser, then POST /v1_0/apiuser/{id}/apikey. */
  static provisionSandboxUser(options: MtnMomoSandboxUserOptions & Pick<ClientOptions, 'fetch'>): Promise<MtnMomoSandboxUser>;

  /** A request to pay. Resolves pending; `reference` is the X-Reference-Id. */
  collect(request: MtnMomoRequestToPay, options?: CallOptions): Promise<Transaction>;
  /** A disbursement transfer. */
  payout(request: MtnMomoTransfer, options?: CallOptions): Promise<Transaction>;
  /** `status('<ref>')` reads a request to pay; `status({ reference, kind })` any operation. */
  status(reference: MtnMomoStatusRequest, options?: CallOptions): Promise<Transaction>;
  /** Polls status until final or `timeoutMs` (default 60000) passed; `intervalMs` default 1000. */
  waitForFinal(reference: MtnMomoStatusRequest, options?: MtnMomoWaitOptions): Promise<Transaction>;
  balance(request?: MtnMomoBalanceQuery, options?: CallOptions): Promise<MtnMomoBalance[]>;
  /** Unsigned: `verified` is always false. Confirm with confirmCallback before acting. */
  parseCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object, options?: MtnMomoCallbackOptions): Promise<Callback>;
  /** Reads a callback and re-queries its status: the confirmed transaction. */
  confirmCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object, options?: MtnMomoCallbackOptions, callOptions?: CallOptions): Promise<Transaction>;

  /** A ProviderError (providerCode = MTN's reason code) for a failed/expired/cancelled transaction, else null. */
  failureError(transaction: Transaction): ProviderError | null;

  // Collection
  requestToPay(request: MtnMomoRequestToPay, options?: CallOptions): Promise<Transaction>;
  requestToPayDeliveryNotification(reference: string, notificationMessage: string): Promise<null>;
  requestToWithdraw(request: MtnMomoRequestToPay, options?: CallOptions): Promise<Transaction>;
  requestToWithdrawV2(request: MtnMomoRequestToPay, options?: CallOptions): Promise<Transaction>;
  createPayment(request: MtnMomoPayment, options?: CallOptions): Promise<Transaction>;
  createInvoice(request: MtnMomoInvoice, options?: CallOptions): Promise<Transaction>;
  /** Cancels a pending invoice; resolves to its status afterwards. */
  cancelInvoice(reference: string, options?: MtnMomoCancelInvoiceOptions): Promise<Transaction>;
  preApproval(request: MtnMomoPreApproval, options?: CallOptions): Promise<Transaction>;
  validateAccountHolderStatus(request: MtnMomoAccountHolderQuery): Promise<boolean>;
  getBasicUserinfo(request: MtnMomoBasicUserInfoQuery): Promise<Record<string, unknown>>;

  // Disbursement
  transfer(request: MtnMomoTransfer, options?: CallOptions): Promise<Transaction>;
  deposit(request: MtnMomoTransfer, options?: CallOptions): Promise<Transaction>;
  depositV2(request: MtnMomoTransfer, options?: CallOptions): Promise<Transaction>;
  refund(request: MtnMomoRefund, options?: CallOptions): Promise<Transaction>;
  refundV2(request: MtnMomoRefund, options?: CallOptions): Promise<Transaction>;

  // Remittance
  remittanceTransfer(request: MtnMomoTransfer, options?: CallOptions): Promise<Transaction>;
  cashTransfer(request: MtnMomoCashTransfer, options?: CallOptions): Promise<Transaction>;
}
