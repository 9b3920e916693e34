// The built package (pkg/) from Node: the pure helpers against the same independent vectors as the Rust tests
// (RFC 4226/6238, otplib for AliansPay, the provider's PHP for Unipesa), errors, and loading via import and require.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';
import * as payrail from '../../pkg/node.js';

const vectors = (name) => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8'));
const { signUnipesa, verifyUnipesaSignature, unipesaStringToSign, totp, aliansPayOtp, PayrailError, ValidationError } = payrail;

test('RFC 4226 Appendix D: HOTP is TOTP with period 1 at t = counter', () => {
  const { hotp } = vectors('totp_rfc.json');
  assert.equal(hotp.length, 10);
  for (const c of hotp) {
    assert.equal(totp(c.secret_ascii, { unixTime: c.counter, period: 1, digits: c.digits }), c.otp, `counter ${c.counter}`);
  }
});

test('RFC 6238 Appendix B: SHA1, SHA256, SHA512, 8 digits', () => {
  const { totp: cases } = vectors('totp_rfc.json');
  assert.equal(cases.length, 18);
  for (const c of cases) {
    const got = totp(c.secret_ascii, { unixTime: c.unix_time, period: c.period, digits: c.digits, algorithm: c.algorithm });
    assert.equal(got, c.otp, `${c.algorithm} at ${c.unix_time}`);
  }
});

test('totp takes bytes and base32 secrets', () => {
  const c = vectors('totp_rfc.json').totp[0];
  const bytes = new TextEncoder().encode(c.secret_ascii);
  assert.equal(totp(bytes, { unixTime: c.unix_time, digits: 8 }), c.otp);
  // RFC 4648: base32 of "12345678901234567890" is GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { unixTime: c.unix_time, digits: 8, encoding: 'base32' }), c.otp);
});

test('aliansPayOtp equals otplib authenticator.generate(base32(guid)) (the docs\' own code)', () => {
  const { cases } = vectors('alianspay_otp.json');
  assert.ok(cases.length >= 20);
  for (const c of cases) assert.equal(aliansPayOtp(c.guid, c.unix_time), c.otp, `${c.guid} @ ${c.unix_time}`);
});

test('signUnipesa on JSON text equals the provider PHP reference for every vector', () => {
  const { cases } = vectors('unipesa_signature.json');
  assert.ok(cases.length >= 25);
  for (const c of cases) {
    assert.equal(unipesaStringToSign(c.payload_json), c.string_to_sign, c.name);
    assert.equal(signUnipesa(c.payload_json, c.secret_key), c.signature, c.name);
  }
});

test('signUnipesa on an object keeps its key order; verify accepts it and refuses a tampered copy', () => {
  const seed = vectors('unipesa_signature.json').cases.find((c) => c.name === 'seed_postdata_example');
  const obj = JSON.parse(seed.payload_json);
  assert.equal(signUnipesa(obj, seed.secret_key), seed.signature);
  const signed = { ...obj, signature: seed.signature };
  assert.equal(verifyUnipesaSignature(signed, seed.secret_key), true);
  assert.equal(verifyUnipesaSignature(JSON.stringify(signed), seed.secret_key), true);
  assert.equal(verifyUnipesaSignature({ ...signed, amount: 1001 }, seed.secret_key), false);
  assert.equal(verifyUnipesaSignature(signed, seed.secret_key + 'x'), false);
  assert.equal(verifyUnipesaSignature(obj, seed.secret_key), false, 'no signature: not verified');
  // Independent check with node:crypto over the string to sign.
  const hmac = createHmac('sha512', seed.secret_key).update(unipesaStringToSign(obj)).digest('hex');
  assert.equal(hmac, seed.signature);
});

test('signature depth errors are ValidationErrors like the PHP exception', () => {
  for (const c of vectors('unipesa_signature.json').errors) {
    assert.throws(() => signUnipesa(c.payload_json, 'k'), (e) => e instanceof ValidationError && e.code === 'validation_error' && e.field === 'payload');
  }
});

test('bad helper input gives typed errors naming the field', () => {
  assert.throws(() => totp('x', { digits: 9 }), (e) => e instanceof PayrailError && e.field === 'digits' && e.retryable === false);
  assert.throws(() => totp('x', { algorithm: 'MD5' }), (e) => e.field === 'algorithm');
  assert.throws(() => totp('!!', { encoding: 'base32' }), (e) => e.field === 'secret');
  assert.throws(() => totp(42), (e) => e.field === 'secret');
  assert.throws(() => aliansPayOtp('guid', -1), (e) => e.field === 'unixTime');
  assert.throws(() => aliansPayOtp('guid', NaN), (e) => e.field === 'unixTime');
  assert.throws(() => signUnipesa('not json', 'k'), (e) => e.field === 'payload');
  assert.throws(() => signUnipesa({ a: 1 }, undefined), (e) => e.field === 'secretKey');
  const circular = {}; circular.self = circular;
  assert.throws(() => signUnipesa(circular, 'k'), (e) => e instanceof ValidationError);
});

test('a PayrailError carries code, category, provider, retryable and is a real Error', () => {
  try {
    new payrail.Unipesa({ publicId: 'p', merchantId: 'm' });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof Error && e instanceof PayrailError && e instanceof ValidationError);
    assert.equal(e.name, 'ValidationError');
    assert.equal(e.code, 'validation_error');
    assert.equal(e.category, 'validation');
    assert.equal(e.field, 'secretKey');
    assert.equal(e.provider, 'unipesa');
    assert.equal(e.retryable, false);
    assert.match(e.stack, /ValidationError/);
  }
  assert.throws(() => new payrail.Unipesa({ publicId: 'p', merchantId: 'm', secretKey: 's', tiemoutMs: 5 }), (e) => e.field === 'tiemoutMs');
});

test('the package loads through require() too, with the same results', () => {
  const require = createRequire(import.meta.url);
  const cjs = require('../../pkg/node.cjs');
  assert.equal(typeof cjs.Unipesa, 'function');
  assert.equal(cjs.aliansPayOtp('cd8fb6d0-051d-4187-9d32-481ff4c0bfab', 1700000000), aliansPayOtp('cd8fb6d0-051d-4187-9d32-481ff4c0bfab', 1700000000));
});

test('package.json exports map points at files that exist', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  const targets = [];
  const walk = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  walk(pkg.bin);
  for (const t of targets) assert.doesNotThrow(() => readFileSync(new URL(`../../pkg/${t}`, import.meta.url)), t);
  assert.deepEqual(Object.keys(pkg.exports['.']).slice(0, 1), ['types']);
});
