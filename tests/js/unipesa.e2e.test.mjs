// Unipesa end to end: the built package (real wasm, real global fetch) against the sandbox's Unipesa on 127.0.0.1,
// whose signature checks are its own (node:crypto), with callbacks received on a local listener.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Unipesa, PayrailError, ValidationError, AuthError, SignatureError, TimeoutError, ParseError, UnsupportedError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';
import { startCallbackReceiver, sleep } from './support/callbacks.mjs';

let sb;
let cb;
let unipesa;

before(async () => {
  sb = await startSandbox({ finalDelayMs: 60, callbackDelayMs: 20 });
  cb = await startCallbackReceiver();
  unipesa = new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa, timeoutMs: 2000 });
});
after(async () => {
  await sb.close();
  await cb.close();
});

const executionsOf = (ref) => sb.executions().filter((e) => e.provider === 'unipesa' && e.key === ref);
const requestsTo = (path) => sb.requests().filter((r) => r.provider === 'unipesa' && r.path.endsWith(path));

test('collect with the simulator (14): pending, status pending, no callback; an on-demand callback verifies', async () => {
  const tx = await unipesa.collect({ amount: '1100', currency: 'XOF', phone: '+225 07 05 14 56 55', providerId: 14, country: 'CI', callbackUrl: cb.url });
  assert.equal(tx.provider, 'unipesa');
  assert.equal(tx.status, 'pending');
  assert.equal(tx.providerStatus, '1');
  assert.match(tx.reference, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a generated UUID v4 order_id');
  assert.equal(tx.amount, '1100.00');
  const sent = JSON.parse(requestsTo('/payment_c2b').at(-1).rawBody);
  assert.deepEqual(Object.keys(sent), ['merchant_id', 'customer_id', 'order_id', 'amount', 'currency', 'country', 'callback_url', 'provider_id', 'signature']);
  assert.equal(sent.customer_id, '2250705145655');
  assert.equal(sent.amount, '1100.00');

  const st = await unipesa.status(tx.reference);
  assert.equal(st.status, 'pending');
  assert.equal(st.reference, tx.reference);
  await sleep(200);
  assert.equal(cb.received.length, 0, 'the simulator sends no callback');

  const before = cb.received.length;
  assert.equal(sb.triggerCallback('unipesa', tx.reference), true);
  const [delivery] = (await cb.waitFor(before + 1)).slice(before);
  const parsed = await unipesa.parseCallback(delivery.body);
  assert.equal(parsed.verified, true);
  assert.equal(parsed.reference, tx.reference);
  assert.equal(parsed.operation, 'payment_c2b');
  // The same callback as a parsed object verifies too, and as the WHATWG Request a route handler receives.
  assert.equal((await unipesa.parseCallback(JSON.parse(delivery.body))).reference, tx.reference);
  const request = new Request('http://127.0.0.1/unipesa/callback', { method: 'POST', body: delivery.body });
  assert.equal((await unipesa.parseCallback(request)).verified, true);
  const forged = new Request('http://127.0.0.1/unipesa/callback', { method: 'POST', body: delivery.body.replace('"status":', '"status":9,"x":') });
  await assert.rejects(unipesa.parseCallback(forged), (e) => e.code === 'signature_mismatch' || e.code === 'parse_error');
});

test('collect → callback (signed) → status success, on a table provider (CI Orange 9197 needs extra.otp)', async () => {
  const start = cb.received.length;
  const tx = await unipesa.collect({ amount: 1500, currency: 'XOF', phone: '2250705145655', providerId: 9197, callbackUrl: cb.url, extra: { otp: '5647' } });
  assert.equal(tx.status, 'pending');
  const got = (await cb.waitFor(start + 1)).slice(start);
  const parsed = await unipesa.parseCallback(got[0].body);
  assert.equal(parsed.status, 'success');
  assert.equal(parsed.reference, tx.reference);
  const st = await unipesa.status({ reference: tx.reference });
  assert.equal(st.status, 'success');
  assert.equal(executionsOf(tx.reference).length, 1);
});

test('payout to a failing number ends failed; extra fields are sent in the order given', async () => {
  const tx = await unipesa.payout({ amount: '500', currency: 'XOF', phone: '2250705145653', providerId: 2306, reference: 'payout-fail-1',
    extra: { customer_name: 'Awa Koné', note: 'x' } });
  assert.equal(tx.reference, 'payout-fail-1');
  const sent = JSON.parse(requestsTo('/payment_b2c').at(-1).rawBody);
  assert.deepEqual(Object.keys(sent.extra), ['customer_name', 'note']);
  await sleep(150);
  assert.equal((await unipesa.status('payout-fail-1')).status, 'failed');
});

test('a payout that needs confirmation: confirmType, then confirmPayout completes it', async () => {
  const req = { amount: '1000', currency: 'XOF', phone: '2250705145659', providerId: 2306, reference: 'payout-confirm-1', extra: { customer_name: 'Awa Koné' } };
  const first = await unipesa.payout(req);
  assert.equal(first.confirmType, 1);
  const confirmed = await unipesa.confirmPayout({ ...req, confirmation: { confirmation_code: '4321' } });
  assert.equal(confirmed.confirmType, undefined);
  assert.equal(confirmed.status, 'pending');
  await sleep(150);
  assert.equal((await unipesa.status('payout-confirm-1')).status, 'success');
  assert.equal(executionsOf('payout-confirm-1').length, 1);
});

test('a wrong secret key is an AuthError 10201 that says what to check, without the key', async () => {
  const wrong = new Unipesa({ ...sb.credentials.unipesa, secretKey: 'definitely-not-the-key-0123456789', baseUrl: sb.baseUrls.unipesa });
  await assert.rejects(wrong.collect({ amount: '100', currency: 'KES', phone: '254700000000', providerId: 14 }), (e) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.code, 'auth_error');
    assert.equal(e.providerCode, '10201');
    assert.match(e.message, /secret key and the merchant id/);
    assert.ok(!JSON.stringify({ ...e, message: e.message, stack: e.stack }).includes('definitely-not-the-key'));
    return true;
  });
});

