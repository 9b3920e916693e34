// The public JS API over the wasm core. Runtime-neutral: each entry (node.js, browser.js, workerd.js)
// instantiates the module, then re-exports this file.
import * as core from './payrail_glue.js';
import { ValidationError, UnsupportedError, toPayrailError } from './errors.js';

export * from './errors.js';

/**
 * JSON text of a caller's object. JSON has no NaN or Infinity: such numbers are sent as `{"$number": "NaN"}` so
 * the core can name the problem; BigInts are sent as decimal strings.
 */
function toJson(value, what) {
  try {
    return JSON.stringify(value, (_k, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
      if (typeof v === 'bigint') return v.toString();
      return v;
    }) ?? 'null';
  } catch (e) {
    throw new ValidationError({ code: 'validation_error', category: 'validation', field: what, message: `invalid \`${what}\`: cannot be serialised to JSON (${e.message})` });
  }
}

function requireString(value, field) {
  if (typeof value !== 'string') {
    throw new ValidationError({ code: 'validation_error', category: 'validation', field, message: `invalid \`${field}\`: must be a string` });
  }
  return value;
}

function requireObject(value, field) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError({ code: 'validation_error', category: 'validation', field, message: `invalid \`${field}\`: must be an object` });
  }
  return value;
}

function call(fn, provider) {
  try {
    return fn();
  } catch (e) {
    throw toPayrailError(e, provider);
  }
}

async function callAsync(promiseFn, provider) {
  let text;
  try {
    text = await promiseFn();
  } catch (e) {
    throw toPayrailError(e, provider);
  }
  return JSON.parse(text);
}

/** JSON text of a payload given as a JSON string (key order kept as written) or an object. */
function payloadText(payload) {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) return new TextDecoder().decode(payload);
  return toJson(requireObject(payload, 'payload'), 'payload');
}

/** Unipesa signature (seed 003): lower-case hex HMAC-SHA512. A JSON string keeps its key order. */
export function signUnipesa(payload, secretKey) {
  return call(() => core.signUnipesaJson(payloadText(payload), requireString(secretKey, 'secretKey')));
}

/** Whether `payload.signature` is the Unipesa signature of the rest; compared in constant time. */
export function verifyUnipesaSignature(payload, secretKey) {
  return call(() => core.verifyUnipesaJson(payloadText(payload), requireString(secretKey, 'secretKey')));
}

/** The string a Unipesa signature covers (no secret involved), to debug a mismatch. */
export function unipesaStringToSign(payload) {
  return call(() => core.unipesaStringToSign(payloadText(payload)));
}

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/** RFC 6238 TOTP. `secret`: bytes, or a string read as UTF-8 (default) or base32 (`encoding: 'base32'`). */
export function totp(secret, opts = {}) {
  requireObject(opts, 'options');
  const { unixTime = nowSeconds(), period = 30, digits = 6, algorithm = 'SHA1', encoding = 'utf8' } = opts;
  return call(() => {
    let key;
    if (secret instanceof Uint8Array) key = secret;
    else if (typeof secret === 'string') {
      if (encoding === 'base32') key = core.decodeBase32Secret(secret);
      else if (encoding === 'utf8') key = new TextEncoder().encode(secret);
      else throw new ValidationError({ code: 'validation_error', category: 'validation', field: 'encoding', message: 'invalid `encoding`: must be "utf8" or "base32"' });
    } else {
      throw new ValidationError({ code: 'validation_error', category: 'validation', field: 'secret', message: 'invalid `secret`: must be a string or a Uint8Array' });
    }
    for (const [field, v] of [['unixTime', unixTime], ['period', period], ['digits', digits]]) {
      if (typeof v !== 'number') throw new ValidationError({ code: 'validation_error', category: 'validation', field, message: `invalid \`${field}\`: must be a number` });
    }
    return core.totpBytes(key, unixTime, period, digits, requireString(algorithm, 'algorithm'));
  });
}

/** The AliansPay OTP (seed 000): 6 digits, 30 s, SHA-1, key = the UTF-8 bytes of the otp-secret-code. */
export function aliansPayOtp(otpSecretCode, unixTime = nowSeconds()) {
  if (typeof unixTime !== 'number') {
    throw new ValidationError({ code: 'validation_error', category: 'validation', field: 'unixTime', message: 'invalid `unixTime`: must be a number of seconds' });
  }
  return call(() => core.aliansPayOtpAt(requireString(otpSecretCode, 'otpSecretCode'), unixTime));
}

/** Reads a callback body given as text, bytes or an already parsed object. */
function callbackText(body) {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
  return toJson(requireObject(body, 'body'), 'body');
}

function splitOptions(options, provider) {
  requireObject(options, 'options');
  const { fetch, ...rest } = options;
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw new ValidationError({ code: 'validation_error', category: 'validation', field: 'fetch', provider, message: 'invalid `fetch`: must be a function' });
  }
  return { fetch, json: toJson(rest, 'options') };
}

/**
 * Unipesa Payment API Gateway (seed 003). Every call is idempotent by `order_id` (`reference`), generated
 * when absent, and retried with the identical signed body.
 */
export class Unipesa {
  #core;

  constructor(options) {
    const { fetch, json } = splitOptions(options, 'unipesa');
    this.#core = call(() => new core.UnipesaCore(json, fetch), 'unipesa');
  }

  /** payment_c2b: the customer pays you. */
  collect(request) {
    return callAsync(() => this.#core.collect(toJson(requireObject(request, 'request'), 'request')), 'unipesa');
  }

  /** payment_b2c: you pay the customer. A result with `confirmType` needs `confirmPayout`. */
  payout(request) {
    return callAsync(() => this.#core.payout(toJson(requireObject(request, 'request'), 'request')), 'unipesa');
  }

  /** The second, confirming payment_b2c: the payout's fields (same reference) plus `confirmation`. */
  confirmPayout(request) {
    return callAsync(() => this.#core.confirmPayout(toJson(requireObject(request, 'request'), 'request')), 'unipesa');
  }

  /** status of a reference (the order_id), or `{ reference, customerId?, extra? }`. */
  status(reference) {
    return callAsync(() => this.#core.status(toJson(reference, 'reference')), 'unipesa');
  }

  /** Unipesa's API has no balance call. */
  async balance() {
    throw new UnsupportedError({ code: 'unsupported', category: 'unsupported', provider: 'unipesa', message: 'unipesa: the Unipesa API has no balance endpoint' });
  }

  /** Verifies the callback's signature and reads it; a forged or tampered body throws a SignatureError. */
  async parseCallback(body, _headers) {
    return JSON.parse(call(() => this.#core.parseCallback(callbackText(body)), 'unipesa'));
  }

  toJSON() {
    return { provider: 'unipesa' };
  }
}

