// Unipesa request/callback signature, written from the provider's docs (docs/providers/unipesa.md, `calculateSignature`):
//   signature = lowercase hex HMAC-SHA512(key = the secret key string's UTF-8 bytes,
//                                         message = concat of prefix + key + value for every field, in the
//                                         order sent)
// - a scalar whose key is `signature` is left out, at every level (the PHP compares the bare key);
// - a nested object/array is walked with the prefix `parent.` (list items: `extra.0`); since PHP tests
//   is_array() before the key, a `signature` whose value is an object/array IS included;
// - recursion level 0 is the top-level object; entering level 16 throws (depth limit 16);
// - values are stringified as PHP's string conversion does (precision = 14): true → "1", false/null → "",
//   integers (64-bit range) in decimal, floats with 14 significant digits (see phpFloatString), strings as is.
// The provider's documented recursive branch returns `$StringForSignature` (capital S, a typo); this implements the evident
// intent: nested pairs are included.
// Node built-ins only (node:crypto).

import crypto from 'node:crypto';
import { JsonNumber, parseOrderedJson } from './json-order.js';

/** calculateSignature's default $depth: entering recursion level 16 throws. */
export const UNIPESA_SIGNATURE_MAX_DEPTH = 16;

/** Thrown when a payload nests deeper than the signature function allows. */
export class UnipesaSignatureDepthError extends Error {
  constructor() {
    super('Recursion level exceeded');
    this.name = 'UnipesaSignatureDepthError';
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const PHP_PRECISION = 14;

/**
 * The string PHP produces for a float with `precision` = 14 (`"$value"`, echo, concatenation):
 * 14 significant digits, correctly rounded from the exact binary value with ties to even, trailing
 * zeros dropped; scientific (`1.0E+20`, `1.5E-7`) when the decimal exponent is < -4 or >= 14.
 * @param {number} x
 */
export function phpFloatString(x) {
  if (Number.isNaN(x)) return 'NAN';
  if (x === Infinity) return 'INF';
  if (x === -Infinity) return '-INF';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  const { digits, scale } = exactDecimal(Math.abs(x)); // |x| = digits × 10^scale, exactly
  let e = digits.length - 1 + scale; // decimal exponent of the first significant digit
  let head = digits.slice(0, PHP_PRECISION);
  const rest = digits.slice(PHP_PRECISION);
  if (rest.length > 0) {
    let up;
    if (rest[0] > '5') up = true;
    else if (rest[0] < '5') up = false;
    else if (/[1-9]/.test(rest.slice(1))) up = true;
    else up = Number(head[head.length - 1]) % 2 === 1; // exactly half: ties to even
    if (up) {
      const bumped = (BigInt(head) + 1n).toString();
      if (bumped.length > head.length) {
        e += 1;
        head = bumped.slice(0, PHP_PRECISION);
      } else {
        head = bumped;
      }
    }
  }
  const mantissa = head.replace(/0+$/, '') || '0';
  if (e < -4 || e >= PHP_PRECISION) {
    const frac = mantissa.slice(1) || '0';
    return `${sign}${mantissa[0]}.${frac}E${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${mantissa}`;
  const intPart = mantissa.slice(0, e + 1).padEnd(e + 1, '0');
  const frac = mantissa.slice(e + 1);
  return `${sign}${intPart}${frac ? `.${frac}` : ''}`;
}

/** The exact decimal value of a finite positive double: digits × 10^scale. */
function exactDecimal(a) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let m;
  let k;
  if (expBits === 0) {
    m = fraction;
    k = -1074;
  } else {
    m = fraction | (1n << 52n);
    k = expBits - 1075;
  }
  if (k >= 0) return { digits: (m << BigInt(k)).toString(), scale: 0 };
  // m / 2^-k = m × 5^-k / 10^-k
  return { digits: (m * 5n ** BigInt(-k)).toString(), scale: k };
}

/**
 * A scalar as PHP's string conversion writes it, for a value decoded from JSON.
 * @param {unknown} value string | boolean | null | JsonNumber | number | bigint
 */
export function phpScalarString(value) {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumber) return phpNumberToken(value.raw);
  if (typeof value === 'number') {
    // a JS number is signed as if it were sent as JSON.stringify() writes it
    if (!Number.isFinite(value)) return '';
    return phpNumberToken(JSON.stringify(value));
  }
  if (typeof value === 'bigint') return phpNumberToken(value.toString());
  return String(value);
}

/** A JSON number token as PHP's json_decode + string conversion gives it back. */
function phpNumberToken(raw) {
  if (!/[.eE]/.test(raw)) {
    const n = BigInt(raw);
    if (n >= INT64_MIN && n <= INT64_MAX) return n.toString(); // PHP int ("-0" → "0")
  }
  return phpFloatString(Number(raw)); // a fraction, an exponent, or outside the 64-bit range: PHP float
}

function isContainer(v) {
  return v instanceof Map || Array.isArray(v) || (typeof v === 'object' && v !== null && !(v instanceof JsonNumber));
}

function entriesOfContainer(v) {
  if (v instanceof Map) return [...v.entries()];
  if (Array.isArray(v)) return v.map((item, i) => [String(i), item]);
  return Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
}

function appendPairs(container, prefix, level, out) {
  if (level >= UNIPESA_SIGNATURE_MAX_DEPTH) throw new UnipesaSignatureDepthError();
  for (const [key, value] of entriesOfContainer(container)) {
    if (isContainer(value)) appendPairs(value, `${prefix}${key}.`, level + 1, out);
    else if (key !== 'signature') out.push(`${prefix}${key}${phpScalarString(value)}`);
  }
}

/** A payload as given: JSON text (parsed keeping the key order) or an already parsed object/Map. */
function toContainer(payload) {
  const data = typeof payload === 'string' ? parseOrderedJson(payload) : payload;
  if (!isContainer(data)) throw new TypeError('a Unipesa payload must be a JSON object');
  return data;
}

/**
 * The string calculateSignature() hashes.
 * @param {string|object|Map} payload JSON text (keeps the order and the number spellings as sent), a Map
 *   from parseOrderedJson, or a plain object (signed as JSON.stringify would send it)
 */
export function unipesaStringToSign(payload) {
  const out = [];
  appendPairs(toContainer(payload), '', 0, out);
  return out.join('');
}

/**
 * Lowercase hex HMAC-SHA512 of the payload's string to sign, keyed with the secret key's UTF-8 bytes.
 * @param {string|object|Map} payload
 * @param {string} secretKey
 */
export function signUnipesa(payload, secretKey) {
  if (typeof secretKey !== 'string') throw new TypeError('the Unipesa secret key must be a string');
  return crypto.createHmac('sha512', Buffer.from(secretKey, 'utf8')).update(unipesaStringToSign(payload), 'utf8').digest('hex');
}

/**
 * Checks the top-level `signature` of a payload in constant time. False (never throws) for a missing or
 * malformed signature, unparsable JSON or a payload nested too deeply.
 * @param {string|object|Map} payload
 * @param {string} secretKey
 */
export function verifyUnipesaSignature(payload, secretKey) {
  let data;
  let expected;
  try {
    data = toContainer(payload);
    expected = signUnipesa(data, secretKey);
  } catch {
    return false;
  }
  const given = data instanceof Map ? data.get('signature') : Array.isArray(data) ? undefined : data.signature;
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) return false; // the length of a hex SHA-512 is public
  return crypto.timingSafeEqual(a, b);
}
