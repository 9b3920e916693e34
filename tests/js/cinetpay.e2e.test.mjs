// CinetPay end to end: the built package (real wasm, real global fetch) against the sandbox's CinetPay Transfer v1
// on 127.0.0.1, with notifications received on a local listener. Expected values come from docs/providers/cinetpay.md,
// docs/providers/cinetpay.md and js/sandbox/docs/cinetpay.md (the sandbox's documented test inputs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  CinetPay, PayrailError, ValidationError, AuthError, ProviderError, NetworkError, TimeoutError, ParseError,
  UnsupportedError, memoryTokenStore,
} from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';
import { startCallbackReceiver, sleep } from './support/callbacks.mjs';

let sb;
let cb;
let cp;
const thrown = []; // every error the SDK threw in this file: checked for secrets at the end

before(async () => {
  sb = await startSandbox({ finalDelayMs: 60, callbackDelayMs: 20 });
  cb = await startCallbackReceiver();
  cp = new CinetPay({ ...sb.credentials.cinetpay, baseUrl: sb.baseUrls.cinetpay, timeoutMs: 3000 });
});
after(async () => {
  await sb.close();
  await cb.close();
});

/** Runs `fn`, expects it to reject, records the error for the secrets check and returns it. */
async function rejects(fn, Cls) {
  try {
    await fn();
  } catch (e) {
    thrown.push(e);
    assert.ok(e instanceof PayrailError, `a PayrailError, got ${e?.name}: ${e?.message}`);
    if (Cls) assert.ok(e instanceof Cls, `expected ${Cls.name}, got ${e.name}: ${e.message}`);
    return e;
  }
  assert.fail('expected a rejection');
}

const reqs = (sandbox, suffix) => sandbox.requests().filter((r) => r.provider === 'cinetpay' && r.path.replace(/\/$/, '').endsWith(suffix));
const executionsOf = (ref) => sb.executions().filter((e) => e.provider === 'cinetpay' && e.key === ref);
const payee = (phone, extra = {}) => ({ amount: 500, phone, callbackUrl: cb.url, name: 'Awa', surname: 'Koné', email: 'awa@example.com', ...extra });
const sentItems = (r) => JSON.parse(new URLSearchParams(r.rawBody).get('data'));

/** The notifications received for a client_transaction_id (other tests' notifications may arrive meanwhile). */
async function notesFor(ref, count = 1, timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = cb.received.filter((n) => new URLSearchParams(n.body).get('client_transaction_id') === ref);
    if (got.length >= count) return got;
    if (Date.now() > end) throw new Error(`expected ${count} notification(s) for ${ref}, got ${got.length}`);
    await sleep(10);
  }
}

