// AliansPay end to end: the built package (real wasm, real global fetch) against the sandbox's AliansPay on
// 127.0.0.1 (docs/providers/alianspay.md, with payrail's defaults; js/sandbox/docs/alianspay.md), whose OTP check is its own
// (js/sandbox/lib/totp.js on node:crypto); callbacks received on a local listener.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AliansPay, aliansPayOtp, PayrailError, ValidationError, AuthError, ProviderError, SignatureError, ParseError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';
import { startCallbackReceiver, sleep } from './support/callbacks.mjs';

let sb;
let cb;
let ap;
const thrown = [];

before(async () => {
  sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20, alianspay: { initialBalance: 100_000 } });
  cb = await startCallbackReceiver();
  ap = new AliansPay({ ...sb.credentials.alianspay, baseUrl: sb.baseUrls.alianspay, timeoutMs: 2000 });
});
after(async () => {
  await sb.close();
  await cb.close();
});

const requestsTo = (path) => sb.requests().filter((r) => r.provider === 'alianspay' && r.path.startsWith(path));
const executionsOf = (key) => sb.executions().filter((e) => e.provider === 'alianspay' && e.key === key);

async function rejects(promise, Cls) {
  try {
    await promise;
  } catch (e) {
    thrown.push(e);
    assert.ok(e instanceof Cls, `expected ${Cls.name}, got ${e?.name}: ${e?.message}`);
    assert.ok(e instanceof PayrailError);
    return e;
  }
  assert.fail(`expected a ${Cls.name}`);
}

