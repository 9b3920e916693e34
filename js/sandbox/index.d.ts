// Type declarations of `payrail/sandbox`: the local server that speaks the five providers' APIs (README.md
// beside this file says what every option, endpoint and fault does).

/** The providers the sandbox serves. */
export type SandboxProviderName = 'unipesa' | 'momo' | 'cinetpay' | 'viralpay' | 'alianspay';

/** Faults that replace or lose a response. */
export type SandboxResponseFault =
  | '429'
  | '500'
  | '502'
  | '503'
  | 'slow'
  | 'reset'
  | 'truncated-json'
  | 'wrong-content-type'
  | 'empty-body';
/** Faults of an operation's callback (its response is normal). */
export type SandboxCallbackFault = 'duplicate-callback' | 'forged-callback';
/** Every fault name: a response fault, its `-after` variant (executed, then the answer lost), a callback fault. */
export type SandboxFault = SandboxResponseFault | `${SandboxResponseFault}-after` | SandboxCallbackFault;

/** A queued fault: it hits the next `times` requests that match `provider`, `method` and `path` (a substring). */
export interface SandboxFaultSpec {
  provider?: SandboxProviderName | string | null;
  method?: string | null;
  path?: string | null;
  fault: SandboxFault;
  /** Default 1. */
  times?: number;
  /** Seconds of the `429` fault's Retry-After (default 1). */
  retryAfter?: number | null;
  /** Milliseconds of the `slow` fault (default `slowDelayMs`). */
  delayMs?: number | null;
}

/** A queued fault as stored. */
export interface SandboxStoredFault {
  id: number;
  provider: string | null;
  method: string | null;
  path: string | null;
  fault: SandboxFault;
  times: number;
  remaining: number;
  retryAfter: number | null;
  delayMs: number | null;
}

/** One request the sandbox received. `path` is the path after the provider's prefix. */
export interface SandboxRequest {
  seq: number;
  time: number;
  provider: string;
  method: string;
  path: string;
  url: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The parsed JSON, the form object or the raw text. */
  body: unknown;
  rawBody: string;
  /** `null` when the connection was reset. */
  status: number | null;
  fault: string | null;
}

/** One operation that really moved money (an idempotent replay is not one). */
export interface SandboxExecution {
  seq: number;
  time: number;
  provider: string;
  operation: string;
  key?: string;
  amount?: unknown;
  [extra: string]: unknown;
}

/** One callback delivery and what the receiving route answered. */
export interface SandboxCallback {
  seq: number;
  time: number;
  provider: string;
  reference: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  fault: string | null;
  /** 2 for the second delivery of a `duplicate-callback`. */
  copy?: number;
  /** The route's HTTP status; `null` until answered, or when it failed (`error`). */
  status: number | null;
  responseBody?: string;
  error?: string;
}

/** The sandbox's fixed test credentials, per provider (each overridable through the provider's options). */
export interface SandboxCredentials {
  unipesa: { publicId: string; merchantId: string; secretKey: string };
  momo: {
    subscriptionKey: string;
    apiUser: string;
    apiKey: string;
    targetEnvironment: 'sandbox';
    subscriptionKeys?: { collection: string; disbursement: string; remittance: string };
  };
  cinetpay: { apiKey: string; password: string };
  viralpay: { clientId: string; clientSecret: string; username: string; password: string };
  alianspay: { guid: string };
}

/** The options of startSandbox (README.md beside this file, "startSandbox(options)"). */
export interface SandboxOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default '127.0.0.1'. Never expose the sandbox: it hands out its credentials. */
  host?: string;
  /** The clock every provider reads, in ms; a number freezes it. */
  now?: number | (() => number);
  /** How long a transaction stays pending (default 300 ms). */
  finalDelayMs?: number;
  /** Delay between the final status and the callback (default 100 ms). */
  callbackDelayMs?: number;
  /** Delay of the `slow` fault without `x-sandbox-delay-ms` (default 5000 ms). */
  slowDelayMs?: number;
  /** How long a callback delivery may take before it is logged as failed (default 5000 ms). */
  callbackTimeoutMs?: number;
  /** Faults installed at start and again by reset(). */
  faults?: SandboxFaultSpec[];
  /** Called with each request-log entry once its response is done. */
  onRequest?: (entry: SandboxRequest) => void;
  /** Extra provider factories (custom providers, framework tests). */
  providers?: Array<(ctx: unknown) => { name: string; prefix: string; handle(req: unknown): unknown }>;
  unipesa?: Record<string, unknown>;
  momo?: Record<string, unknown>;
  cinetpay?: Record<string, unknown>;
  viralpay?: Record<string, unknown>;
  alianspay?: Record<string, unknown>;
}

