// ViralPAY end to end: the built package (real wasm, real global fetch) against the sandbox's ViralPAY on
// 127.0.0.1 (docs/providers/viralpay.md, with payrail's defaults; js/sandbox/docs/viralpay.md), notifications received locally.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ViralPay, PayrailError, ValidationError, AuthError, ProviderError, RateLimitError, TimeoutError, ParseError, SignatureError, memoryTokenStore } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';
import { startCallbackReceiver, sleep } from './support/callbacks.mjs';

let sb;
let cb;
let vp;
let clock = 0; // ms added to the sandbox clock
const thrown = []; // every error the tests provoke, checked for secrets at the end

before(async () => {
  sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20, now: () => Date.now() + clock, viralpay: { initialBalance: 100_000 } });
  cb = await startCallbackReceiver();
  vp = new ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay, timeoutMs: 2000 });
});
after(async () => {
  await sb.close();
  await cb.close();
});

const requestsTo = (path) => sb.requests().filter((r) => r.provider === 'viralpay' && r.path === path);
const executionsOf = (key) => sb.executions().filter((e) => e.provider === 'viralpay' && e.key === key);

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

test('collect (ViralPAY’s example) → notification → status success; one token, one execution', async () => {
  const start = cb.received.length;
  const tx = await vp.collect({ amount: 200, currency: 'XOF', phone: '0757230420', country: 'sn', operator: 'wave', lang: 'en', callbackUrl: cb.url });
  assert.equal(tx.provider, 'viralpay');
  assert.equal(tx.status, 'pending');
  assert.equal(tx.providerStatus, 'Pending');
  assert.match(tx.reference, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(tx.transactionId);
  const sent = requestsTo('/v1/payments').at(-1);
  assert.equal(sent.headers['content-type'], 'application/json');
  assert.match(sent.headers.authorization, /^Bearer /);
  assert.deepEqual(Object.keys(JSON.parse(sent.rawBody)),
    ['operator', 'country', 'phone_number', 'currency', 'order_id', 'reference_id', 'amount', 'lang', 'notify_url']);

  const [delivery] = (await cb.waitFor(start + 1)).slice(start);
  const parsed = await vp.parseCallback(delivery.body);
  assert.equal(parsed.provider, 'viralpay');
  const confirmed = await vp.confirmCallback(delivery.body);
  assert.equal(confirmed.verified, true);
  assert.equal(confirmed.status, 'success');
  assert.equal(parsed.reference, tx.reference);
  assert.equal(parsed.status, 'success');
  assert.equal(parsed.verified, false, 'ViralPAY signs nothing');
  assert.equal(parsed.operation, 'payment');

  const st = await vp.status(tx.reference);
  assert.equal(st.status, 'success');
  assert.equal(st.reference, tx.reference);
  assert.equal((await vp.status({ transactionId: tx.transactionId })).status, 'success');
  assert.equal(executionsOf(tx.reference).length, 1);
  assert.equal(requestsTo('/v1/token').length, 1, 'the token is cached');
  const form = requestsTo('/v1/token')[0];
  assert.match(form.headers.authorization, /^Basic /);
  assert.equal(form.body.grant_type, 'password');
});

test('concurrent calls on a fresh client share ONE token fetch', async () => {
  const fresh = new ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay });
  const tokensBefore = requestsTo('/v1/token').length;
  const results = await Promise.all([fresh.balance(), fresh.account(), fresh.balance(), fresh.transactions({ size: 1 })]);
  assert.equal(results.length, 4);
  assert.equal(requestsTo('/v1/token').length - tokensBefore, 1);
});

