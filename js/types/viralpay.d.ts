// ViralPAY (seed 002; PROVIDERS.md §4).
import type { AmountInput, Balance, Callback, ClientOptions, PaymentFields, Transaction } from '../index.js';

/**
 * Paths of the ViralPAY functions. Seed 002 publishes only `/v1/token`; the others default to PROVIDERS.md §4's
 * choices and can be overridden one by one.
 */
export interface ViralPayPaths {
  /** default `/v1/token` */
  token?: string;
  /** default `/v1/account` */
  account?: string;
  /** default `/v1/balances` */
  balances?: string;
  /** default `/v1/transactions` */
  transactions?: string;
  /** default `/v1/transactions/status` */
  transactionStatus?: string;
  /** default `/v1/payments` */
  payments?: string;
  /** default `/v1/transfers` */
  transfers?: string;
  /** default `/v1/virements` */
  virements?: string;
  /** default `/v1/notifications` */
  notifications?: string;
}

export interface ViralPayOptions extends ClientOptions {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** Default `https://api-sandbox.viralpay.cm` (the production host is unpublished: pass it here). */
  baseUrl?: string;
  paths?: ViralPayPaths;
}

/**
 * collect / payout: the unified fields plus ViralPAY's own (which win). `reference` is the order_id. Seed 002's
 * payment and transfer bodies have no description field: `description` is accepted and not sent.
 */
export interface ViralPayPaymentRequest extends PaymentFields {
  /** ISO 3166 alpha-2, sent in lower case ("sn"). Required. */
  country: string;
  operator?: string;
  merchantKey?: string;
  /** Wins over `phone` (seed 002's `phone_number`; `number` is accepted too). */
  phoneNumber?: string;
  number?: string;
  /** The idempotency key (wins over `reference`); generated when absent. */
  orderId?: string;
  /** `reference_id`; the order id when absent. */
  referenceId?: string;
  lang?: 'en' | 'fr' | string;
  returnUrl?: string;
  cancelUrl?: string;
  /** Wins over `callbackUrl`. */
  notifyUrl?: string;
}

/** bankTransfer (seed 002, "Virements"). */
export interface ViralPayBankTransferRequest {
  amount: AmountInput;
  currency: string;
  country: string;
  accountBank: string;
  accountNumber: string;
  /** Wins over `description`. */
  narration?: string;
  description?: string;
  /** Defaults to `currency`. */
  debitCurrency?: string;
  operator?: string;
  /** The order_id (idempotency key); generated when absent. */
  reference?: string;
  orderId?: string;
  /** Sent as seed 002's `reference`; the order id when absent. */
  referenceId?: string;
  /** Sent as `notif_url`; `notifyUrl` and `callbackUrl` are accepted too. */
  notifUrl?: string;
  notifyUrl?: string;
  callbackUrl?: string;
  lang?: string;
  returnUrl?: string;
  cancelUrl?: string;
}

export type ViralPayStatusRequest =
  | string
  | { reference?: string; orderId?: string; transactionId?: string; referenceId?: string };

export interface ViralPayAccount {
  businessName?: string;
  businessId?: string;
  quater?: string;
  phoneNumber?: string;
  raw: unknown;
}

export interface ViralPayTransactionList {
  transactions: Transaction[];
  raw: unknown;
}

export interface ViralPayNotificationResult {
  /** What the merchant's endpoint answered (seed 002: "Error sent by merchant"). */
  status?: number;
  message?: string;
  requestIp?: string;
  raw: unknown;
}

export class ViralPay {
  constructor(options: ViralPayOptions);
  collect(request: ViralPayPaymentRequest): Promise<Transaction>;
  payout(request: ViralPayPaymentRequest): Promise<Transaction>;
  bankTransfer(request: ViralPayBankTransferRequest): Promise<Transaction>;
  status(reference: ViralPayStatusRequest): Promise<Transaction>;
  balance(): Promise<Balance[]>;
  account(): Promise<ViralPayAccount>;
  transactions(query: { size: number; dateBegin?: string; dateEnd?: string }): Promise<ViralPayTransactionList>;
  notifications(request: { transactionId: string; orderId?: string }): Promise<ViralPayNotificationResult>;
  /** Unsigned: `verified` is false; confirm with status(). */
  parseCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object): Promise<Callback>;
  /** Confirms the notification with a status query: `verified: true`, or a SignatureError on disagreement. */
  confirmCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object): Promise<Callback>;
}