test('validation happens before sending: nothing reaches the server', async () => {
  const count = sb.requests().length;
  const cases = [
    [{ amount: '150', currency: 'XOF', phone: '2250705145655', providerId: 2306, extra: { customer_name: 'A' } }, 'amount', /at least XOF 200.00/],
    [{ amount: '1002', currency: 'XOF', phone: '2250705145655', providerId: 2306, extra: { customer_name: 'A' } }, 'amount', /multiple of 5/],
    [{ amount: '1000', currency: 'XAF', phone: '2250705145655', providerId: 2306, extra: { customer_name: 'A' } }, 'currency', /XOF/],
    [{ amount: '1000', currency: 'XOF', phone: '22507051456', providerId: 2306, extra: { customer_name: 'A' } }, 'customer_id', /13 digits starting with 225/],
    [{ amount: '1000', currency: 'XOF', phone: '2250705145655', providerId: 2306 }, 'extra.customer_name', /required/],
    [{ amount: '-5', currency: 'XOF', phone: '1', providerId: 14 }, 'amount', /negative/],
    [{ amount: 0.1, currency: 'XOF', phone: '1', providerId: 14 }, 'amount', /string/],
    [{ amount: NaN, currency: 'XOF', phone: '1', providerId: 14 }, 'amount', /NaN/],
    [{ amount: '1.234', currency: 'XOF', phone: '1', providerId: 14 }, 'amount', /two decimals/],
    [{ amount: '', currency: 'XOF', phone: '1', providerId: 14 }, 'amount', /empty/],
    [{ amount: '10', currency: 'XOF', phone: '1', providerId: 14, reference: 'bad id!' }, 'order_id', /letters, digits/],
    [{ amount: '10', currency: 'XOF', phone: '1', providerId: 14, reference: 'x'.repeat(129) }, 'order_id', /128/],
    [{ amount: '10', currency: 'xof', phone: '1', providerId: 14 }, 'currency', /ISO 4217/],
    [{ amount: '10', currency: 'XOF', phone: '1' }, 'providerId', /required/],
    [{ amount: '10', currency: 'XOF', phone: '1', providerId: 14, providr: 1 }, 'providr', /not a field/],
  ];
  for (const [req, field, rule] of cases) {
    await assert.rejects(unipesa.payout(req), (e) => {
      assert.ok(e instanceof ValidationError, `${field}: ${e}`);
      assert.equal(e.field, field, e.message);
      assert.match(e.message, rule);
      return true;
    });
  }
  assert.equal(sb.requests().length, count);
});

test('with validate: false the tables are not checked, and the provider\'s PIN codes become ValidationErrors', async () => {
  const loose = new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa, validate: false });
  await assert.rejects(loose.collect({ amount: '1100', currency: 'XOF', phone: '22670000000', providerId: 9209 }),
    (e) => e instanceof ValidationError && e.field === 'extra.otp' && /PIN IS BLANK/.test(e.message));
  await assert.rejects(loose.collect({ amount: '1100', currency: 'XOF', phone: '22670000000', providerId: 9209, extra: { otp: '12' } }),
    (e) => e instanceof ValidationError && /INVALID PIN LENGTH/.test(e.message));
});