test('payout to a number ending in 3 ends failed; bank transfer succeeds with ViralPAY’s fields', async () => {
  const p = await vp.payout({ amount: '500', currency: 'XAF', phone: '237650000003', country: 'CM', operator: 'mtn', reference: 'vp-payout-fail-1' });
  assert.equal(p.reference, 'vp-payout-fail-1');
  assert.equal(p.status, 'pending');
  await sleep(120);
  const st = await vp.status('vp-payout-fail-1');
  assert.equal(st.status, 'failed');
  assert.equal(st.providerStatus, 'Failed');

  const b = await vp.bankTransfer({ amount: 5500, currency: 'XOF', debitCurrency: 'XAF', country: 'sn', accountBank: '044',
    accountNumber: '0690000040', narration: 'Akhlm Pstmn Trnsfr xx007', reference: 'vp-virement-1', notifUrl: cb.url });
  assert.equal(b.reference, 'vp-virement-1');
  const sent = JSON.parse(requestsTo('/v1/virements').at(-1).rawBody);
  assert.equal(sent.notif_url, cb.url);
  assert.equal(sent.reference, 'vp-virement-1');
  assert.equal(sent.debit_currency, 'XAF');
  await sleep(120);
  assert.equal((await vp.status('vp-virement-1')).status, 'success');
});

test('balance, account, transactions, notifications', async () => {
  const balances = await vp.balance();
  assert.ok(balances.length >= 3);
  for (const b of balances) {
    assert.equal(b.provider, 'viralpay');
    assert.match(b.available, /^\d+(\.\d+)?$/);
    assert.match(b.currency, /^[A-Z]{3}$/);
  }
  const account = await vp.account();
  assert.equal(account.businessId, 'VP-SANDBOX-0001');
  const list = await vp.transactions({ size: 2 });
  assert.equal(list.transactions.length, 2);
  const q = requestsTo('/v1/transactions').at(-1);
  assert.equal(q.query.size, '2');
  const today = new Date(Date.now() + clock).toISOString().slice(0, 10);
  const ranged = await vp.transactions({ size: 100, dateBegin: today, dateEnd: today });
  assert.ok(ranged.transactions.length >= 3);

  const tx = await vp.collect({ amount: 300, currency: 'XOF', phone: '221770000001', country: 'sn', callbackUrl: cb.url });
  await sleep(120);
  const n = await vp.notifications({ transactionId: tx.transactionId });
  assert.equal(n.status, 200, 'our receiver answered 200');
});

