// MTN MoMo Open API (PROVIDERS.md §2; seed 004 for the Partner Gateway payment).
import type { AmountInput, Balance, Callback, ClientOptions, PaymentFields, ProviderError, Transaction } from '../index.js';

/** The documented X-Target-Environment values. */
export type MtnMomoTargetEnvironment =
  | 'sandbox'
  | 'mtncameroon'
  | 'mtnivorycoast'
  | 'mtnuganda'
  | 'mtnghana'
  | 'mtnzambia'
  | 'mtnbenin'
  | 'mtncongo'
  | 'mtnswaziland'
  | 'mtnguineaconakry'
  | 'mtnsouthafrica'
  | 'mtnliberia'
  | 'mtnsouthsudan'
  | 'mtnnigeria'
  | 'mtnrwanda';

export type MtnMomoProduct = 'collection' | 'disbursement' | 'remittance';

/**
 * What `status({ reference, kind })` reads: the operation that created the reference.
 * `requesttopay` (the default), `requesttowithdraw` / `requesttowithdrawV2`, `payment` (seed 004), `invoice`,
 * `preapproval` (Collection); `transfer`, `deposit` / `depositV2`, `refund` / `refundV2` (Disbursement);
 * `remittanceTransfer`, `cashTransfer` (Remittance).
 */
export type MtnMomoKind =
  | 'requesttopay'
  | 'requesttowithdraw'
  | 'requesttowithdrawV2'
  | 'payment'
  | 'invoice'
  | 'preapproval'
  | 'transfer'
  | 'deposit'
  | 'depositV2'
  | 'refund'
  | 'refundV2'
  | 'remittanceTransfer'
  | 'cashTransfer';

export interface MtnMomoOptions extends ClientOptions {
  /** One Ocp-Apim-Subscription-Key for every product. */
  subscriptionKey?: string;
  /** One key per product (wins over `subscriptionKey`); a product without a key cannot be called. */
  subscriptionKeys?: { collection?: string; disbursement?: string; remittance?: string };
  /** The API user (UUID v4). */
  apiUser: string;
  apiKey: string;
  targetEnvironment: MtnMomoTargetEnvironment;
  /** Default: https://sandbox.momodeveloper.mtn.com for 'sandbox', else https://proxy.momoapi.mtn.com. */
  baseUrl?: string;
  /** The default X-Callback-Url of creating calls (its host must be the API user's providerCallbackHost). */
  callbackUrl?: string;
  /**
   * The API user's providerCallbackHost (a host name, "example.com"), when you know it: a callbackUrl on another
   * host is then a ValidationError naming `callbackUrl` before anything is sent (MTN would answer 400
   * INVALID_CALLBACK_URL_HOST). MTN sends callbacks by PUT or POST; `parseCallback` reads either body.
   */
  providerCallbackHost?: string;
  /** The product `balance()` reads by default (else every product with a key). */
  product?: MtnMomoProduct;
}

/** MTN's Party: MSISDN = digits with the country code, no '+'; EMAIL; PARTY_CODE = a UUID. */
export interface MtnMomoParty {
  partyIdType: 'MSISDN' | 'EMAIL' | 'PARTY_CODE';
  partyId: string;
}

/**
 * Fields of every creating call besides MTN's own: the unified `amount`, `currency` (EUR in the sandbox),
 * `phone` (→ the MSISDN payer/payee, or the payment's customerReference), `description` (→ payerMessage,
 * senderNote or the invoice's description), `reference` / `referenceId` (→ X-Reference-Id, a UUID v4; made
 * when absent) and `callbackUrl` (→ X-Callback-Url). MTN's own fields win. Messages: at most 160 characters.
 */
export interface MtnMomoCommon extends Partial<PaymentFields> {
  referenceId?: string;
}

export interface MtnMomoRequestToPay extends MtnMomoCommon {
  externalId?: string;
  payer?: MtnMomoParty;
  payerMessage?: string;
  payeeNote?: string;
}

export interface MtnMomoTransfer extends MtnMomoCommon {
  externalId?: string;
  payee?: MtnMomoParty;
  payerMessage?: string;
  payeeNote?: string;
}

export interface MtnMomoRefund extends MtnMomoCommon {
  /** The X-Reference-Id of the collection to refund. */
  referenceIdToRefund: string;
  externalId?: string;
  payerMessage?: string;
  payeeNote?: string;
}

