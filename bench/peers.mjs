// The peers of bench/run.mjs: the same work as payrail's, done by hand in JS or by the libraries an integrator
// would otherwise use. Written from the docs (seed 003 for the Unipesa signature, seed 000 for AliansPay's OTP),
// never from payrail's code; run.mjs checks that every peer gives the same answer as the SDK before timing it.
import { createHmac, randomUUID } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac';
import { sha512 } from '@noble/hashes/sha512';
import { bytesToHex } from '@noble/hashes/utils';
import otplib from 'otplib';
import base32Encode from 'base32-encode';

/**
 * The string Unipesa signs (seed 003, `calculateSignature`): fields in the order sent, nested objects and lists
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

/** AliansPay's OTP exactly as seed 000 writes it: `authenticator.generate(base32Encode(Buffer.from(guid)))`. */
export function aliansPayOtpOtplib(guid) {
  return otplib.authenticator.generate(base32Encode(Buffer.from(guid), 'RFC4648'));
}

/** The same at a fixed time (for the equality check only): otplib's TOTP reads `epoch` in milliseconds. */
export function aliansPayOtpOtplibAt(guid, unixTime) {
  const a = otplib.authenticator.clone({ epoch: unixTime * 1000 });
  return a.generate(base32Encode(Buffer.from(guid), 'RFC4648'));
}

/** seed 003's operation status codes (0 initiated, 1 in progress, 2 success, 3 failed, 4 cancelled; -1 undefined) as unified statuses. */
const STATUS = { 0: 'pending', 1: 'pending', 2: 'success', 3: 'failed', 4: 'cancelled' };

/** The signed `payment_c2b` body of a collect, by hand: JSON.stringify + node:crypto (seed 003, "payment_c2b"). */
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
