// Type declarations of the payrail package (every runtime entry exports the same API).

import type {
  AmountInput,
  AttemptEvent,
  CallOptions,
  PayrailHooks,
  Balance,
  Callback,
  CallbackOptions,
  PayrailErrorCategory,
  PayrailErrorCode,
  PayrailErrorInfo,
  ProviderName,
  Reason,
  Status,
  Transaction,
  UnipesaConfirmRequest,
  UnipesaOptions as UnipesaCoreOptions,
  UnipesaPaymentRequest,
  UnipesaStatusQuery,
  UnipesaStatusRequest,
} from './types/generated';

// Inputs, results and errors are declared from the Rust types (types/generated.d.ts, written by the build).
export type {
  AmountInput,
  AttemptEvent,
  CallOptions,
  PayrailHooks,
  Balance,
  Callback,
  CallbackOptions,
  PayrailErrorCategory,
  PayrailErrorCode,
  PayrailErrorInfo,
  ProviderName,
  Reason,
  Status,
  Transaction,
  UnipesaConfirmRequest,
  UnipesaPaymentRequest,
  UnipesaStatusQuery,
  UnipesaStatusRequest,
};

/** Every error payrail throws: the properties of PayrailErrorInfo (generated from the Rust error). */
export interface PayrailError extends Readonly<Omit<PayrailErrorInfo, 'message' | 'cause'>> {}
/** Every error payrail throws. Messages never contain a secret. */
export class PayrailError extends Error {}
export class ValidationError extends PayrailError {}
export class AuthError extends PayrailError {}
export class ProviderError extends PayrailError {}
export class NetworkError extends PayrailError {}
export class TimeoutError extends PayrailError {}
export class RateLimitError extends PayrailError {}
export class SignatureError extends PayrailError {}
export class ParseError extends PayrailError {}
export class UnsupportedError extends PayrailError {}

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
  /** Called for every attempt of every call (request, response, retry, error), secrets masked. */
  hooks?: PayrailHooks;
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
/** The options of `new Unipesa(...)`: the core's (generated) and the JS-only `fetch`. */
export interface UnipesaOptions extends UnipesaCoreOptions, Pick<ClientOptions, 'fetch' | 'hooks'> {}

export class Unipesa {
  constructor(options: UnipesaOptions);
  collect(request: UnipesaPaymentRequest, options?: CallOptions): Promise<Transaction>;
  payout(request: UnipesaPaymentRequest, options?: CallOptions): Promise<Transaction>;
  confirmPayout(request: UnipesaConfirmRequest): Promise<Transaction>;
  status(reference: UnipesaStatusRequest, options?: CallOptions): Promise<Transaction>;
  /** Unipesa has no balance endpoint: rejects with an UnsupportedError. */
  balance(options?: CallOptions): Promise<Balance[]>;
  parseCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object, options?: CallbackOptions): Promise<Callback>;
}

export * from './types/cinetpay.js';
export * from './types/momo.js';
export * from './types/viralpay.js';
export * from './types/alianspay.js';
