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
  /** Retries of idempotent calls on network errors and on 408, 429, 500, 502, 503, 504 (not 501), default 2. */
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
/**
 * Loads the entry's WebAssembly module; resolves when every call can be made. In Node, Bun, Deno, Cloudflare
 * Workers and Next's edge runtime the module is loaded at import and this resolves at once. In a browser entry
 * (and the `/inline` ones) nothing loads at import: the asynchronous calls load the module themselves, so
 * `await init()` is needed only before a synchronous call (`signUnipesa`, `totp`, `aliansPayOtp`,
 * `failureError`, or to have a client's options checked by its constructor). A failed load rejects with a
 * NetworkError (`code: 'wasm_load_failed'`), and the next call tries again.
 */
export function init(): Promise<void>;

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

// ---- Webhooks (js/webhooks.js) and the Redis token store ----
import type { MtnMomo, MtnMomoKind } from './types/momo.js';
import type { CinetPay } from './types/cinetpay.js';
import type { ViralPay } from './types/viralpay.js';
import type { AliansPay } from './types/alianspay.js';

/** Any payrail client: what the webhook handlers take. */
export type PayrailClient = Unipesa | MtnMomo | CinetPay | ViralPay | AliansPay;

/** What onCallback is told besides the callback. */
export interface WebhookContext {
  provider: ProviderName;
  /** The request, as a WHATWG Request (nodeWebhookHandler: its method, URL and headers, without the body). */
  request: Request;
}

/**
 * The options of webhookHandler and nodeWebhookHandler. The answers: 200 `{"received":true}` once onCallback
 * resolved (`"duplicate":true` when it had been handled already); 200 `OK` to CinetPay's liveness GET; 401 to a
 * forged callback (a bad Unipesa signature, or an unsigned callback the status read contradicts), which never
 * reaches onCallback; 400 to a body that cannot be read or names a reference the provider does not know; 405 to
 * another method (MoMo: PUT and POST; the others POST); 413 past `maxBodyBytes`; 500 when onCallback threw (the
 * provider may retry: the callback is not remembered); 503 when the status read or the dedupe store failed for
 * now. Error answers carry `{ error: code, field? }`, never a message or the body.
 */
export interface WebhookOptions {
  /**
   * Called once per distinct callback (provider + reference + status + transaction id) with the verified
   * (Unipesa) or confirmed (the others: `verified: true`, status and reason of the status read) callback.
   * Store it before resolving: the provider is answered 200 only then.
   */
  onCallback(callback: Callback, context: WebhookContext): unknown;
  /** Told of every refused or failed callback (for logs): the error and the HTTP status answered. */
  onError?(error: unknown, context: { provider: ProviderName; status: number }): unknown;
  /**
   * Where handled callbacks are remembered, so a callback delivered twice (MoMo and CinetPay repeat them) or to
   * two instances reaches onCallback once: a TokenStore (`redisTokenStore(redis)`, `workersKvTokenStore(env.KV)`,
   * `memoryTokenStore()`). Default: a bounded in-memory store per handler (one instance only); `false`: none.
   */
  dedupe?: TokenStore | false;
  /** How long a handled callback is remembered, in seconds (default 604800, 7 days). */
  dedupeTtlSeconds?: number;
  /**
   * MoMo: the X-Reference-Id of the callback (MTN's callbacks carry none). Default: the URL's `?reference=`, else
   * its last path segment when it is a UUID (`callbackUrl: 'https://shop.example/momo/<reference>'`).
   */
  reference?(request: Request): string | undefined | Promise<string | undefined>;
  /** MoMo: the kind of operation (`'transfer'`...; default the URL's `?kind=`, else `'requesttopay'`). */
  kind?: MtnMomoKind | ((request: Request) => string | undefined | Promise<string | undefined>);
  /** The largest body read, in bytes (default 65536); a longer one is answered 413. */
  maxBodyBytes?: number;
}

/**
 * A WHATWG handler for one client's callbacks: a Worker's `fetch`, a Next.js route handler
 * (`export const POST = webhookHandler(client, opts)`), Hono (`(c) => handler(c.req.raw)`), `Deno.serve`,
 * `Bun.serve`. It reads the raw body, verifies or confirms it, and answers as WebhookOptions says.
 */
export function webhookHandler(client: PayrailClient, options: WebhookOptions): (request: Request) => Promise<Response>;

/** The part of a node:http request the Node handler reads (Express and Fastify's raw request are ones). */
export interface NodeWebhookRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body, when a framework read it already (express.raw(), a Fastify content-type parser). */
  rawBody?: string | Uint8Array;
  body?: unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** The part of a node:http response the Node handler writes. */
export interface NodeWebhookResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * A node:http / Express / Fastify (`reply.raw`) handler for one client's callbacks. It reads the raw body itself
 * unless `req.rawBody` or `req.body` is a Buffer or a string; a body already parsed to an object (express.json()
 * first) cannot be verified and is answered 500 `raw_body_unavailable`.
 */
export function nodeWebhookHandler(
  client: PayrailClient,
  options: WebhookOptions,
): (req: NodeWebhookRequest, res: NodeWebhookResponse) => Promise<void>;

/** A connected node-redis (v4+) or ioredis client: the commands redisTokenStore sends. */
export interface RedisLikeClient {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, ...args: any[]): Promise<unknown>;
  eval(script: string, ...args: any[]): Promise<unknown>;
}

/** A TokenStore that can also drop the lock a missed `get` took (used by the webhook handlers). */
export interface LockingTokenStore extends TokenStore {
  release(key: string): Promise<void>;
}

/**
 * A TokenStore on Redis for a fleet of processes: SET with EX, and one login across processes (a missed `get`
 * takes `SET key:lock <random> NX PX lockMs`; the others wait for the value). Also a `dedupe` store.
 */
export function redisTokenStore(
  client: RedisLikeClient,
  options?: {
    /** How long a lock lives, in ms (default 5000). */
    lockMs?: number;
    /** How often a waiting `get` reads again, in ms (default 50). */
    pollMs?: number;
    /** How long a `get` waits for another process's value before it answers a miss, in ms (default lockMs + 1000). */
    waitMs?: number;
  },
): LockingTokenStore;