test('balance: CinetPay’s documented call, data.available of the sandbox opening balance, in XOF', async () => {
  const [b, ...rest] = await cp.balance();
  assert.equal(rest.length, 0);
  assert.deepEqual({ provider: b.provider, available: b.available, currency: b.currency }, { provider: 'cinetpay', available: '1000000', currency: 'XOF' });
  assert.deepEqual(b.raw, { amount: 1000000, inUsing: 0, available: 1000000 });
  const [login] = reqs(sb, '/auth/login');
  assert.equal(login.method, 'POST');
  assert.equal(login.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.deepEqual(Object.keys(login.query), ['lang']);
  assert.equal(login.query.lang, 'fr');
  const [bal] = reqs(sb, '/transfer/check/balance');
  assert.equal(bal.method, 'GET');
  assert.equal(bal.path, '/transfer/check/balance/', 'the seed writes the trailing slash');
  assert.deepEqual(Object.keys(bal.query), ['token', 'lang'], 'the token goes in the query, before lang');
});

test('balance per country: with countryBalance in the answer, one Balance per country in its currency', async () => {
  // CinetPay’s PHP transfer sample reads data.countryBalance[ISO].available; Côte d'Ivoire is in XOF, Cameroon in XAF.
  const s = await startSandbox({ finalDelayMs: 60, callbackDelayMs: 20, cinetpay: { countryBalances: { CM: 5000, CI: 250000 } } });
  try {
    const c = new CinetPay({ ...s.credentials.cinetpay, baseUrl: s.baseUrls.cinetpay });
    const got = (await c.balance()).map((b) => ({ provider: b.provider, available: b.available, currency: b.currency, country: b.raw.country }));
    assert.deepEqual(got, [
      { provider: 'cinetpay', available: '250000', currency: 'XOF', country: 'CI' },
      { provider: 'cinetpay', available: '5000', currency: 'XAF', country: 'CM' },
    ]);
  } finally {
    await s.close();
  }
});

test('payout: contact added, transfer sent as the seed form, NEW → notification → VAL; token reused', async () => {
  const logins = reqs(sb, '/auth/login').length;
  const tx = await cp.payout(payee('+225 07 07 00 00 01'));
  assert.equal(tx.provider, 'cinetpay');
  assert.equal(tx.status, 'pending');
  assert.equal(tx.providerStatus, 'NEW');
  assert.match(tx.reference, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a generated UUID v4');
  assert.match(tx.transactionId, /^TR\d+$/);
  assert.equal(tx.amount, '500');
  assert.equal(tx.currency, 'XOF');

  const [contact] = sentItems(reqs(sb, '/transfer/contact').at(-1));
  assert.deepEqual(contact, { prefix: '225', phone: '0707000001', name: 'Awa', surname: 'Koné', email: 'awa@example.com' });
  const send = reqs(sb, '/transfer/money/send/contact').at(-1);
  assert.equal(send.headers['content-type'], 'application/x-www-form-urlencoded');
  const items = sentItems(send);
  assert.deepEqual(items, [{ prefix: '225', phone: '0707000001', amount: '500', notify_url: cb.url, client_transaction_id: tx.reference }]);
  assert.deepEqual(Object.keys(items[0]), ['prefix', 'phone', 'amount', 'notify_url', 'client_transaction_id']);
  assert.equal(reqs(sb, '/auth/login').length, logins, 'the cached token is reused');

  const [note] = await notesFor(tx.reference);
  assert.equal(note.method, 'POST');
  assert.equal(note.headers['content-type'], 'application/x-www-form-urlencoded');
  const parsed = await cp.parseCallback(note.body);
  assert.equal(parsed.reference, tx.reference);
  assert.equal(parsed.status, 'success');
  assert.equal(parsed.providerStatus, 'VAL');
  assert.equal(parsed.verified, false, 'CinetPay signs nothing');
  assert.equal(parsed.transactionId, tx.transactionId);
  // The same notification as URLSearchParams or as an object a framework parsed.
  assert.equal((await cp.parseCallback(new URLSearchParams(note.body))).reference, tx.reference);
  assert.equal((await cp.parseCallback(Object.fromEntries(new URLSearchParams(note.body)))).status, 'success');

  const confirmed = await cp.confirmCallback(note.body);
  assert.equal(confirmed.status, 'success');
  assert.equal(confirmed.amount, '500');
  const st = await cp.status(tx.reference);
  assert.equal(st.status, 'success');
  assert.equal((await cp.status({ transactionId: tx.transactionId })).reference, tx.reference);
  assert.equal(executionsOf(tx.reference).length, 1);
});

test('payout to an existing contact: 726 is not an error; the caller reference is the client_transaction_id', async () => {
  await cp.payout(payee('+2250707000011', { reference: 'cp-726-a' }));
  const tx = await cp.payout(payee('+2250707000011', { reference: 'cp-726-b', amount: '700' }));
  assert.equal(tx.reference, 'cp-726-b');
  assert.equal(tx.amount, '700');
  const codes = reqs(sb, '/transfer/contact').slice(-2).map((r) => r.status);
  assert.deepEqual(codes, [200, 200]);
  assert.equal(executionsOf('cp-726-b').length, 1);
});

test('addContacts: per item, 0 added then 726 already a contact, both ok', async () => {
  const list = [
    { prefix: '225', phone: '53798590', name: 'Test A', surname: 'Test B', email: 'testa@exemple.com' },
    { phone: '+225 77 89 50 86', name: 'Test C', surname: 'Test D', email: 'testb@exemple.com' },
  ];
  const first = await cp.addContacts(list);
  assert.deepEqual(first.map((r) => [r.prefix, r.phone, r.code, r.ok, r.status]), [
    ['225', '53798590', 0, true, 'added'],
    ['225', '77895086', 0, true, 'added'],
  ]);
  // `raw` is CinetPay’s item as plain data (docs/providers/cinetpay.md: the contact echoed, plus code, status and
  // a 22-digit lot): its code the JS number 0, not serde_json's private form of a number.
  const { lot, ...echoed } = first[0].raw;
  assert.deepEqual(echoed, { ...list[0], code: 0, status: 'success' });
  assert.match(lot, /^\d{22}$/);
  const again = await cp.addContacts(list);
  assert.deepEqual(again.map((r) => [r.code, r.ok, r.status]), [[726, true, 'already_contact'], [726, true, 'already_contact']]);
  assert.deepEqual([again[0].raw.code, again[0].raw.status], [726, 'ERROR_PHONE_ALREADY_MY_CONTACT']);
});

test('sendMoney: a batch to contacts, one Transaction per item; a missing id is generated once', async () => {
  await cp.addContacts([{ phone: '+2250707000021', name: 'A', surname: 'B', email: 'a@b.ci' }]);
  const txs = await cp.sendMoney([
    { phone: '+2250707000021', amount: '500', notifyUrl: cb.url, clientTransactionId: 'cp-batch-1' },
    { prefix: '225', phone: '0707000021', amount: 800, callbackUrl: cb.url },
  ]);
  assert.equal(txs.length, 2);
  assert.equal(txs[0].reference, 'cp-batch-1');
  assert.match(txs[1].reference, /^[0-9a-f-]{36}$/);
  assert.deepEqual(txs.map((t) => [t.status, t.amount]), [['pending', '500'], ['pending', '800']]);
  assert.equal(executionsOf('cp-batch-1').length, 1);
  assert.equal(executionsOf(txs[1].reference).length, 1);
});

test('documented refusals arrive with HTTP 200 and become typed errors; nothing is executed', async () => {
  await cp.addContacts([{ phone: '+2250707000031', name: 'A', surname: 'B', email: 'a@b.ci' }]);
  const send = (t) => cp.sendMoney([{ phone: '+2250707000031', notifyUrl: cb.url, ...t }]);

  let e = await rejects(() => send({ amount: 199, reference: 'cp-719' }), ProviderError);
  assert.deepEqual([e.providerCode, e.httpStatus, e.reason], ['719', 200, 'limit_reached']);
  assert.match(e.message, /AMOUNT_TOO_SMALL/);
  e = await rejects(() => send({ amount: 1500001, reference: 'cp-720' }), ProviderError);
  assert.deepEqual([e.providerCode, e.reason], ['720', 'limit_reached']);
  e = await rejects(() => cp.sendMoney([{ phone: '+2250707999991', amount: 500, notifyUrl: cb.url, reference: 'cp-724' }]), ProviderError);
  assert.equal(e.providerCode, '724');
  assert.match(e.message, /not one of your contacts/);
  e = await rejects(() => cp.payout(payee('+2250707000038', { reference: 'cp-804' })), ProviderError);
  assert.deepEqual([e.providerCode, e.reason, e.retryable], ['804', 'provider_unavailable', true]);
  e = await rejects(() => cp.status('cp-no-such-transfer'), ProviderError);
  assert.equal(e.providerCode, '723');
  for (const ref of ['cp-719', 'cp-720', 'cp-724', 'cp-804']) assert.equal(executionsOf(ref).length, 0, ref);
});

test('602 INSUFFICIENT_BALANCE on a poor account; 705 EXPIRED_TOKEN → one fresh login and one retry', async () => {
  let clock = Date.now();
  const poor = await startSandbox({ now: () => clock, finalDelayMs: 60, callbackDelayMs: 20, cinetpay: { balance: 1000 } });
  try {
    const c = new CinetPay({ ...poor.credentials.cinetpay, baseUrl: poor.baseUrls.cinetpay });
    const e = await rejects(() => c.payout(payee('+2250707000041', { amount: 5000, reference: 'cp-602' })), ProviderError);
    assert.deepEqual([e.providerCode, e.reason], ['602', 'insufficient_funds']);
    assert.equal(reqs(poor, '/auth/login').length, 1);
    clock += 301_000; // the sandbox's token is now 5 min 1 s old; the SDK's own clock says it is still fresh
    const [b] = await c.balance();
    assert.equal(b.available, '1000');
    assert.equal(reqs(poor, '/auth/login').length, 2, 'one fresh login');
    const bals = reqs(poor, '/transfer/check/balance');
    assert.equal(bals.length, 2, 'sent twice');
    assert.notEqual(bals[0].query.token, bals[1].query.token, 'again with the fresh token');
    // 706 after the sandbox forgot every token (reset() also empties its request log): same recovery.
    poor.reset();
    const [b2] = await c.balance();
    assert.equal(b2.available, '1000');
    assert.equal(reqs(poor, '/auth/login').length, 1, 'one fresh login after 706');
    assert.equal(reqs(poor, '/transfer/check/balance').length, 2);
  } finally {
    await poor.close();
  }
});

test('concurrent calls on a cold client share ONE login', async () => {
  const fresh = new CinetPay({ ...sb.credentials.cinetpay, baseUrl: sb.baseUrls.cinetpay });
  const logins = reqs(sb, '/auth/login').length;
  const results = await Promise.all([fresh.balance(), fresh.balance(), fresh.status('cp-batch-1')]);
  assert.equal(results.length, 3);
  assert.equal(reqs(sb, '/auth/login').length, logins + 1);
});

test('wrong credentials: AuthError 701 (HTTP 401) that names no secret', async () => {
  const bad = new CinetPay({ apiKey: sb.credentials.cinetpay.apiKey, password: 'not-the-password-xyz', baseUrl: sb.baseUrls.cinetpay, lang: 'en' });
  const e = await rejects(() => bad.balance(), AuthError);
  assert.deepEqual([e.code, e.providerCode, e.httpStatus, e.provider], ['auth_error', '701', 401, 'cinetpay']);
  assert.match(e.message, /INVALID_CREDENTIALS/);
  const text = `${e.message} ${JSON.stringify(e)} ${inspect(e)}`;
  assert.ok(!text.includes('not-the-password-xyz') && !text.includes(sb.credentials.cinetpay.apiKey), text);
  assert.equal(reqs(sb, '/auth/login').at(-1).query.lang, 'en');
});

test('lang "en" is sent on every call', async () => {
  const en = new CinetPay({ ...sb.credentials.cinetpay, baseUrl: sb.baseUrls.cinetpay, lang: 'en' });
  const before = sb.requests().length;
  await en.balance();
  await rejects(() => en.status('cp-missing-en'), ProviderError);
  const mine = sb.requests().slice(before);
  assert.ok(mine.length >= 3);
  assert.ok(mine.every((r) => r.query.lang === 'en'), JSON.stringify(mine.map((r) => r.query.lang)));
});

test('a lost answer (500-after): executed once, the retry meets 805 and reads the status instead of sending again', async () => {
  sb.injectFault({ provider: 'cinetpay', path: '/money/send', fault: '500-after', times: 1 });
  const tx = await cp.payout(payee('+2250707000051', { reference: 'cp-lost-1' }));
  assert.equal(tx.reference, 'cp-lost-1');
  assert.ok(['pending', 'success'].includes(tx.status), tx.status);
  const sends = reqs(sb, '/money/send/contact').filter((r) => sentItems(r)[0].client_transaction_id === 'cp-lost-1');
  assert.equal(sends.length, 2, 'one retry, the same id');
  assert.deepEqual(sends.map((r) => r.rawBody)[0], sends[1].rawBody);
  assert.equal(reqs(sb, '/check/money').at(-1).query.client_transaction_id, 'cp-lost-1');
  assert.equal(executionsOf('cp-lost-1').length, 1);
});

test('a reset connection after execution (reset-after) is resolved the same way', async () => {
  sb.injectFault({ provider: 'cinetpay', path: '/money/send', fault: 'reset-after', times: 1 });
  const tx = await cp.payout(payee('+2250707000061', { reference: 'cp-reset-1' }));
  assert.equal(tx.reference, 'cp-reset-1');
  assert.equal(executionsOf('cp-reset-1').length, 1);
});

test('an unreadable answer after execution (truncated-json-after) is resolved by check/money, not a second send', async () => {
  sb.injectFault({ provider: 'cinetpay', path: '/money/send', fault: 'truncated-json-after', times: 1 });
  const tx = await cp.payout(payee('+2250707000111', { reference: 'cp-trunc-1' }));
  assert.equal(tx.reference, 'cp-trunc-1');
  assert.equal(reqs(sb, '/money/send/contact').filter((r) => sentItems(r)[0].client_transaction_id === 'cp-trunc-1').length, 1);
  assert.equal(executionsOf('cp-trunc-1').length, 1);
  // A server that keeps failing before executing: the error names the reference to check.
  sb.injectFault({ provider: 'cinetpay', path: '/money/send', fault: '503', times: 3 });
  const e = await rejects(() => cp.payout(payee('+2250707000111', { reference: 'cp-503-1' })), ProviderError);
  assert.equal(e.httpStatus, 503);
  assert.match(e.message, /check status\(cp-503-1\)/);
  assert.equal(executionsOf('cp-503-1').length, 0);
});

test('805 for a reference of another transfer is an error; the same payout again returns the first one', async () => {
  const first = await cp.payout(payee('+2250707000071', { reference: 'cp-805' }));
  const again = await cp.payout(payee('+2250707000071', { reference: 'cp-805' }));
  assert.equal(again.reference, 'cp-805');
  assert.equal(again.transactionId, first.transactionId);
  const e = await rejects(() => cp.payout(payee('+2250707000071', { reference: 'cp-805', amount: 900 })), ProviderError);
  assert.equal(e.providerCode, '805');
  assert.match(e.message, /another transfer/);
  assert.equal(executionsOf('cp-805').length, 1);
});

test('REJ (phone ending in 3): failed/rejected; a forged notification is caught by confirmCallback', async () => {
  sb.injectFault({ provider: 'cinetpay', path: '/money/send', fault: 'forged-callback', times: 1 });
  const tx = await cp.payout(payee('+2250707000003', { reference: 'cp-rej-1' }));
  const [note] = await notesFor('cp-rej-1');
  const claimed = await cp.parseCallback(note.body);
  assert.equal(claimed.status, 'success', 'the forged notification claims VAL');
  const truth = await cp.confirmCallback(note.body);
  assert.deepEqual([truth.status, truth.reason, truth.providerStatus, truth.amount], ['failed', 'rejected', 'REJ', '500']);
  assert.equal((await cp.status(tx.reference)).status, 'failed');
});

test('awaiting e-mail confirmation (phone ending in 9) stays pending; duplicate notifications parse the same', async () => {
  const tx = await cp.payout(payee('+2250707000009', { reference: 'cp-nos-9' }));
  await sleep(150);
  assert.equal((await cp.status('cp-nos-9')).status, 'pending');
  sb.injectFault({ provider: 'cinetpay', path: '/money/send', fault: 'duplicate-callback', times: 1 });
  await cp.payout(payee('+2250707000081', { reference: 'cp-dup-1' }));
  const got = await notesFor('cp-dup-1', 2);
  const refs = await Promise.all(got.map(async (n) => (await cp.parseCallback(n.body)).reference));
  assert.deepEqual(refs, ['cp-dup-1', 'cp-dup-1']);
  assert.equal(tx.status, 'pending');
});

test('transport faults: 503/502/429 are retried, a truncated or empty body is a ParseError, wrong content type is read', async () => {
  sb.injectFault({ provider: 'cinetpay', path: '/check/balance', fault: '503', times: 1 });
  sb.injectFault({ provider: 'cinetpay', path: '/transfer/contact', fault: '502', times: 1 });
  assert.equal((await cp.balance()).length, 1);
  const c = await cp.addContacts([{ phone: '+2250707000091', name: 'A', surname: 'B', email: 'a@b.ci' }]);
  assert.equal(c[0].ok, true);
  sb.injectFault({ provider: 'cinetpay', path: '/check/balance', fault: '429', retryAfter: 0, times: 1 });
  assert.equal((await cp.balance()).length, 1);
  sb.injectFault({ provider: 'cinetpay', path: '/check/balance', fault: 'truncated-json', times: 1 });
  await rejects(() => cp.balance(), ParseError);
  sb.injectFault({ provider: 'cinetpay', path: '/check/balance', fault: 'empty-body', times: 1 });
  await rejects(() => cp.balance(), ParseError);
  // The real JSON served as text/html is still read; an HTML page instead of the answer is a ParseError.
  sb.injectFault({ provider: 'cinetpay', path: '/check/balance', fault: 'wrong-content-type-after', times: 1 });
  assert.equal((await cp.balance()).length, 1);
  sb.injectFault({ provider: 'cinetpay', path: '/check/balance', fault: 'wrong-content-type', times: 1 });
  await rejects(() => cp.balance(), ParseError);
});

test('a slow answer is a TimeoutError; an unreachable host is a NetworkError', async () => {
  // Log in with a patient client; the impatient one reuses its token through a shared store, so only the slow
  // call runs under the 150 ms limit (a login under that limit flakes on a loaded machine).
  const tokens = memoryTokenStore();
  await new CinetPay({ ...sb.credentials.cinetpay, baseUrl: sb.baseUrls.cinetpay, tokenStore: tokens }).balance();
  const quick = new CinetPay({ ...sb.credentials.cinetpay, baseUrl: sb.baseUrls.cinetpay, timeoutMs: 150, maxRetries: 0, tokenStore: tokens });
  sb.injectFault({ provider: 'cinetpay', path: '/check/balance', fault: 'slow', delayMs: 1000, times: 1 });
  const t = await rejects(() => quick.balance(), TimeoutError);
  assert.equal(t.timeoutMs, 150);
  const down = new CinetPay({ ...sb.credentials.cinetpay, baseUrl: 'http://127.0.0.1:9/cinetpay/v1', maxRetries: 0 });
  await rejects(() => down.balance(), NetworkError);
});

test('bad input is a ValidationError naming the field, before anything is sent', async () => {
  const before = sb.requests().length;
  const cases = [
    [{ ...payee('+2250707000101'), amount: '12.5' }, 'amount', /whole number/],
    [{ ...payee('+2250707000101'), callbackUrl: undefined }, 'callbackUrl', /725/],
    [{ ...payee('0707000101') }, 'phone', /international/],
    [{ ...payee('+2250707000101'), currency: 'XAF' }, 'currency', /XOF/],
    [{ ...payee('+2250707000101'), email: 'nope' }, 'email', /e-mail/],
    [{ ...payee('+2250707000101'), amount: Number.NaN }, 'amount', /NaN/],
    [{ ...payee('+2250707000101'), providerId: 14 }, 'providerId', /not a field/],
  ];
  for (const [req, field, rule] of cases) {
    const e = await rejects(() => cp.payout(req), ValidationError);
    assert.equal(e.field, field, e.message);
    assert.match(e.message, rule);
  }
  await rejects(() => cp.addContacts([]), ValidationError);
  await rejects(() => cp.sendMoney('nope'), ValidationError);
  await rejects(() => cp.status(''), ValidationError);
  assert.throws(() => new CinetPay({ apiKey: 'k' }), (e) => e instanceof ValidationError && e.field === 'password');
  assert.throws(() => new CinetPay({ apiKey: 'k', password: 'p', lang: 'de' }), (e) => e instanceof ValidationError && e.field === 'lang');
  assert.equal(sb.requests().length, before, 'nothing was sent');
});

test('collect is unsupported and says why; the liveness GET is recognised', async () => {
  const e = await rejects(() => cp.collect({ amount: 500, currency: 'XOF', phone: '+2250707000001' }), UnsupportedError);
  assert.equal(e.code, 'unsupported');
  assert.match(e.message, /not in CinetPay's transfer \(payout\) API/);
  assert.equal(cp.isLivenessPing('GET', ''), true);
  assert.equal(cp.isLivenessPing('POST', 'transaction_id=1'), false);
  const v = await rejects(() => cp.parseCallback(''), ValidationError);
  assert.match(v.message, /liveness ping/);
});

test('no secret (password, API key, token) in any thrown error, the client, or its JSON', async () => {
  const { apiKey, password } = sb.credentials.cinetpay;
  const tokens = [...new Set(sb.requests().map((r) => r.query?.token).filter(Boolean))];
  assert.ok(tokens.length >= 2, 'tokens were issued');
  assert.ok(thrown.length >= 20, `errors collected: ${thrown.length}`);
  const texts = thrown.map((e) => `${e.message}\n${JSON.stringify(e)}\n${inspect(e)}\n${e.stack}`);
  texts.push(inspect(cp), JSON.stringify(cp), String(cp));
  for (const t of texts) {
    for (const s of [apiKey, password, ...tokens]) assert.ok(!t.includes(s), `secret leaked in: ${t.slice(0, 300)}`);
  }
});