/** Seed 004's CreatePayments body. */
export interface MtnMomoPayment extends MtnMomoCommon {
  externalTransactionId?: string;
  money?: { amount: AmountInput; currency: string };
  customerReference?: string;
  serviceProviderUserName: string;
  couponId?: string;
  productId?: string;
  productOfferingId?: string;
  receiverMessage?: string;
  senderNote?: string;
  maxNumberOfRetries?: number;
  includeSenderCharges?: boolean;
}

export interface MtnMomoInvoice extends MtnMomoCommon {
  externalId?: string;
  /** Whole seconds; sent as a string ("3600"), as MTN's CreateInvoice definition types it. */
  validityDuration: number | string;
  intendedPayer?: MtnMomoParty;
  payee?: MtnMomoParty;
}

export interface MtnMomoPreApproval extends Omit<MtnMomoCommon, 'amount'> {
  payer?: MtnMomoParty;
  payerCurrency?: string;
  payerMessage?: string;
  /** Whole seconds. */
  validityTime: number | string;
}

/** The values of a cash transfer's payerIdentificationType (the enum of MTN's CashTransfer definition). */
export type MtnMomoPayerIdentificationType =
  | 'PASS'
  | 'CPFA'
  | 'SRSSA'
  | 'NRIN'
  | 'OTHR'
  | 'DRLC'
  | 'SOCS'
  | 'AREG'
  | 'IDCD'
  | 'EMID';

export interface MtnMomoCashTransfer extends MtnMomoTransfer {
  /** MTN's field name (sic); sent as written. */
  orginatingCountry?: string;
  /** The same field under its dictionary spelling: sent as `orginatingCountry` (give one of the two). */
  originatingCountry?: string;
  originalAmount?: AmountInput;
  originalCurrency?: string;
  payerIdentificationType?: MtnMomoPayerIdentificationType;
  payerIdentificationNumber?: string;
  payerIdentity?: string;
  payerFirstName?: string;
  payerSurName?: string;
  payerLanguageCode?: string;
  payerEmail?: string;
  payerMsisdn?: string;
  payerGender?: string;
}

/** A reference string (a request to pay) or `{ reference, kind }`. */
export type MtnMomoStatusRequest = string | { reference: string; kind?: MtnMomoKind };

export interface MtnMomoBalance extends Balance {
  product: MtnMomoProduct;
}

export interface MtnMomoCallbackOptions {
  /** The X-Reference-Id; required unless the body has `referenceId` (v2_0 payments, invoices). */
  reference?: string;
  kind?: MtnMomoKind;
}

export class MtnMomo {
  constructor(options: MtnMomoOptions);
  /** Sandbox provisioning: POST /v1_0/apiuser, then POST /v1_0/apiuser/{id}/apikey. */
  static provisionSandboxUser(options: {
    subscriptionKey: string;
    providerCallbackHost: string;
    baseUrl?: string;
    timeoutMs?: number;
    maxRetries?: number;
    fetch?: ClientOptions['fetch'];
  }): Promise<{ apiUser: string; apiKey: string }>;

  /** A request to pay. Resolves pending; `reference` is the X-Reference-Id. */
  collect(request: MtnMomoRequestToPay): Promise<Transaction>;
  /** A disbursement transfer. */
  payout(request: MtnMomoTransfer): Promise<Transaction>;
  /** `status('<ref>')` reads a request to pay; `status({ reference, kind })` any operation. */
  status(reference: MtnMomoStatusRequest): Promise<Transaction>;
  /** Polls status until final or `timeoutMs` (default 60000) passed; `intervalMs` default 1000. */
  waitForFinal(reference: MtnMomoStatusRequest, options?: { intervalMs?: number; timeoutMs?: number }): Promise<Transaction>;
  balance(request?: { product?: MtnMomoProduct; currency?: string }): Promise<MtnMomoBalance[]>;
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
  cancelInvoice(reference: string, options?: { externalId?: string }): Promise<Transaction>;
  preApproval(request: MtnMomoPreApproval): Promise<Transaction>;
  validateAccountHolderStatus(request: {
    product?: MtnMomoProduct;
    accountHolderIdType?: 'msisdn' | 'email' | 'party_code';
    accountHolderId: string;
  }): Promise<boolean>;
  getBasicUserinfo(request: { product?: MtnMomoProduct; msisdn: string }): Promise<Record<string, unknown>>;

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