test('documented failures: bad input, bad credentials, provider refusals', async () => {
  const before = sb.requests().length;
  let e = await rejects(vp.collect({ amount: '10.5', currency: 'XOF', phone: '0757230420', country: 'sn' }), ValidationError);
  assert.equal(e.field, 'amount');
  e = await rejects(vp.collect({ amount: 100, currency: 'XOF', phone: '0757230420' }), ValidationError);
  assert.equal(e.field, 'country');
  e = await rejects(vp.payout({ amount: 100, currency: 'XOF', phone: 'abc', country: 'sn' }), ValidationError);
  assert.equal(e.field, 'phone');
  e = await rejects(vp.transactions({}), ValidationError);
  assert.equal(e.field, 'size');
  assert.equal(sb.requests().length, before, 'nothing was sent');

  const wrong = new ViralPay({ ...sb.credentials.viralpay, password: 'not-the-password', baseUrl: sb.baseUrls.viralpay });
  e = await rejects(wrong.balance(), AuthError);
  assert.equal(e.providerCode, 'invalid_grant');
  assert.equal(e.httpStatus, 401);
  const wrongClient = new ViralPay({ ...sb.credentials.viralpay, clientSecret: 'nope-secret', baseUrl: sb.baseUrls.viralpay });
  e = await rejects(wrongClient.account(), AuthError);
  assert.equal(e.providerCode, 'invalid_client');

  e = await rejects(vp.collect({ amount: 100, currency: 'XOF', phone: '237650000000', country: 'cm' }), ProviderError);
  assert.equal(e.providerCode, 'invalid_currency');
  assert.equal(e.httpStatus, 400);
  e = await rejects(vp.payout({ amount: 500_000, currency: 'XAF', phone: '237650000000', country: 'cm' }), ProviderError);
  assert.equal(e.providerCode, 'insufficient_balance');
  assert.equal(e.reason, 'insufficient_funds');
  await vp.collect({ amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn', reference: 'vp-dup-1' });
  e = await rejects(vp.collect({ amount: 999, currency: 'XOF', phone: '221770000000', country: 'sn', reference: 'vp-dup-1' }), ProviderError);
  assert.equal(e.providerCode, 'duplicate_order_id');
  e = await rejects(vp.status('no-such-order'), ProviderError);
  assert.equal(e.httpStatus, 404);
  assert.equal(e.providerCode, 'not_found');
  assert.equal(e.retryable, false);
});

test('each documented 400 of the payment, transfer and virement tables is a ProviderError with its code', async () => {
  const cases = [
    [() => vp.collect({ amount: 100, currency: 'EUR', phone: '33612345678', country: 'fr' }), 'invalid_country'],
    [() => vp.collect({ amount: 100, currency: 'XOF', phone: '1234', country: 'sn' }), 'invalid_phone_number'],
    [() => vp.payout({ amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn', operator: 'mtn' }), 'invalid_operator'],
    [() => vp.bankTransfer({ amount: 100, currency: 'GNF', country: 'sn', accountBank: '044', accountNumber: '0690000040', narration: 'n' }), 'unsupported_currency'],
    [() => vp.bankTransfer({ amount: 100, currency: 'XOF', country: 'sn', accountBank: '044', accountNumber: '12', narration: 'n' }), 'invalid_account_number'],
  ];
  for (const [run, code] of cases) {
    const e = await rejects(run(), ProviderError);
    assert.equal(e.providerCode, code);
    assert.equal(e.httpStatus, 400);
    assert.equal(e.retryable, false);
  }
});

test('paths are options: an override is used; a wrong one gives 404, a wrong method 405', async () => {
  const custom = new ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay, paths: { balances: '/v1/balances/' } });
  assert.ok((await custom.balance()).length > 0);
  assert.ok(sb.requests().at(-1).url.endsWith('/viralpay/v1/balances/'), sb.requests().at(-1).url);
  const missing = new ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay, paths: { account: '/v2/account' } });
  let e = await rejects(missing.account(), ProviderError);
  assert.equal(e.httpStatus, 404);
  const crossed = new ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay, paths: { balances: '/v1/payments' } });
  e = await rejects(crossed.balance(), ProviderError);
  assert.equal(e.httpStatus, 405);
  assert.equal(e.providerCode, 'method_not_allowed');
  e = await rejects(Promise.resolve().then(() => new ViralPay({ ...sb.credentials.viralpay, paths: { payment: '/x' } })), ValidationError);
  assert.equal(e.field, 'paths.payment');
  e = await rejects(Promise.resolve().then(() => new ViralPay({ ...sb.credentials.viralpay, password: undefined })), ValidationError);
  assert.equal(e.field, 'password');
});

test('an answer that is not the JSON envelope is a ParseError; a reset connection is retried', async () => {
  sb.injectFault({ provider: 'viralpay', path: '/v1/account', fault: 'wrong-content-type' });
  await rejects(vp.account(), ParseError);
  sb.injectFault({ provider: 'viralpay', path: '/v1/account', fault: 'empty-body' });
  await rejects(vp.account(), ParseError);
  sb.injectFault({ provider: 'viralpay', path: '/v1/account', fault: 'reset' });
  assert.equal((await vp.account()).businessId, 'VP-SANDBOX-0001');
});