/** A running sandbox. */
export interface Sandbox {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** `url` + each provider's prefix: the `baseUrl` option of the payrail clients. */
  readonly baseUrls: Record<SandboxProviderName, string>;
  readonly credentials: SandboxCredentials;
  requests(): SandboxRequest[];
  executions(): SandboxExecution[];
  callbacks(): SandboxCallback[];
  faultCounts(): Record<string, number>;
  injectFault(spec: SandboxFaultSpec): SandboxStoredFault;
  pendingFaults(): SandboxStoredFault[];
  /**
   * Sends that transaction's callback now (its current status); `false` for an unknown reference. Options:
   * `fault` (a callback fault), `url` / `callbackUrl` (another receiver), `method` (MoMo: 'PUT' or 'POST').
   */
  triggerCallback(
    provider: SandboxProviderName | string,
    reference: string,
    options?: { fault?: SandboxCallbackFault; url?: string; callbackUrl?: string; method?: string },
  ): boolean;
  errors(): unknown[];
  reset(): void;
  close(): Promise<void>;
}

/** Starts a sandbox on 127.0.0.1 (any free port by default). */
export function startSandbox(options?: SandboxOptions): Promise<Sandbox>;
/** The provider modules of the sandbox that exist. */
export function loadProviderModules(
  names?: readonly string[],
): Promise<Array<{ name: string; createProvider: (ctx: unknown) => object }>>;

export const PROVIDER_NAMES: readonly SandboxProviderName[];
export const FAULT_NAMES: readonly SandboxFault[];
export const RESPONSE_FAULTS: readonly SandboxResponseFault[];
export const CALLBACK_FAULTS: readonly SandboxCallbackFault[];

// The sandbox's own implementations, for tests that speak to it in raw HTTP (independent of payrail's core).

/** A JSON text (signed as written), a Map from parseOrderedJson, or an object (signed as JSON.stringify writes it). */
export type UnipesaPayload = string | Map<string, unknown> | object;
/** Lower-case hex HMAC-SHA512 of the payload's string to sign, keyed with the secret key's UTF-8 bytes. */
export function signUnipesa(payload: UnipesaPayload, secretKey: string): string;
/** Checks the top-level `signature` in constant time; false (never throws) for anything malformed. */
export function verifyUnipesaSignature(payload: UnipesaPayload, secretKey: string): boolean;
/** The string a Unipesa signature covers. */
export function unipesaStringToSign(payload: UnipesaPayload): string;
/** A number as PHP's string conversion writes it (precision 14). */
export function phpFloatString(x: number): string;
/** Thrown for a payload nested deeper than the signature reads. */
export class UnipesaSignatureDepthError extends Error {}

/** A JSON number token, kept as written. */
export class JsonNumber {
  constructor(raw: string);
  readonly raw: string;
  readonly isIntegerToken: boolean;
  valueOf(): number;
  toString(): string;
  toJSON(): number;
}
/** JSON text read keeping key order (objects as Maps) and number spellings (JsonNumber). */
export function parseOrderedJson(text: string): unknown;
/** JSON text of a value from parseOrderedJson, in its order and spellings. */
export function stringifyOrdered(value: unknown): string;
/** The entries of a Map or an object, in order. */
export function entriesOf(obj: unknown): Array<[string, unknown]>;
/** A value from parseOrderedJson as plain objects and numbers. */
export function toPlain(value: unknown): unknown;

/** RFC 4226 HOTP. */
export function hotp(key: string | Uint8Array, counter: number | bigint, options?: { digits?: number; algorithm?: string }): string;
/** RFC 6238 TOTP. */
export function totp(
  key: string | Uint8Array,
  options?: { unixTime?: number; period?: number; digits?: number; algorithm?: string; t0?: number },
): string;
/** The AliansPay OTP of a guid (6 digits, 30 s, SHA-1). */
export function aliansPayOtp(guid: string, unixTime?: number): string;
/** Checks a code against the current and nearby time steps, in constant time. */
export function verifyTotp(
  key: string | Uint8Array,
  code: string,
  options?: {
    unixTime?: number;
    period?: number;
    digits?: number;
    algorithm?: string;
    t0?: number;
    pastWindows?: number;
    futureWindows?: number;
  },
): { ok: boolean; delta: number | null };

export const DEFAULT_UNIPESA_CREDENTIALS: Readonly<{ publicId: string; merchantId: string; secretKey: string }>;
/** Unipesa's operation status codes (docs/providers/unipesa.md). */
export const UNIPESA_STATUS: Readonly<{
  UNDEFINED: -1;
  INITIATED: 0;
  IN_PROGRESS: 1;
  SUCCESS: 2;
  FAILED: 3;
  CANCELLED: 4;
}>;
