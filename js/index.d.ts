// Type declarations of the payrail package (every runtime entry exports the same API).

/** The stable codes of PayrailError. */
export type PayrailErrorCode =
  | 'validation_error'
  | 'auth_error'
  | 'provider_error'
  | 'network_error'
  | 'timeout'
  | 'rate_limited'
  | 'signature_mismatch'
  | 'parse_error'
  | 'unsupported'
  | 'internal_error';

/** What kind of problem an error is. */
export type PayrailErrorCategory =
  | 'validation'
  | 'auth'
  | 'provider'
  | 'network'
  | 'timeout'
  | 'rate_limited'
  | 'signature'
  | 'parse'
  | 'unsupported';

export type ProviderName = 'unipesa' | 'momo' | 'cinetpay' | 'viralpay' | 'alianspay';

/** Every error payrail throws. Messages never contain a secret. */
export class PayrailError extends Error {
  readonly code: PayrailErrorCode;
  readonly category: PayrailErrorCategory;
  readonly provider?: ProviderName;
  readonly httpStatus?: number;
  readonly providerCode?: string;
  readonly retryable: boolean;
  /** For validation errors: the input concerned (`"amount"`, `"extra.customer_name"`). */
  readonly field?: string;
  /** For provider errors: the normalised reason. */
  readonly reason?: Reason;
  /** For rate limits: the wait the provider asked for. */
  readonly retryAfterMs?: number;
  /** For time-outs: the limit that was reached. */
  readonly timeoutMs?: number;
}
export class ValidationError extends PayrailError {}
export class AuthError extends PayrailError {}
export class ProviderError extends PayrailError {}
export class NetworkError extends PayrailError {}
export class TimeoutError extends PayrailError {}
export class RateLimitError extends PayrailError {}
export class SignatureError extends PayrailError {}
export class ParseError extends PayrailError {}
export class UnsupportedError extends PayrailError {}

export type Status = 'pending' | 'success' | 'failed' | 'cancelled' | 'expired' | 'unknown';
export type Reason =
  | 'insufficient_funds'
  | 'account_not_found'
  | 'rejected'
  | 'expired'
  | 'limit_reached'
  | 'not_allowed'
  | 'invalid_pin'
  | 'provider_unavailable'
  | 'provider_error'
  | 'cancelled'
  | 'other';

/** A money amount: a decimal string ("1500", "100.50") or a number exactly representable with two decimals. */
export type AmountInput = string | number;

export interface Transaction {
  provider: ProviderName;
  /** What status() takes: the idempotency key the SDK sent (Unipesa order_id...). */
  reference: string;
  status: Status;
  reason?: Reason;
  providerStatus: string;
  transactionId?: string;
  amount?: string;
  currency?: string;
  redirectUrl?: string;
  /** Unipesa: non-zero when a confirming payout must follow (confirmPayout). */
  confirmType?: number;
  raw: unknown;
}

export interface Callback {
  provider: ProviderName;
  reference: string;
  status: Status;
  reason?: Reason;
  providerStatus: string;
  /** true when a signature was checked; false when the provider signs nothing (confirm by status). */
  verified: boolean;
  operation?: string;
  transactionId?: string;
  amount?: string;
  raw: unknown;
}

export interface Balance {
  provider: ProviderName;
  available: string;
  currency: string;
  raw: unknown;
}

/** Options every client takes. */
export interface ClientOptions {
  /** Overrides the provider's API host (a white-label host, or the local sandbox). */
  baseUrl?: string;
  /** Per-attempt time limit in ms (default 30000). */
  timeoutMs?: number;
  /** Retries of idempotent calls on network errors, 429 and 5xx (default 2). */
  maxRetries?: number;
  /** A fetch to use instead of the global one: called with one `Request` (method, headers, body, abort signal). */
  fetch?: (input: Request, init?: RequestInit) => Promise<Response>;
  /**
   * Token-based providers (MtnMomo, CinetPay, ViralPay): share access tokens between instances (edge isolates)
   * through this store; in memory per client by default. Keys never contain a secret.
   */
  tokenStore?: TokenStore;
}

/** A shared store for access tokens: sync or async get/set; failures are treated as a miss. */
export interface TokenStore {
  get(key: string): Promise<string | null | undefined> | string | null | undefined;
  set(key: string, value: string, ttlSeconds: number): Promise<unknown> | unknown;
}

/** An in-memory TokenStore shared by every client given the same object. */
export function memoryTokenStore(): TokenStore;
/** A TokenStore over a Cloudflare Workers KV namespace binding. */
export function workersKvTokenStore(namespace: {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
}): TokenStore;

/** The unified payment fields every provider accepts. */
export interface PaymentFields {
  amount: AmountInput;
  currency: string;
  phone?: string;
  /** The idempotency key; generated when absent. */
  reference?: string;
  callbackUrl?: string;
  description?: string;
  country?: string;
}

// ---- Pure helpers ----
export function signUnipesa(payload: object | string, secretKey: string): string;
export function verifyUnipesaSignature(payload: object | string, secretKey: string): boolean;
export function unipesaStringToSign(payload: object | string): string;
export function totp(
  secret: string | Uint8Array,
  opts?: {
    unixTime?: number;
    period?: number;
    digits?: number;
    algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
    encoding?: 'utf8' | 'base32';
  },
): string;
export function aliansPayOtp(otpSecretCode: string, unixTime?: number): string;

// ---- Unipesa ----
export interface UnipesaOptions extends ClientOptions {
  publicId: string;
  merchantId: string;
  secretKey: string;
  /** Check requests against seed 003's country/provider tables before sending (default true). */
  validate?: boolean;
}

export interface UnipesaPaymentRequest extends PaymentFields {
  /** Unipesa's customer_id (wins over `phone`). */
  customerId?: string;
  /** Unipesa's order_id (wins over `reference`). */
  orderId?: string;
  /** The provider (operator) id; 14 is the simulator. */
  providerId: number | string;
  /** Provider-specific fields (customer_name, otp, bank_code...), sent in the order given. */
  extra?: Record<string, unknown>;
}

export interface UnipesaConfirmRequest extends UnipesaPaymentRequest {
  /** The confirmation data, added to `extra` of the second payment_b2c. */
  confirmation: Record<string, unknown>;
}

export type UnipesaStatusRequest =
  | string
  | { reference?: string; orderId?: string; customerId?: string; phone?: string; extra?: Record<string, unknown> };

export class Unipesa {
  constructor(options: UnipesaOptions);
  collect(request: UnipesaPaymentRequest): Promise<Transaction>;
  payout(request: UnipesaPaymentRequest): Promise<Transaction>;
  confirmPayout(request: UnipesaConfirmRequest): Promise<Transaction>;
  status(reference: UnipesaStatusRequest): Promise<Transaction>;
  /** Unipesa has no balance endpoint: rejects with an UnsupportedError. */
  balance(): Promise<Balance[]>;
  parseCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object): Promise<Callback>;
}

export * from './types/cinetpay.js';
export * from './types/momo.js';
export * from './types/viralpay.js';
export * from './types/alianspay.js';
