// AliansPay (seed 000; PROVIDERS.md §5).
import type { Balance, Callback, ClientOptions, PaymentFields, Transaction } from '../index.js';

/** Seed 000's payment-method codes (case-sensitive). */
export type AliansPayMethod = 'OM' | 'MOMO' | 'AP' | 'VISA_MASTERCARD' | 'WAVE' | 'TMoney' | 'MOOV';

export interface AliansPayOptions extends ClientOptions {
  /** The partner's otp-secret-code (a GUID): sent in the guid header and the key of every OTP. A secret. */
  guid: string;
  /** Unpublished; default `https://api.alianspay.com`. */
  baseUrl?: string;
  /** Unpublished paths; defaults of PROVIDERS.md §5. */
  paths?: {
    /** default `/api/v1/collection` */
    collection?: string;
    /** default `/api/v1/disbursement` */
    disbursement?: string;
    /** default `/api/v1/transaction/{externalTransactionId}` (the placeholder is required) */
    transaction?: string;
    /** default `/api/v1/balance` */
    balance?: string;
  };
  /** Unpublished header names; defaults `guid` and `otp`. */
  headerNames?: { guid?: string; otp?: string };
}

/**
 * collect / payout. `phone` (country code first) is sent as AliansPay's `reference`; the unified `reference` is the
 * idempotency key `externalTransactionId` (which wins when both are given), generated when absent.
 * Checked before sending against seed 000's country × method × currency table.
 */
export interface AliansPayRequest extends PaymentFields {
  moyenPayment: AliansPayMethod;
  phone: string;
  externalTransactionId?: string;
  /** CM, SN, TG, TD or GN: only checked (the phone's country code must match), not sent. */
  country?: string;
}

export type AliansPayStatusRequest = string | { reference?: string; externalTransactionId?: string };

export class AliansPay {
  constructor(options: AliansPayOptions);
  collect(request: AliansPayRequest): Promise<Transaction>;
  payout(request: AliansPayRequest): Promise<Transaction>;
  status(reference: AliansPayStatusRequest): Promise<Transaction>;
  balance(): Promise<Balance[]>;
  /** Unsigned: `verified` is false. */
  parseCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object): Promise<Callback>;
  /** Confirms the callback with a status query: `verified: true`, or a SignatureError on disagreement. */
  confirmCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object): Promise<Callback>;
}
