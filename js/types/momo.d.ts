// MTN MoMo Open API (docs/providers/momo.md; seed 004 for the Partner Gateway payment).
// The options, requests and arguments are declared from the Rust types (./generated, written by the build):
// what the core refuses at run time does not compile.
import type { Balance, Callback, ClientOptions, ProviderError, Transaction } from '../index.js';
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
export type MtnMomoOptions = MtnMomoCoreOptions & Pick<ClientOptions, 'fetch' | 'tokenStore'>;

/** A balance of one MoMo product's account. */
export interface MtnMomoBalance extends Balance {
  product: MtnMomoProduct;
}

export class MtnMomo {
  constructor(options: MtnMomoOptions);
  /** Sandbox provisioning: POST /v1_0/apiuser, then POST /v1_0/apiuser/{id}/apikey. */
  static provisionSandboxUser(options: MtnMomoSandboxUserOptions & Pick<ClientOptions, 'fetch'>): Promise<MtnMomoSandboxUser>;

  /** A request to pay. Resolves pending; `reference` is the X-Reference-Id. */
  collect(request: MtnMomoRequestToPay): Promise<Transaction>;
  /** A disbursement transfer. */
  payout(request: MtnMomoTransfer): Promise<Transaction>;
  /** `status('<ref>')` reads a request to pay; `status({ reference, kind })` any operation. */
  status(reference: MtnMomoStatusRequest): Promise<Transaction>;
  /** Polls status until final or `timeoutMs` (default 60000) passed; `intervalMs` default 1000. */
  waitForFinal(reference: MtnMomoStatusRequest, options?: MtnMomoWaitOptions): Promise<Transaction>;
  balance(request?: MtnMomoBalanceQuery): Promise<MtnMomoBalance[]>;
  /** Unsigned: `verified` is always false. Confirm with confirmCallback before acting. */
  parseCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object, options?: MtnMomoCallbackOptions): Promise<Callback>;
  /** Reads a callback and re-queries its status: the confirmed transaction. */
  confirmCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object, options?: MtnMomoCallbackOptions): Promise<Transaction>;

  /** A ProviderError (providerCode = MTN's reason code) for a failed/expired/cancelled transaction, else null. */
  failureError(transaction: Transaction): ProviderError | null;

  // Collection
  requestToPay(request: MtnMomoRequestToPay): Promise<Transaction>;
  requestToPayDeliveryNotification(reference: string, notificationMessage: string): Promise<null>;
  requestToWithdraw(request: MtnMomoRequestToPay): Promise<Transaction>;
  requestToWithdrawV2(request: MtnMomoRequestToPay): Promise<Transaction>;
  createPayment(request: MtnMomoPayment): Promise<Transaction>;
  createInvoice(request: MtnMomoInvoice): Promise<Transaction>;
  /** Cancels a pending invoice; resolves to its status afterwards. */
  cancelInvoice(reference: string, options?: MtnMomoCancelInvoiceOptions): Promise<Transaction>;
  preApproval(request: MtnMomoPreApproval): Promise<Transaction>;
  validateAccountHolderStatus(request: MtnMomoAccountHolderQuery): Promise<boolean>;
  getBasicUserinfo(request: MtnMomoBasicUserInfoQuery): Promise<Record<string, unknown>>;

  // Disbursement
  transfer(request: MtnMomoTransfer): Promise<Transaction>;
  deposit(request: MtnMomoTransfer): Promise<Transaction>;
  depositV2(request: MtnMomoTransfer): Promise<Transaction>;
  refund(request: MtnMomoRefund): Promise<Transaction>;
  refundV2(request: MtnMomoRefund): Promise<Transaction>;

  // Remittance
  remittanceTransfer(request: MtnMomoTransfer): Promise<Transaction>;
  cashTransfer(request: MtnMomoCashTransfer): Promise<Transaction>;
}
