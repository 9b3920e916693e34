// The pure helpers of payrail/crypto (and of the all-in-one entry): Unipesa's signature, TOTP, AliansPay's OTP.
// Synchronous: in a browser entry they need the WebAssembly module loaded first (`await init()`).
import * as core from './payrail_glue.js';
import { invalid } from './errors.js';
import { requireReady } from './ready.js';
import { call, callbackText, requireObject, requireString } from './util.js';

/** JSON text of a payload given as a JSON string (key order kept as written), bytes or an object. */
const payloadText = (payload) => callbackText(payload, 'payload');

const encoder = new TextEncoder();
/** Short texts are encoded into this kept buffer (each UTF-16 unit is at most 3 UTF-8 bytes), then copied out. */
const scratch = new Uint8Array(1024);
/**
 * UTF-8 bytes of a string for the exports (they take no string, so the entry's glue has no string copier). A
 * fresh array every call (the two texts of one call never share bytes): `encodeInto` the kept buffer and a
 * `slice` is ~66 ns for a 36-character code in Node 20, `encode` ~340 ns (it allocates through the host);
 * longer texts take `encode` (bench/README.md).
 */
const utf8 = (text) => {
  if (text.length * 3 > scratch.length) return encoder.encode(text);
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.slice(0, written);
};

/** Unipesa signature (docs/providers/unipesa.md): lower-case hex HMAC-SHA512. A JSON string keeps its key order. */
export function signUnipesa(payload, secretKey) {
  requireReady('signUnipesa');
  return call(() => core.signUnipesaJson(utf8(payloadText(payload)), utf8(requireString(secretKey, 'secretKey'))));
}

/** Whether `payload.signature` is the Unipesa signature of the rest; compared in constant time. */
export function verifyUnipesaSignature(payload, secretKey) {
  requireReady('verifyUnipesaSignature');
  return call(() => core.verifyUnipesaJson(utf8(payloadText(payload)), utf8(requireString(secretKey, 'secretKey'))));
}

/** The string a Unipesa signature covers (no secret involved), to debug a mismatch. */
export function unipesaStringToSign(payload) {
  requireReady('unipesaStringToSign');
  return call(() => core.unipesaStringToSign(utf8(payloadText(payload))));
}

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/** RFC 6238 TOTP. `secret`: bytes, or a string read as UTF-8 (default) or base32 (`encoding: 'base32'`). */
export function totp(secret, opts = {}) {
  requireReady('totp');
  requireObject(opts, 'options');
  const { unixTime = nowSeconds(), period = 30, digits = 6, algorithm = 'SHA1', encoding = 'utf8' } = opts;
  return call(() => {
    let key;
    if (secret instanceof Uint8Array) key = secret;
    else if (typeof secret === 'string') {
      if (encoding === 'base32') key = core.decodeBase32Secret(utf8(secret));
      else if (encoding === 'utf8') key = utf8(secret);
      else throw invalid('encoding', 'must be "utf8" or "base32"');
    } else {
      throw invalid('secret', 'must be a string or a Uint8Array');
    }
    for (const [field, v] of [['unixTime', unixTime], ['period', period], ['digits', digits]]) {
      if (typeof v !== 'number') throw invalid(field, 'must be a number');
    }
    return core.totpBytes(key, unixTime, period, digits, utf8(requireString(algorithm, 'algorithm')));
  });
}

/** The AliansPay OTP (docs/providers/alianspay.md): 6 digits, 30 s, SHA-1, key = the UTF-8 bytes of the otp-secret-code. */
export function aliansPayOtp(otpSecretCode, unixTime = nowSeconds()) {
  requireReady('aliansPayOtp');
  if (typeof unixTime !== 'number') {
    throw invalid('unixTime', 'must be a number of seconds');
  }
  return call(() => core.aliansPayOtpAt(utf8(requireString(otpSecretCode, 'otpSecretCode')), unixTime));
}

