// Error classes thrown by every payrail call. One class per category, all `instanceof PayrailError`,
// each carrying the stable `code` of the Rust core (see index.d.ts: PayrailErrorCode).

export class PayrailError extends Error {
  constructor(info = {}) {
    // A network error's `cause` is what the runtime said (the core keeps its words, never a URL or a header).
    const cause = info.cause === undefined ? undefined : new Error(String(info.cause?.message ?? info.cause));
    super(info.message ?? 'payrail error', cause === undefined ? undefined : { cause });
    this.name = 'PayrailError';
    this.code = info.code ?? 'unknown_error';
    this.category = info.category ?? 'provider';
    this.retryable = Boolean(info.retryable);
    // `reference` and `outcome` ('not_sent' | 'rejected' | 'unknown'): set on every error of a call that moves
    // money (README, "Errors and outcomes").
    const keys = ['provider', 'httpStatus', 'providerCode', 'field', 'reason', 'retryAfterMs', 'timeoutMs', 'reference', 'outcome', 'requestId'];
    for (const k of keys) {
      if (info[k] !== undefined) this[k] = info[k];
    }
  }
}

export class ValidationError extends PayrailError { constructor(i) { super(i); this.name = 'ValidationError'; } }
export class AuthError extends PayrailError { constructor(i) { super(i); this.name = 'AuthError'; } }
export class ProviderError extends PayrailError { constructor(i) { super(i); this.name = 'ProviderError'; } }
export class NetworkError extends PayrailError { constructor(i) { super(i); this.name = 'NetworkError'; } }
export class TimeoutError extends PayrailError { constructor(i) { super(i); this.name = 'TimeoutError'; } }
export class RateLimitError extends PayrailError { constructor(i) { super(i); this.name = 'RateLimitError'; } }
export class SignatureError extends PayrailError { constructor(i) { super(i); this.name = 'SignatureError'; } }
export class ParseError extends PayrailError { constructor(i) { super(i); this.name = 'ParseError'; } }
export class UnsupportedError extends PayrailError { constructor(i) { super(i); this.name = 'UnsupportedError'; } }

const BY_CATEGORY = {
  validation: ValidationError,
  auth: AuthError,
  provider: ProviderError,
  network: NetworkError,
  timeout: TimeoutError,
  rate_limited: RateLimitError,
  signature: SignatureError,
  parse: ParseError,
  unsupported: UnsupportedError,
};

/** A PayrailError of the right class from the core's error description. */
export function errorFromInfo(info) {
  const Cls = BY_CATEGORY[info.category] ?? PayrailError;
  return new Cls(info);
}

/**
 * What a call threw, as a PayrailError: the core throws PayrailErrors itself (made by `errorFromInfo` from its
 * error description); anything else is wrapped as an internal error, never passed through raw.
 */
export function toPayrailError(thrown, provider) {
  if (thrown instanceof PayrailError) {
    if (provider && thrown.provider === undefined) thrown.provider = provider;
    return thrown;
  }
  let message;
  try {
    message = thrown instanceof Error ? String(thrown.message) : String(thrown);
  } catch {
    // A null-prototype object, a throwing proxy or a cyclic structure cannot be printed: say what it was.
    message = `a non-printable ${typeof thrown} was thrown`;
  }
  return new PayrailError({ code: 'internal_error', category: 'provider', message: `payrail internal error: ${message}`, provider });
}

/** A ValidationError worded like the core's: "invalid `field`: rule". */
export function invalid(field, rule, provider) {
  return new ValidationError({ code: 'validation_error', category: 'validation', field, provider, message: `invalid \`${field}\`: ${rule}` });
}
