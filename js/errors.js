// Error classes thrown by every payrail call. One class per category, all `instanceof PayrailError`,
// each carrying the stable `code` of the Rust core (see index.d.ts: PayrailErrorCode).
//
// One set of classes per JS realm, however many copies of this file are loaded: pkg/errors.js (the browser entries'
// api.js import it) and the copy each Node entry bundles into its node.js (one module fewer to load at start-up:
// bench/README.md, start-up). The first copy to run defines the classes and publishes them, frozen, under the
// registry symbol below on globalThis; every later copy takes those. So an error thrown by payrail/momo is
// `instanceof` the classes of payrail, payrail/unipesa or errors.js, through import and require alike.
// The key names the classes' shape: bump it if a later version changes what they carry or how they behave.

const REGISTRY = Symbol.for('payrail.errors.v1');

// This copy's classes and helpers; what is exported is the realm's set (errorSet below), which is these only in
// the first copy to run.
class PayrailError extends Error {
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

class ValidationError extends PayrailError { constructor(i) { super(i); this.name = 'ValidationError'; } }
class AuthError extends PayrailError { constructor(i) { super(i); this.name = 'AuthError'; } }
class ProviderError extends PayrailError { constructor(i) { super(i); this.name = 'ProviderError'; } }
class NetworkError extends PayrailError { constructor(i) { super(i); this.name = 'NetworkError'; } }
class TimeoutError extends PayrailError { constructor(i) { super(i); this.name = 'TimeoutError'; } }
class RateLimitError extends PayrailError { constructor(i) { super(i); this.name = 'RateLimitError'; } }
class SignatureError extends PayrailError { constructor(i) { super(i); this.name = 'SignatureError'; } }
class ParseError extends PayrailError { constructor(i) { super(i); this.name = 'ParseError'; } }
class UnsupportedError extends PayrailError { constructor(i) { super(i); this.name = 'UnsupportedError'; } }

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
function errorFromInfo(info) {
  const Cls = BY_CATEGORY[info.category] ?? PayrailError;
  return new Cls(info);
}

/**
 * What a call threw, as a PayrailError: the core throws PayrailErrors itself (made by `errorFromInfo` from its
 * error description); anything else is wrapped as an internal error, never passed through raw.
 */
function toPayrailError(thrown, provider) {
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
function invalid(field, rule, provider) {
  return new ValidationError({ code: 'validation_error', category: 'validation', field, provider, message: `invalid \`${field}\`: ${rule}` });
}

/** This copy's set, as published under REGISTRY. */
const OWN = Object.freeze({
  PayrailError, ValidationError, AuthError, ProviderError, NetworkError, TimeoutError, RateLimitError, SignatureError,
  ParseError, UnsupportedError, errorFromInfo, toPayrailError, invalid,
});

/** Whether `found` (what the registry holds) is a set this file published: frozen, with every class and helper. */
function isErrorSet(found) {
  if (found === null || typeof found !== 'object' || !Object.isFrozen(found)) return false;
  const names = ['ValidationError', 'AuthError', 'ProviderError', 'NetworkError', 'TimeoutError', 'RateLimitError', 'SignatureError', 'ParseError', 'UnsupportedError'];
  return typeof found.PayrailError === 'function' && found.PayrailError.prototype instanceof Error &&
    names.every((n) => typeof found[n] === 'function' && found[n].prototype instanceof found.PayrailError) &&
    ['errorFromInfo', 'toPayrailError', 'invalid'].every((n) => typeof found[n] === 'function');
}

/**
 * The realm's set: the one published under REGISTRY, else this copy's, published now (read-only and
 * non-configurable, so nothing replaces it later). Where it cannot be published (a frozen globalThis) or the key
 * holds something else, this copy keeps its own classes, shared by what imports it, as a lone module would be.
 */
function errorSet() {
  const found = globalThis[REGISTRY];
  if (isErrorSet(found)) return found;
  if (found === undefined) {
    try {
      Object.defineProperty(globalThis, REGISTRY, { value: OWN, writable: false, configurable: false, enumerable: false });
    } catch {
      // globalThis is not extensible: this copy's classes stay its own.
    }
  }
  return OWN;
}

// The exported bindings are the realm's set. Each class keeps its own name (`ValidationError.name`): the bindings
// below are aliases, so no bundler renames a class to tell it from an export of the same name.
const SET = errorSet();
const sharedPayrailError = SET.PayrailError;
const sharedValidationError = SET.ValidationError;
const sharedAuthError = SET.AuthError;
const sharedProviderError = SET.ProviderError;
const sharedNetworkError = SET.NetworkError;
const sharedTimeoutError = SET.TimeoutError;
const sharedRateLimitError = SET.RateLimitError;
const sharedSignatureError = SET.SignatureError;
const sharedParseError = SET.ParseError;
const sharedUnsupportedError = SET.UnsupportedError;
const sharedErrorFromInfo = SET.errorFromInfo;
const sharedToPayrailError = SET.toPayrailError;
const sharedInvalid = SET.invalid;
export {
  sharedPayrailError as PayrailError,
  sharedValidationError as ValidationError,
  sharedAuthError as AuthError,
  sharedProviderError as ProviderError,
  sharedNetworkError as NetworkError,
  sharedTimeoutError as TimeoutError,
  sharedRateLimitError as RateLimitError,
  sharedSignatureError as SignatureError,
  sharedParseError as ParseError,
  sharedUnsupportedError as UnsupportedError,
  sharedErrorFromInfo as errorFromInfo,
  sharedToPayrailError as toPayrailError,
  sharedInvalid as invalid,
};
