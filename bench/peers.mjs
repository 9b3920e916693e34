// The peers of bench/run.mjs: the same work as payrail's, done by hand in JS or by the libraries an integrator
// would otherwise use. Written from the providers' documents (docs/providers/unipesa.md for the Unipesa signature,
// docs/providers/alianspay.md for AliansPay's OTP) and mtn-momo's README, never from payrail's code; run.mjs and
// throughput.mjs check that every peer gives the same answer (or sends the same request) before timing it.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac';
import { sha512 } from '@noble/hashes/sha512';
import { bytesToHex } from '@noble/hashes/utils';
import otplib from 'otplib';
import base32Encode from 'base32-encode';
import mtnMomo from 'mtn-momo';

/**
 * The string Unipesa signs (docs/providers/unipesa.md#signature, `calculateSignature`): fields in the order sent, nested objects and lists
 * with the prefix `parent.`, `signature` left out, PHP's string conversion of scalars (true → "1", false/null
 * → ""). Integers and strings only: the realistic payloads here have no floats.
 */
export function unipesaFlatten(obj, prefix = '') {
  let s = '';
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v !== null && typeof v === 'object') s += unipesaFlatten(v, `${prefix}${k}.`);
    else if (k === 'signature') continue;
    else s += prefix + k + (v === true ? '1' : v === false || v === null || v === undefined ? '' : String(v));
  }
  return s;
}

/** node:crypto HMAC-SHA512 of the flattened payload, lower-case hex. */
export function signNodeCrypto(payload, secretKey) {
  return createHmac('sha512', secretKey).update(unipesaFlatten(payload)).digest('hex');
}

/** @noble/hashes (pure JS) HMAC-SHA512 of the flattened payload, lower-case hex. */
export function signNoble(payload, secretKey) {
  return bytesToHex(hmac(sha512, secretKey, unipesaFlatten(payload)));
}

/**
 * The given signature against the expected lower-case hex, in constant time: the given one lower-cased (the hex
 * may come in either case), both as UTF-8 bytes, the lengths compared first (`timingSafeEqual` throws on a
 * difference; the length of a signature is no secret).
 */
function sameSignature(expectedHex, given) {
  const a = Buffer.from(expectedHex);
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A Unipesa callback's signature checked as a merchant's server would without payrail: `JSON.parse` of the raw
 * body, the JS flattening above (fields in the order received, `signature` left out), node:crypto's HMAC-SHA512
 * and `timingSafeEqual`. A body without a string `signature` is not verified.
 */
export function verifyNodeCrypto(rawBody, secretKey) {
  const body = JSON.parse(rawBody);
  if (body === null || typeof body !== 'object' || typeof body.signature !== 'string') return false;
  return sameSignature(createHmac('sha512', secretKey).update(unipesaFlatten(body)).digest('hex'), body.signature);
}

/** The same with @noble/hashes' HMAC-SHA512 (pure JS) in place of node:crypto's. */
export function verifyNoble(rawBody, secretKey) {
  const body = JSON.parse(rawBody);
  if (body === null || typeof body !== 'object' || typeof body.signature !== 'string') return false;
  return sameSignature(bytesToHex(hmac(sha512, secretKey, unipesaFlatten(body))), body.signature);
}

/** AliansPay's OTP as its Node sample writes it (docs/providers/alianspay.md): `authenticator.generate(base32Encode(Buffer.from(guid)))`. */
export function aliansPayOtpOtplib(guid) {
  return otplib.authenticator.generate(base32Encode(Buffer.from(guid), 'RFC4648'));
}

/** The same at a fixed time (for the equality check only): otplib's TOTP reads `epoch` in milliseconds. */
export function aliansPayOtpOtplibAt(guid, unixTime) {
  const a = otplib.authenticator.clone({ epoch: unixTime * 1000 });
  return a.generate(base32Encode(Buffer.from(guid), 'RFC4648'));
}

/** Unipesa's operation status codes (docs/providers/unipesa.md) (0 initiated, 1 in progress, 2 success, 3 failed, 4 cancelled; -1 undefined) as unified statuses. */
const STATUS = { 0: 'pending', 1: 'pending', 2: 'success', 3: 'failed', 4: 'cancelled' };

/** The signed `payment_c2b` body of a collect, by hand: JSON.stringify + node:crypto (docs/providers/unipesa.md, "payment_c2b"). */
export function handC2bBody(cred, req, orderId) {
  const body = {
    merchant_id: cred.merchantId,
    customer_id: req.phone.replace(/[^0-9]/g, ''),
    order_id: orderId,
    amount: Number(req.amount).toFixed(2),
    currency: req.currency,
    country: req.country,
    callback_url: req.callbackUrl,
    provider_id: req.providerId,
    extra: req.extra,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  body.signature = createHmac('sha512', cred.secretKey).update(unipesaFlatten(body)).digest('hex');
  return JSON.stringify(body);
}

/** Reads a `payment_c2b` answer by hand into the Transaction shape. */
export function handReadAnswer(text, orderId, req) {
  const r = JSON.parse(text);
  if (!r || r.result?.code !== 0) throw new Error(`unipesa: result.code ${r?.result?.code}`);
  return {
    provider: 'unipesa',
    reference: r.order_id ?? orderId,
    status: STATUS[r.status] ?? 'unknown',
    providerStatus: String(r.status),
    transactionId: r.transaction_id == null ? undefined : String(r.transaction_id),
    amount: Number(req.amount).toFixed(2),
    currency: req.currency,
    raw: r,
  };
}

/** Build + parse of a collect by hand, no network: what `UnipesaRoundTrip.collect` does in wasm. */
export function handCollectRoundTrip(cred, req, responseBody, orderId = randomUUID()) {
  const body = handC2bBody(cred, req, orderId);
  return { body, transaction: handReadAnswer(responseBody, orderId, req) };
}

/** One collect with plain `fetch`: the same signed request the SDK sends, the answer read by hand. */
export async function fetchCollect(baseUrl, cred, req) {
  const orderId = randomUUID();
  const res = await fetch(`${baseUrl}/${cred.publicId}/payment_c2b`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: handC2bBody(cred, req, orderId),
  });
  return handReadAnswer(await res.text(), orderId, req);
}

/**
 * mtn-momo 2.0.0's Collections client (its README, "Collections") pointed at `baseUrl` (the sandbox's MoMo) with
 * the sandbox's credentials: `userId`/`userSecret` are the API user and key, `primaryKey` the subscription key.
 * `callbackHost` is required by its configuration check; no callback URL is sent.
 */
export function momoCollections(baseUrl, cred) {
  const { Collections } = mtnMomo.create({ callbackHost: '127.0.0.1', baseUrl, environment: 'sandbox' });
  return Collections({ userId: cred.apiUser, userSecret: cred.apiKey, primaryKey: cred.subscriptionKey });
}