test('a 503 is retried with the identical body and executes once', async () => {
  sb.injectFault({ provider: 'unipesa', path: '/payment_c2b', fault: '503', times: 1 });
  const tx = await unipesa.collect({ amount: '100', currency: 'KES', phone: '254700000001', providerId: 14, reference: 'retry-503' });
  assert.equal(tx.status, 'pending');
  const sent = requestsTo('/payment_c2b').filter((r) => JSON.parse(r.rawBody).order_id === 'retry-503');
  assert.equal(sent.length, 2);
  assert.equal(sent[0].rawBody, sent[1].rawBody, 'the retry sends the identical signed body');
  assert.equal(executionsOf('retry-503').length, 1);
});

test('a response lost after execution (500-after, reset-after) is retried and executes exactly once', async () => {
  for (const fault of ['500-after', 'reset-after']) {
    const ref = `lost-${fault}`;
    sb.injectFault({ provider: 'unipesa', path: '/payment_b2c', fault, times: 1 });
    const tx = await unipesa.payout({ amount: '100', currency: 'KES', phone: '254700000002', providerId: 14, reference: ref });
    assert.equal(tx.reference, ref);
    assert.equal(requestsTo('/payment_b2c').filter((r) => JSON.parse(r.rawBody).order_id === ref).length, 2, fault);
    assert.equal(executionsOf(ref).length, 1, `${fault}: one execution`);
  }
});

test('429 with Retry-After is honoured', async () => {
  sb.injectFault({ provider: 'unipesa', path: '/status', fault: '429', times: 1, retryAfter: 1 });
  const t0 = Date.now();
  const st = await unipesa.status('retry-503');
  assert.equal(st.reference, 'retry-503');
  assert.ok(Date.now() - t0 >= 900, 'waited for Retry-After: 1');
});

test('time-out, unreadable bodies and exhausted retries give typed errors', async () => {
  const impatient = new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa, timeoutMs: 150, maxRetries: 0 });
  sb.injectFault({ provider: 'unipesa', path: '/status', fault: 'slow', times: 1, delayMs: 1500 });
  await assert.rejects(impatient.status('retry-503'), (e) => e instanceof TimeoutError && e.code === 'timeout' && e.retryable);
  sb.injectFault({ provider: 'unipesa', path: '/status', fault: 'truncated-json', times: 1 });
  await assert.rejects(unipesa.status('retry-503'), (e) => e instanceof ParseError && e.code === 'parse_error');
  sb.injectFault({ provider: 'unipesa', path: '/status', fault: '502', times: 3 });
  const fast = new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa, maxRetries: 2 });
  await assert.rejects(fast.status('retry-503'), (e) => e instanceof PayrailError && e.httpStatus === 502 && e.retryable && e.reason === 'provider_unavailable');
});

test('forged and tampered callbacks are refused with signature_mismatch', async () => {
  const tx = await unipesa.collect({ amount: '100', currency: 'KES', phone: '254700000003', providerId: 14, callbackUrl: cb.url });
  const start = cb.received.length;
  sb.triggerCallback('unipesa', tx.reference, { fault: 'forged-callback' });
  const [forged] = (await cb.waitFor(start + 1)).slice(start);
  await assert.rejects(unipesa.parseCallback(forged.body), (e) => e instanceof SignatureError && e.code === 'signature_mismatch');

  sb.triggerCallback('unipesa', tx.reference);
  const [genuine] = (await cb.waitFor(start + 2)).slice(start + 1);
  const tampered = JSON.parse(genuine.body);
  tampered.amount = 100000;
  await assert.rejects(unipesa.parseCallback(tampered), (e) => e.code === 'signature_mismatch');
  const unsigned = JSON.parse(genuine.body);
  delete unsigned.signature;
  await assert.rejects(unipesa.parseCallback(unsigned), (e) => e.code === 'signature_mismatch' && /no signature/.test(e.message));
  await assert.rejects(unipesa.parseCallback('not json'), (e) => e.code === 'parse_error');
});

test('balance is unsupported, with a clear error', async () => {
  await assert.rejects(unipesa.balance(), (e) => e instanceof UnsupportedError && e.provider === 'unipesa');
});

test('no secret in errors, JSON or inspection of the client', async () => {
  const { secretKey } = sb.credentials.unipesa;
  const seen = [JSON.stringify(unipesa), String(unipesa), (await import('node:util')).inspect(unipesa, { depth: 5, showHidden: true })];
  for (const bad of [{ amount: 'x' }, { amount: '1', currency: 'XOF', phone: '1', providerId: 14, reference: '!' }]) {
    // Each bad input must be refused (a ValidationError naming the field); its error is then searched for the key.
    let refused = null;
    try { await unipesa.collect(bad); } catch (e) { refused = e; }
    if (refused === null) assert.fail(`collect(${JSON.stringify(bad)}) did not throw`);
    assert.ok(refused instanceof ValidationError, String(refused));
    seen.push(refused.message, refused.stack, JSON.stringify(refused));
  }
  for (const s of seen) assert.ok(!s.includes(secretKey), s);
});
