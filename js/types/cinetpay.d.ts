// CinetPay Transfer (payout) API v1 (seed 001, PROVIDERS.md §3).
import type { AmountInput, Balance, Callback, ClientOptions, PaymentFields, Transaction } from '../index.js';

export interface CinetPayOptions extends ClientOptions {
  /** The merchant's apikey. */
  apiKey: string;
  /** The transfer API password (set in the CinetPay back-office). */
  password: string;
  /** Language of CinetPay's messages, sent as `lang` on every call (default "fr"). */
  lang?: 'fr' | 'en';
  /** Currency of the transfer account: balances and the default of payouts (default "XOF"; the API names none). */
  currency?: string;
}

/** A payout: the unified fields plus CinetPay's own (which win where both are given). */
export interface CinetPayPayoutRequest extends Omit<PaymentFields, 'currency'> {
  /** Whole units (CinetPay transfers have no cents). */
  amount: AmountInput;
  /** Defaults to the payee country's currency (XOF, XAF...), else the client's `currency`. */
  currency?: string;
  /** International ("+225 07 07 00 00 00") or, with `prefix`, national. */
  phone: string;
  /** The country calling code ("225"); derived from an international `phone` when absent. */
  prefix?: string;
  /** CinetPay's client_transaction_id (wins over `reference`); generated once when both are absent. */
  clientTransactionId?: string;
  /** Where CinetPay POSTs the notification (required: 725 MISSING_NOTIFY_URL). `notifyUrl` wins. */
  callbackUrl?: string;
  notifyUrl?: string;
  /** `description` (from PaymentFields) is accepted but not sent: CinetPay transfers have no such field. */
  /** The payee as a CinetPay contact (added before the transfer; "already a contact" is fine). */
  name: string;
  surname: string;
  email: string;
}

export interface CinetPayContact {
  /** Country calling code; derived from an international `phone` when absent. */
  prefix?: string;
  phone: string;
  name: string;
  surname: string;
  email: string;
}

export interface CinetPayContactResult {
  prefix: string;
  phone: string;
  /** 0 added, 726 already a contact, anything else refused. */
  code: number;
  /** true for 0 and 726. */
  ok: boolean;
  /** "added", "already_contact", or CinetPay's message of the refusal. */
  status: string;
  raw: unknown;
}

export interface CinetPayTransfer {
  prefix?: string;
  phone: string;
  amount: AmountInput;
  currency?: string;
  notifyUrl?: string;
  callbackUrl?: string;
  /** Generated once when absent (also accepted as `reference`). */
  clientTransactionId?: string;
  reference?: string;
}

export type CinetPayStatusRequest =
  | string
  | { reference?: string; clientTransactionId?: string; transactionId?: string };

export type CinetPayNotification = string | Uint8Array | ArrayBuffer | URLSearchParams | Record<string, unknown>;

export class CinetPay {
  constructor(options: CinetPayOptions);
  /** Not in CinetPay's transfer API: rejects with an UnsupportedError. */
  collect(request?: unknown): Promise<never>;
  payout(request: CinetPayPayoutRequest): Promise<Transaction>;
  status(reference: CinetPayStatusRequest): Promise<Transaction>;
  /**
   * One Balance per country (`raw.country` its ISO code, `currency` that country's) when CinetPay answers
   * `countryBalance`; else one, of the whole account, in the client's `currency`.
   */
  balance(): Promise<Balance[]>;
  addContacts(contacts: CinetPayContact[]): Promise<CinetPayContactResult[]>;
  sendMoney(transfers: CinetPayTransfer[]): Promise<Transaction[]>;
  /** Unsigned: `verified` is false. An empty body (the liveness GET) rejects with a ValidationError. */
  parseCallback(body: CinetPayNotification, headers?: object): Promise<Callback>;
  /** What check/money says about the notified transfer. */
  confirmCallback(body: CinetPayNotification, headers?: object): Promise<Transaction>;
  /** true for CinetPay's liveness GET (or an empty body): answer it HTTP 200. */
  isLivenessPing(method: string, body?: CinetPayNotification): boolean;
  toJSON(): { provider: 'cinetpay' };
}