test('the same order_id is reused by every retry: 503, lost answer (500-after), 429 with Retry-After', async () => {
  sb.injectFault({ provider: 'viralpay', path: '/v1/payments', fault: '503' });
  const a = await vp.collect({ amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn', reference: 'vp-retry-503' });
  assert.equal(a.status, 'pending');
  assert.equal(executionsOf('vp-retry-503').length, 1);

  sb.injectFault({ provider: 'viralpay', path: '/v1/transfers', fault: '500-after' });
  const b = await vp.payout({ amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn', operator: 'wave' });
  const bodies = requestsTo('/v1/transfers').slice(-2).map((r) => r.rawBody);
  assert.equal(bodies[0], bodies[1], 'identical retry');
  assert.equal(JSON.parse(bodies[0]).order_id, b.reference);
  assert.equal(executionsOf(b.reference).length, 1, 'executed once, replayed once');

  sb.injectFault({ provider: 'viralpay', path: '/v1/virements', fault: '429', retryAfter: 1 });
  const t0 = Date.now();
  const c = await vp.bankTransfer({ amount: 100, currency: 'XOF', country: 'sn', accountBank: '044', accountNumber: '0690000041', narration: 'n' });
  assert.ok(Date.now() - t0 >= 900, 'Retry-After honoured');
  assert.equal(executionsOf(c.reference).length, 1);
});

test('a lost answer without retries is settled by one status read; calling again with the same reference replays', async () => {
  const once = new ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay, maxRetries: 0 });
  sb.injectFault({ provider: 'viralpay', path: '/v1/payments', fault: 'truncated-json-after' });
  // The payment went through but its answer was cut: the SDK reads its status once and answers the transaction.
  const settled = await once.collect({ amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn', reference: 'vp-lost-1' });
  assert.equal(settled.reference, 'vp-lost-1');
  const again = await once.collect({ amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn', reference: 'vp-lost-1' });
  assert.equal(again.reference, 'vp-lost-1');
  assert.equal(executionsOf('vp-lost-1').length, 1);

  // The token comes from a patient client through a shared store, so the 150 ms limit applies to the slow call only.
  const tokens = memoryTokenStore();
  await new ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay, tokenStore: tokens }).account();
  sb.injectFault({ provider: 'viralpay', path: '/v1/balances', fault: 'slow' });
  const quick = new ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay, maxRetries: 0, timeoutMs: 150, tokenStore: tokens });
  const e = await rejects(quick.balance(), TimeoutError);
  assert.equal(e.timeoutMs, 150);
});

test('notifications are not retried on 429: a rate_limited error with the wait (200 a minute per function)', async () => {
  const sb2 = await startSandbox({ finalDelayMs: 20, callbackDelayMs: 10, viralpay: { rateLimitPerMinute: 1 } });
  try {
    const c = new ViralPay({ ...sb2.credentials.viralpay, baseUrl: sb2.baseUrls.viralpay });
    const tx = await c.collect({ amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn' });
    await c.notifications({ transactionId: tx.transactionId });
    const e = await rejects(c.notifications({ transactionId: tx.transactionId }), RateLimitError);
    assert.equal(e.code, 'rate_limited');
    assert.ok(e.retryAfterMs >= 1000 && e.retryAfterMs <= 60_000, String(e.retryAfterMs));
    assert.equal(sb2.requests().filter((r) => r.path === '/v1/notifications').length, 2, 'no blind retry');
  } finally {
    await sb2.close();
  }
});

test('an expired token is renewed once (401 token_expired), and the call goes through', async () => {
  const sb3 = await startSandbox({ finalDelayMs: 20, callbackDelayMs: 10, now: () => Date.now() + clock, viralpay: { tokenTtlSeconds: 3600 } });
  try {
    const c = new ViralPay({ ...sb3.credentials.viralpay, baseUrl: sb3.baseUrls.viralpay });
    await c.balance();
    clock += 3_700_000; // the sandbox's clock passes the token's expiry; the SDK's cache does not know
    const list = await c.balance();
    assert.ok(list.length > 0);
    const paths = sb3.requests().map((r) => `${r.path} ${r.status ?? ''}`.trim());
    assert.equal(sb3.requests().filter((r) => r.path === '/v1/token').length, 2);
    assert.equal(sb3.requests().filter((r) => r.path === '/v1/balances').length, 3, paths.join(', '));
  } finally {
    clock = 0;
    await sb3.close();
  }
});

test('a forged notification parses (unsigned) but status() tells the truth', async () => {
  const start = cb.received.length;
  sb.injectFault({ provider: 'viralpay', path: '/v1/payments', fault: 'forged-callback' });
  const tx = await vp.collect({ amount: 100, currency: 'XOF', phone: '221770000003', country: 'sn', callbackUrl: cb.url });
  const [delivery] = (await cb.waitFor(start + 1)).slice(start);
  const parsed = await vp.parseCallback(delivery.body);
  assert.equal(parsed.status, 'success');
  assert.equal(parsed.verified, false);
  assert.equal((await vp.status(tx.reference)).status, 'failed');
  const e = await rejects(vp.confirmCallback(delivery.body), SignatureError);
  assert.equal(e.code, 'signature_mismatch');
});

test('options and requests cross as objects into typed structs: unknown fields and wrong types named, nothing sent', async () => {
  const before = sb.requests().length;
  const make = (o) => Promise.resolve().then(() => new ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay, ...o }));
  let e = await rejects(make({ clientSecrett: 'x' }), ValidationError);
  assert.equal(e.field, 'clientSecrett');
  assert.match(e.message, /\(allowed: clientId, clientSecret, username, password, baseUrl, paths, timeoutMs, maxRetries\)/);
  e = await rejects(make({ paths: { balances: 7 } }), ValidationError);
  assert.equal(e.field, 'paths.balances');
  e = await rejects(make({ timeoutMs: NaN }), ValidationError);
  assert.equal(e.field, 'timeoutMs');
  // A secret given with the wrong type is refused without being shown.
  e = await rejects(make({ password: 918273645 }), ValidationError);
  assert.equal(e.field, 'password');
  assert.ok(!e.message.includes('918273645'), e.message);
  e = await rejects(make({ clientSecret: 5.5e-7 }), ValidationError);
  assert.equal(e.field, 'clientSecret');
  assert.ok(!`${e.message}`.includes('5.5e-7') && !e.message.includes('0.00000055'), e.message);

  const pay = { amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn' };
  e = await rejects(vp.collect({ ...pay, providerId: 14 }), ValidationError);
  assert.equal(e.field, 'providerId');
  e = await rejects(vp.payout({ ...pay, amount: NaN }), ValidationError);
  assert.equal(e.field, 'amount');
  assert.match(e.message, /NaN/);
  e = await rejects(vp.collect({ ...pay, operator: ['wave'] }), ValidationError);
  assert.equal(e.field, 'operator');
  e = await rejects(vp.bankTransfer({ ...pay, accountBank: '044', accountNumber: '0690000040', narration: 'n' }), ValidationError);
  assert.equal(e.field, 'phone', 'a bank transfer has no phone');
  e = await rejects(vp.status({ reference: 'o-1', phone: '1' }), ValidationError);
  assert.equal(e.field, 'phone');
  e = await rejects(vp.status(42), ValidationError);
  assert.equal(e.field, 'reference');
  e = await rejects(vp.transactions({ size: 2.5 }), ValidationError);
  assert.equal(e.field, 'size');
  e = await rejects(vp.notifications({ transactionId: 't', reference: 'o' }), ValidationError);
  assert.equal(e.field, 'reference');
  assert.equal(sb.requests().length, before, 'nothing was sent');
});

test('no secret in any thrown error (message, JSON, stack) or in the client', () => {
  const creds = sb.credentials.viralpay;
  const tokens = sb.requests().map((r) => r.headers.authorization).filter(Boolean).map((h) => h.split(' ')[1]);
  const secrets = [creds.clientSecret, creds.password, 'not-the-password', 'nope-secret', ...tokens];
  assert.ok(thrown.length >= 10);
  for (const e of thrown) {
    const shown = `${e.message} ${JSON.stringify(e)} ${e.stack} ${String(e)}`;
    for (const s of secrets) assert.ok(!shown.includes(s), `${e.name} shows a secret`);
  }
  const c = JSON.stringify(vp) + String(vp);
  for (const s of secrets) assert.ok(!c.includes(s));
});
