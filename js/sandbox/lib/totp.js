// HOTP (RFC 4226) and TOTP (RFC 6238) written against node:crypto only.
//
// The sandbox checks AliansPay's `otp` header with this file. It is deliberately independent of
// the Rust implementation in src/crypto/ so that the two can check each other: the tests compare
// it with RFC 6238 Appendix B and with npm `otplib` (the library AliansPay's own docs use).
//
// Nothing here logs or throws with the key in the message.
import { createHmac, timingSafeEqual } from 'node:crypto';

const ALGORITHMS = { sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' };

/** @param {string|Uint8Array} key  a string is taken as its UTF-8 bytes */
function keyBytes(key) {
  if (typeof key === 'string') return Buffer.from(key, 'utf8');
  if (key instanceof Uint8Array) return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  throw new TypeError('totp: the key must be a string or a Uint8Array');
}

function algorithmName(algorithm) {
  const name = ALGORITHMS[String(algorithm).toLowerCase().replace('-', '')];
  if (!name) throw new TypeError(`totp: unsupported algorithm ${String(algorithm)}`);
  return name;
}

function checkDigits(digits) {
  if (!Number.isInteger(digits) || digits < 1 || digits > 10) {
    throw new RangeError('totp: digits must be an integer from 1 to 10');
  }
}

/**
 * HOTP value (RFC 4226 §5.3): HMAC over the 8-byte big-endian counter, dynamic truncation,
 * modulo 10^digits, left-padded with zeros.
 * @param {string|Uint8Array} key
 * @param {number|bigint} counter  a non-negative integer
 * @param {{digits?: number, algorithm?: 'sha1'|'sha256'|'sha512'}} [opts]
 * @returns {string}
 */
export function hotp(key, counter, { digits = 6, algorithm = 'sha1' } = {}) {
  checkDigits(digits);
  const c = typeof counter === 'bigint' ? counter : BigInt(counter);
  if (c < 0n || c > 0xffffffffffffffffn) throw new RangeError('totp: the counter must fit in 8 bytes');
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(c);
  const mac = createHmac(algorithmName(algorithm), keyBytes(key)).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary =
    ((mac[offset] & 0x7f) << 24) |
    (mac[offset + 1] << 16) |
    (mac[offset + 2] << 8) |
    mac[offset + 3];
  // binary < 2^31, so the modulo is exact in a double for every digits value allowed.
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step T = floor((unixTime - t0) / period). */
export function timeStep(unixTime, period = 30, t0 = 0) {
  if (!Number.isFinite(unixTime)) throw new TypeError('totp: unixTime must be a finite number of seconds');
  if (!(period > 0)) throw new RangeError('totp: the period must be positive');
  return Math.floor((unixTime - t0) / period);
}

/**
 * TOTP value (RFC 6238 §4).
 * @param {string|Uint8Array} key
 * @param {{unixTime?: number, period?: number, digits?: number,
 *          algorithm?: 'sha1'|'sha256'|'sha512', t0?: number}} [opts]  unixTime and t0 in seconds
 * @returns {string}
 */
export function totp(key, { unixTime = Date.now() / 1000, period = 30, digits = 6, algorithm = 'sha1', t0 = 0 } = {}) {
  return hotp(key, timeStep(unixTime, period, t0), { digits, algorithm });
}

/**
 * The OTP AliansPay expects in the `otp` header: TOTP, SHA-1, 30 s, 6 digits, keyed with the
 * UTF-8 bytes of the partner's otp-secret-code (a GUID string). AliansPay's sample JavaScript (docs/providers/alianspay.md#otp)
 * (`authenticator.generate(base32Encode(Buffer.from(guid)))`) computes the same value.
 * @param {string} guid
 * @param {number} [unixTime] seconds
 */
export function aliansPayOtp(guid, unixTime = Date.now() / 1000) {
  return totp(guid, { unixTime, period: 30, digits: 6, algorithm: 'sha1' });
}

function sameCode(a, b) {
  const x = Buffer.from(String(a), 'utf8');
  const y = Buffer.from(String(b), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a submitted code against the time steps from `pastWindows` steps ago to
 * `futureWindows` steps ahead (defaults: the current and the previous one, as AliansPay's
 * sandbox accepts). Every candidate is compared in constant time.
 * @returns {{ ok: boolean, delta: number|null }} delta = the matching step minus the current one
 */
export function verifyTotp(key, code, {
  unixTime = Date.now() / 1000, period = 30, digits = 6, algorithm = 'sha1', t0 = 0,
  pastWindows = 1, futureWindows = 0,
} = {}) {
  const submitted = typeof code === 'string' ? code.trim() : '';
  if (submitted.length !== digits || !/^[0-9]+$/.test(submitted)) return { ok: false, delta: null };
  const now = timeStep(unixTime, period, t0);
  let found = null;
  for (let delta = -pastWindows; delta <= futureWindows; delta++) {
    const step = now + delta;
    if (step < 0) continue;
    // No early exit: the work done does not depend on which window matched.
    if (sameCode(hotp(key, step, { digits, algorithm }), submitted) && found === null) found = delta;
  }
  return { ok: found !== null, delta: found };
}
