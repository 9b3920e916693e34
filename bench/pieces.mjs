// Where the sign and verify rows' time goes (bench/README.md, "Where the time goes now"): each step of the two
// sides timed alone on the rows' payloads, µs per call (median of 11 interleaved rounds).
//   node bench/pieces.mjs          (on the pkg/ already built)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import * as sdk from '../pkg/node.js';
import * as peers from './peers.mjs';
import { CALLBACK_FIELDS, SECRET, SIGN_PAYLOAD } from './payloads.mjs';

const signed = JSON.stringify({ ...CALLBACK_FIELDS, signature: peers.signNodeCrypto(CALLBACK_FIELDS, SECRET) });
const parsed = JSON.parse(signed);
const signText = JSON.stringify(SIGN_PAYLOAD);
const flatSign = peers.unipesaFlatten(SIGN_PAYLOAD);
const flatCallback = peers.unipesaFlatten(parsed);
const expectedHex = createHmac('sha512', SECRET).update(flatCallback).digest('hex');
const encoder = new TextEncoder();
const scratch = new Uint8Array(4096);
let sink;

const pieces = {
  // payrail, whole calls and the export without the HMAC
  'payrail signUnipesa(object)': () => { sink = sdk.signUnipesa(SIGN_PAYLOAD, SECRET); },
  'payrail signUnipesa(JSON text)': () => { sink = sdk.signUnipesa(signText, SECRET); },
  'payrail unipesaStringToSign(object) (no HMAC)': () => { sink = sdk.unipesaStringToSign(SIGN_PAYLOAD); },
  'payrail verifyUnipesaSignature(callback text)': () => { sink = sdk.verifyUnipesaSignature(signed, SECRET); },
  'payrail unipesaStringToSign(callback text) (no HMAC)': () => { sink = sdk.unipesaStringToSign(signed); },
  // the JS steps payrail's side takes before the wasm
  'JSON.stringify(sign payload)': () => { sink = JSON.stringify(SIGN_PAYLOAD); },
  'TextEncoder.encode(callback text) + encode(key)': () => { sink = encoder.encode(signed); sink = encoder.encode(SECRET); },
  'TextEncoder.encodeInto(callback text) + encodeInto(key), into existing memory': () => {
    sink = encoder.encodeInto(signed, scratch);
    sink = encoder.encodeInto(SECRET, scratch.subarray(2048));
  },
  // the peers, whole and by step
  'peer signNodeCrypto(object)': () => { sink = peers.signNodeCrypto(SIGN_PAYLOAD, SECRET); },
  'peer verifyNodeCrypto(callback text)': () => { sink = peers.verifyNodeCrypto(signed, SECRET); },
  'peer verifyNoble(callback text)': () => { sink = peers.verifyNoble(signed, SECRET); },
  'JSON.parse(callback text)': () => { sink = JSON.parse(signed); },
  'JS flattening (sign payload)': () => { sink = peers.unipesaFlatten(SIGN_PAYLOAD); },
  'JS flattening (parsed callback)': () => { sink = peers.unipesaFlatten(parsed); },
  'createHmac + digest hex (sign payload, flattened)': () => { sink = createHmac('sha512', SECRET).update(flatSign).digest('hex'); },
  'createHmac + digest hex (callback, flattened)': () => { sink = createHmac('sha512', SECRET).update(flatCallback).digest('hex'); },
  'Buffer.from x2 + timingSafeEqual': () => {
    const a = Buffer.from(expectedHex);
    const b = Buffer.from(parsed.signature.toLowerCase());
    sink = a.length === b.length && timingSafeEqual(a, b);
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const samples = {};
for (let r = 0; r < 11; r++) {
  const names = Object.keys(pieces);
  for (const k of r % 2 ? names.reverse() : names) {
    const n = 20000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) pieces[k]();
    (samples[k] ??= []).push(((performance.now() - t0) * 1000) / n);
  }
}
console.log(`sign payload: ${signText.length} characters of JSON, ${flatSign.length} bytes signed; callback: ${signed.length} characters, ${flatCallback.length} bytes signed`);
for (const [k, v] of Object.entries(samples)) console.log(`${median(v).toFixed(2).padStart(6)} µs  ${k}`);
void sink;