test('collect (OM, Cameroon) → callback SUCCESSFUL → confirmCallback → status success', async () => {
  const start = cb.received.length;
  const tx = await ap.collect({ moyenPayment: 'OM', amount: 1500, currency: 'XAF', phone: '+237 696 98 56 98', callbackUrl: cb.url, description: 'order 1' });
  assert.equal(tx.provider, 'alianspay');
  assert.equal(tx.status, 'pending');
  assert.equal(tx.providerStatus, 'PENDING');
  assert.match(tx.reference, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(tx.redirectUrl, undefined);
  const sent = requestsTo('/api/v1/collection').at(-1);
  assert.equal(sent.headers.guid, sb.credentials.alianspay.guid);
  assert.match(sent.headers.otp, /^\d{6}$/);
  const body = JSON.parse(sent.rawBody);
  assert.deepEqual(Object.keys(body), ['moyenPayment', 'amount', 'currency', 'reference', 'externalTransactionId', 'callbackUrl', 'description']);
  assert.equal(body.reference, '237696985698');
  assert.equal(body.amount, 1500);

  const [delivery] = (await cb.waitFor(start + 1)).slice(start);
  const parsed = await ap.parseCallback(delivery.body);
  assert.equal(parsed.reference, tx.reference);
  assert.equal(parsed.status, 'success');
  assert.equal(parsed.providerStatus, 'SUCCESSFUL');
  assert.equal(parsed.verified, false);
  assert.equal(parsed.operation, 'collection');
  const confirmed = await ap.confirmCallback(delivery.body);
  assert.equal(confirmed.verified, true);
  assert.equal(confirmed.status, 'success');

  const st = await ap.status(tx.reference);
  assert.equal(st.status, 'success');
  assert.equal((await ap.status({ reference: tx.reference })).transactionId, tx.transactionId);
  assert.equal(executionsOf(tx.reference).length, 1);
});

test('WAVE (Senegal) and VISA_MASTERCARD collections carry the URL the customer must open', async () => {
  const wave = await ap.collect({ moyenPayment: 'WAVE', amount: 2000, currency: 'XOF', phone: '221770000000' });
  assert.ok(wave.redirectUrl.startsWith(sb.baseUrls.alianspay), wave.redirectUrl);
  const page = await fetch(wave.redirectUrl);
  assert.equal(page.status, 200);
  await page.body?.cancel();
  const card = await ap.collect({ moyenPayment: 'VISA_MASTERCARD', amount: 2000, currency: 'XAF', phone: '237696985698' });
  assert.ok(card.redirectUrl);
  const payout = await ap.payout({ moyenPayment: 'WAVE', amount: 2000, currency: 'XOF', phone: '221770000000' });
  assert.equal(payout.redirectUrl, undefined, 'disbursements have no URL');
});

test('payout, balance, and every documented final status → unified status and reason', async () => {
  const before = await ap.balance();
  assert.deepEqual(before.map((b) => b.currency).sort(), ['GNF', 'XAF', 'XOF']);
  const xaf = () => ap.balance().then((l) => Number(l.find((b) => b.currency === 'XAF').available));
  await sleep(120); // earlier XAF collections settle (and credit) first
  const start = await xaf();
  const p = await ap.payout({ moyenPayment: 'MOMO', amount: 1000, currency: 'XAF', phone: '237650000000', reference: 'ap-payout-1' });
  assert.equal(p.reference, 'ap-payout-1');
  assert.equal(await xaf(), start - 1000);

  const expected = {
    4001: ['failed', 'account_not_found', 'PAYEE_NOT_FOUND'],
    4002: ['failed', 'insufficient_funds', 'NOT_ENOUGH_FUNDS'],
    4003: ['failed', 'limit_reached', 'PAYER_LIMIT_REACHED'],
    4004: ['failed', 'not_allowed', 'PAYEE_NOT_ALLOWED_TO_RECEIVE'],
    4005: ['expired', 'expired', 'EXPIRED'],
    4006: ['cancelled', 'cancelled', 'TRANSACTION_CANCELED'],
    4007: ['failed', 'rejected', 'APPROVAL_REJECTED'],
    4008: ['expired', 'expired', 'COULD_NOT_PERFORM_TRANSACTION'],
    4009: ['failed', 'provider_error', 'ERROR'],
    4010: ['failed', 'other', 'FAILED'],
  };
  const refs = {};
  for (const amount of Object.keys(expected)) {
    refs[amount] = (await ap.collect({ moyenPayment: 'AP', amount: Number(amount), currency: 'XOF', phone: '22890000000' })).reference;
  }
  await sleep(120);
  for (const [amount, [status, reason, providerStatus]] of Object.entries(expected)) {
    const t = await ap.status(refs[amount]);
    assert.deepEqual([t.status, t.reason, t.providerStatus], [status, reason, providerStatus], `amount ${amount}`);
  }
});

test('AliansPay’s matrix refused before sending: WAVE is Senegal-only, GNF only in Guinea, case of TMoney', async () => {
  const n = sb.requests().length;
  let e = await rejects(ap.collect({ moyenPayment: 'WAVE', amount: 100, currency: 'XAF', phone: '237696985698' }), ValidationError);
  assert.equal(e.field, 'moyenPayment');
  assert.match(e.message, /WAVE is offered in SN/);
  e = await rejects(ap.collect({ moyenPayment: 'MOMO', amount: 100, currency: 'GNF', phone: '237696985698' }), ValidationError);
  assert.equal(e.field, 'currency');
  assert.match(e.message, /GNF is used only in GN/);
  e = await rejects(ap.payout({ moyenPayment: 'TMONEY', amount: 100, currency: 'XOF', phone: '22890000000' }), ValidationError);
  assert.match(e.message, /TMoney/);
  e = await rejects(ap.collect({ moyenPayment: 'OM', amount: '10.50', currency: 'XAF', phone: '237696985698' }), ValidationError);
  assert.equal(e.field, 'amount');
  e = await rejects(ap.collect({ moyenPayment: 'OM', amount: 100, currency: 'XAF', phone: '237696985698', country: 'SN' }), ValidationError);
  assert.equal(e.field, 'phone');
  e = await rejects(ap.collect({ amount: 100, currency: 'XAF', phone: '237696985698' }), ValidationError);
  assert.equal(e.field, 'moyenPayment');
  assert.equal(sb.requests().length, n, 'nothing was sent');
  // And what the matrix allows goes through.
  assert.equal((await ap.collect({ moyenPayment: 'MOMO', amount: 5000, currency: 'GNF', phone: '224620000000' })).status, 'pending');
  assert.equal((await ap.collect({ moyenPayment: 'TMoney', amount: 500, currency: 'XOF', phone: '22890000000' })).status, 'pending');
  assert.equal((await ap.collect({ moyenPayment: 'MOOV', amount: 500, currency: 'XAF', phone: '23566000000' })).status, 'pending');
});

test('documented failures from the provider: wrong guid, stale OTP, duplicate id, funds, unknown id', async () => {
  const wrong = new AliansPay({ guid: '00000000-0000-4000-8000-000000000000', baseUrl: sb.baseUrls.alianspay });
  let e = await rejects(wrong.balance(), AuthError);
  assert.equal(e.providerCode, 'INVALID_GUID');
  assert.equal(e.httpStatus, 401);

  // A sandbox whose clock runs 90 s ahead: our OTP belongs to a window three steps back.
  const ahead = await startSandbox({ now: () => Date.now() + 90_000 });
  try {
    const c = new AliansPay({ ...ahead.credentials.alianspay, baseUrl: ahead.baseUrls.alianspay });
    e = await rejects(c.balance(), AuthError);
    assert.equal(e.providerCode, 'INVALID_OTP');
    assert.equal(ahead.requests().length, 1, 'a refused OTP is not retried blindly');
  } finally {
    await ahead.close();
  }

  await ap.collect({ moyenPayment: 'OM', amount: 100, currency: 'XAF', phone: '237696985698', reference: 'ap-dup-1' });
  e = await rejects(ap.collect({ moyenPayment: 'OM', amount: 200, currency: 'XAF', phone: '237696985698', reference: 'ap-dup-1' }), ProviderError);
  assert.equal(e.providerCode, 'DUPLICATE_EXTERNAL_TRANSACTION_ID');
  assert.equal(e.httpStatus, 409);
  e = await rejects(ap.payout({ moyenPayment: 'OM', amount: 5_000_000, currency: 'XAF', phone: '237696985698' }), ProviderError);
  assert.equal(e.providerCode, 'NOT_ENOUGH_FUNDS');
  assert.equal(e.reason, 'insufficient_funds');
  e = await rejects(ap.status('no-such-id'), ProviderError);
  assert.equal(e.httpStatus, 404);
  assert.equal(e.providerCode, 'NOT_FOUND');
});

test('header names and paths are options: renamed headers are missing for the sandbox (MISSING_GUID / MISSING_OTP)', async () => {
  const base = { ...sb.credentials.alianspay, baseUrl: sb.baseUrls.alianspay };
  let e = await rejects(new AliansPay({ ...base, headerNames: { guid: 'x-partner-guid' } }).balance(), AuthError);
  assert.equal(e.providerCode, 'MISSING_GUID');
  const renamed = sb.requests().at(-1);
  assert.equal(renamed.headers['x-partner-guid'], sb.credentials.alianspay.guid);
  e = await rejects(new AliansPay({ ...base, headerNames: { otp: 'x-otp' } }).balance(), AuthError);
  assert.equal(e.providerCode, 'MISSING_OTP');
  const custom = new AliansPay({ ...base, paths: { transaction: '/api/v1/transaction/{externalTransactionId}/' } });
  const tx = await ap.collect({ moyenPayment: 'AP', amount: 100, currency: 'XOF', phone: '221770000000' });
  assert.equal((await custom.status(tx.reference)).reference, tx.reference);
  e = await rejects(Promise.resolve().then(() => new AliansPay({ ...base, paths: { transaction: '/api/v1/tx' } })), ValidationError);
  assert.equal(e.field, 'paths.transaction');
  e = await rejects(Promise.resolve().then(() => new AliansPay({ baseUrl: base.baseUrl })), ValidationError);
  assert.equal(e.field, 'guid');
});

test('a reset connection is retried (a new OTP each time); a non-JSON answer is a ParseError', async () => {
  sb.injectFault({ provider: 'alianspay', path: '/api/v1/balance', fault: 'reset' });
  assert.ok((await ap.balance()).length === 3);
  sb.injectFault({ provider: 'alianspay', path: '/api/v1/balance', fault: 'wrong-content-type' });
  await rejects(ap.balance(), ParseError);
});

test('a retry is rebuilt with a fresh OTP across a 30 s window boundary, with the same externalTransactionId', async () => {
  // Date.now (read by the wasm clock and by this sandbox) is moved to 0.6 s before a window boundary; the 429's
  // Retry-After of 1 s puts the retry in the next window.
  const realNow = Date.now;
  const sb2 = await startSandbox({ finalDelayMs: 20, callbackDelayMs: 10, now: () => Date.now() });
  try {
    const c = new AliansPay({ ...sb2.credentials.alianspay, baseUrl: sb2.baseUrls.alianspay });
    sb2.injectFault({ provider: 'alianspay', path: '/api/v1/collection', fault: '429', retryAfter: 1 });
    const t0 = realNow();
    const delta = 30_000 - (t0 % 30_000) - 600;
    Date.now = () => realNow() + delta;
    const tx = await c.collect({ moyenPayment: 'AP', amount: 100, currency: 'XOF', phone: '221770000000' });
    const attempts = sb2.requests().filter((r) => r.path === '/api/v1/collection');
    assert.equal(attempts.length, 2);
    const [a, b] = attempts;
    assert.notEqual(Math.floor(a.time / 30_000), Math.floor(b.time / 30_000), 'the attempts straddle a boundary');
    assert.equal(a.headers.otp, aliansPayOtp(sb2.credentials.alianspay.guid, Math.floor(a.time / 1000)));
    assert.equal(b.headers.otp, aliansPayOtp(sb2.credentials.alianspay.guid, Math.floor(b.time / 1000)));
    assert.notEqual(a.headers.otp, b.headers.otp);
    assert.equal(a.rawBody, b.rawBody, 'same body, same externalTransactionId');
    assert.equal(JSON.parse(a.rawBody).externalTransactionId, tx.reference);
    assert.equal(sb2.executions().filter((x) => x.key === tx.reference).length, 1);
  } finally {
    Date.now = realNow;
    await sb2.close();
  }
});

test('a lost answer (500-after) is retried with the same id and executed once; a truncated answer is settled by one status read', async () => {
  sb.injectFault({ provider: 'alianspay', path: '/api/v1/disbursement', fault: '500-after', retryAfter: 0 });
  const p = await ap.payout({ moyenPayment: 'AP', amount: 300, currency: 'XOF', phone: '221770000000' });
  const tries = requestsTo('/api/v1/disbursement').slice(-2);
  assert.equal(tries[0].rawBody, tries[1].rawBody);
  assert.equal(executionsOf(p.reference).length, 1);

  const once = new AliansPay({ ...sb.credentials.alianspay, baseUrl: sb.baseUrls.alianspay, maxRetries: 0 });
  sb.injectFault({ provider: 'alianspay', path: '/api/v1/collection', fault: 'truncated-json-after' });
  // The operation went through but its answer was cut: the SDK reads its status once and answers the transaction.
  const settled = await once.collect({ moyenPayment: 'AP', amount: 300, currency: 'XOF', phone: '221770000000', reference: 'ap-lost-1' });
  assert.equal(settled.reference, 'ap-lost-1');
  assert.equal(requestsTo('/api/v1/transaction/ap-lost-1').length, 1, 'one status read');
  const again = await once.collect({ moyenPayment: 'AP', amount: 300, currency: 'XOF', phone: '221770000000', reference: 'ap-lost-1' });
  assert.equal(again.reference, 'ap-lost-1');
  assert.equal(executionsOf('ap-lost-1').length, 1);
});

test('a forged callback parses (unsigned) but confirmCallback refuses it', async () => {
  const start = cb.received.length;
  sb.injectFault({ provider: 'alianspay', path: '/api/v1/collection', fault: 'forged-callback' });
  const tx = await ap.collect({ moyenPayment: 'OM', amount: 700, currency: 'XAF', phone: '237696985693', callbackUrl: cb.url });
  const [delivery] = (await cb.waitFor(start + 1)).slice(start);
  const parsed = await ap.parseCallback(delivery.body);
  assert.equal(parsed.reference, tx.reference);
  assert.equal(parsed.status, 'success');
  const e = await rejects(ap.confirmCallback(delivery.body), SignatureError);
  assert.equal(e.code, 'signature_mismatch');
  assert.equal((await ap.status(tx.reference)).status, 'failed');
});

test('no secret (guid, OTPs) in any thrown error or in the client', () => {
  const guid = sb.credentials.alianspay.guid;
  const otps = sb.requests().map((r) => r.headers.otp).filter(Boolean);
  assert.ok(thrown.length >= 10);
  for (const e of thrown) {
    const shown = `${e.message} ${JSON.stringify(e)} ${e.stack} ${String(e)}`;
    assert.ok(!shown.includes(guid), `${e.name} shows the guid`);
    assert.ok(!shown.includes('00000000-0000-4000-8000-000000000000'));
    for (const o of otps) assert.ok(!shown.includes(`otp ${o}`) && !shown.includes(`"${o}"`), `${e.name} shows an OTP`);
  }
  assert.ok(!(JSON.stringify(ap) + String(ap)).includes(guid));
});
