// The sandbox's AliansPay provider and its TOTP (js/sandbox/lib/totp.js), through the real server and raw
// HTTP (never the SDK). OTPs sent to the sandbox are made with npm otplib + base32-encode, exactly as
// AliansPay’s docs (docs/providers/alianspay.md) do, not with the sandbox's own TOTP. Expected values come from docs/providers/alianspay.md,
// docs/providers/alianspay.md, RFC 4226/6238 and js/sandbox/docs/alianspay.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { authenticator } from 'otplib';
import base32Encode from 'base32-encode';
import { startSandbox } from '../../../js/sandbox/index.js';
import { call, sleep, startReceiver, waitFor } from './support.mjs';
import { hotp, totp, aliansPayOtp, verifyTotp } from '../../../js/sandbox/lib/totp.js';

const FINAL_MS = 40;
const CALLBACK_MS = 10;

/** The AliansPay docs' own code: base32Encode(Buffer.from(guid)) then otplib's authenticator. */
function docsOtp(guid, unixTimeSeconds = Date.now() / 1000) {
  const secret = base32Encode(Buffer.from(guid), 'RFC4648', { padding: false });
  return authenticator.clone({ epoch: Math.floor(unixTimeSeconds * 1000) }).generate(secret);
}

// ---------------------------------------------------------------------------------------------- TOTP

// RFC 6238 Appendix B (8 digits, T0 = 0, X = 30). Seeds per RFC 6238 Appendix A's reference code: the
// ASCII "1234567890" repeated to 20 (SHA1), 32 (SHA256) and 64 (SHA512) bytes.
const RFC6238 = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];
const seed = (n) => '1234567890'.repeat(7).slice(0, n);

test('TOTP matches RFC 6238 Appendix B (SHA1, SHA256, SHA512)', () => {
  for (const [t, sha1, sha256, sha512] of RFC6238) {
    assert.equal(totp(seed(20), { unixTime: t, digits: 8, algorithm: 'sha1' }), sha1, `SHA1 at ${t}`);
    assert.equal(totp(seed(32), { unixTime: t, digits: 8, algorithm: 'sha256' }), sha256, `SHA256 at ${t}`);
    assert.equal(totp(seed(64), { unixTime: t, digits: 8, algorithm: 'sha512' }), sha512, `SHA512 at ${t}`);
  }
});

test('HOTP matches RFC 4226 Appendix D', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((otp, counter) => assert.equal(hotp(seed(20), counter), otp, `counter ${counter}`));
});

test('the AliansPay OTP equals the docs code (otplib v12 + base32-encode) for many GUIDs and times', () => {
  const guids = [
    'cd8fb6d0-051d-4187-9d32-481ff4c0bfab', // the sample GUID of AliansPay’s callback table (docs/providers/alianspay.md#callbacks)
    '3f0c9a52-7d1e-4b8a-9c61-5e2f4a7b8d90',
    'A1B2C3D4-0000-4FFF-8AAA-123456789ABC',
  ];
  const times = [0, 29, 30, 59, 1_000_000_000, 1_700_000_000, 1_700_000_029.999, 2_000_000_000, Math.floor(Date.now() / 1000)];
  for (const g of guids) {
    for (const t of times) assert.equal(aliansPayOtp(g, t), docsOtp(g, t), `${g} at ${t}`);
  }
});

test('the AliansPay OTP matches the shared vectors (tests/vectors/alianspay_otp.json)', () => {
  const file = new URL('../../vectors/alianspay_otp.json', import.meta.url);
  const vectors = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(vectors.cases.length > 0);
  for (const c of vectors.cases) assert.equal(aliansPayOtp(c.guid, c.unix_time), c.otp, `${c.guid} at ${c.unix_time}`);
});

test('verifyTotp accepts the current and the previous window only, by default', () => {
  const g = 'cd8fb6d0-051d-4187-9d32-481ff4c0bfab';
  const now = 1_700_000_010 + 12; // 12 s into a window
  const at = (dt) => docsOtp(g, now + dt);
  assert.deepEqual(verifyTotp(g, at(0), { unixTime: now }), { ok: true, delta: 0 });
  assert.deepEqual(verifyTotp(g, at(-30), { unixTime: now }), { ok: true, delta: -1 });
  assert.equal(verifyTotp(g, at(-60), { unixTime: now }).ok, false);
  assert.equal(verifyTotp(g, at(30), { unixTime: now }).ok, false);
  assert.equal(verifyTotp(g, at(30), { unixTime: now, futureWindows: 1 }).ok, true);
  for (const bad of ['', '12345', '1234567', 'abcdef', undefined, 123456]) {
    assert.equal(verifyTotp(g, bad, { unixTime: now }).ok, false, String(bad));
  }
});

// ---------------------------------------------------------------------------------------------- HTTP

let sb;
let base;
let guid;
let listener;
let received;

function authHeaders(extra = {}, s = sb) {
  const g = s.credentials.alianspay.guid;
  return { guid: g, otp: docsOtp(g), ...extra };
}

function post(path, body, extra = {}, s = sb) {
  return call(`${s.baseUrls.alianspay}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(extra, s) },
    body: JSON.stringify(body),
  });
}

function get(path, extra = {}, s = sb) {
  return call(`${s.baseUrls.alianspay}${path}`, { headers: authHeaders(extra, s) });
}

const callbackUrl = (tag) => `${listener.origin}/cb/${tag}`;
let seq = 0;
const uid = (p) => `${p}-${process.pid}-${++seq}`;

function op(patch = {}) {
  const id = uid('MP');
  return {
    moyenPayment: 'OM', amount: 1500, currency: 'XAF', reference: '237696985690', externalTransactionId: id,
    callbackUrl: callbackUrl(id), description: 'sandbox test', ...patch,
  };
}

const executionsOf = (key, s = sb) => s.executions().filter((e) => e.provider === 'alianspay' && e.key === key);

before(async () => {
  listener = await startReceiver();
  received = listener.received;
  sb = await startSandbox({ finalDelayMs: FINAL_MS, callbackDelayMs: CALLBACK_MS });
  base = sb.baseUrls.alianspay;
  guid = sb.credentials.alianspay.guid;
});

after(async () => {
  await sb?.close();
  await listener?.close();
});

test('base URL and credentials: { guid }', () => {
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/alianspay$/);
  assert.deepEqual(Object.keys(sb.credentials.alianspay), ['guid']);
  assert.match(guid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
});

test('auth: missing guid, unknown guid, missing otp and a wrong otp are 401; no secret in the answer', async () => {
  const good = docsOtp(guid);
  const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
  const cases = [
    [{ otp: good }, 'MISSING_GUID'],
    [{ guid: '00000000-0000-4000-8000-000000000000', otp: good }, 'INVALID_GUID'],
    [{ guid }, 'MISSING_OTP'],
    [{ guid, otp: wrong }, 'INVALID_OTP'],
    [{ guid, otp: 'abcdef' }, 'INVALID_OTP'],
  ];
  for (const [headers, code] of cases) {
    const r = await call(`${base}/api/v1/balance`, { headers });
    assert.equal(r.status, 401, code);
    assert.equal(r.json.status, 'ERROR');
    assert.equal(r.json.code, code);
    assert.ok(!r.text.includes(guid), 'the GUID (the OTP secret) is never echoed');
    assert.ok(!r.text.includes(good), 'the OTP is never echoed');
  }
  assert.equal((await get('/api/v1/balance')).status, 200);
});

test('OTP windows on the sandbox clock: current and previous accepted; two windows old or next window rejected', async () => {
  const t0 = 1_700_000_010; // a window boundary (divisible by 30)
  let clock = (t0 + 5) * 1000;
  const s = await startSandbox({ now: () => clock });
  try {
    const g = s.credentials.alianspay.guid;
    const balance = (otp) => call(`${s.baseUrls.alianspay}/api/v1/balance`, { headers: { guid: g, otp } });
    assert.equal((await balance(docsOtp(g, t0 + 5))).status, 200, 'current window');
    assert.equal((await balance(docsOtp(g, t0 - 1))).status, 200, 'previous window');
    const stale = await balance(docsOtp(g, t0 - 31));
    assert.equal(stale.status, 401, 'two windows old');
    assert.equal(stale.json.code, 'INVALID_OTP');
    assert.match(stale.json.message, /expired/i);
    assert.equal((await balance(docsOtp(g, t0 + 30))).status, 401, 'next window');
    // an OTP made now is still good 29 s later (previous window), not 31 s later (two windows old)
    const otp = docsOtp(g, t0 + 5);
    clock = (t0 + 59) * 1000;
    assert.equal((await balance(otp)).status, 200);
    clock = (t0 + 60) * 1000;
    assert.equal((await balance(otp)).status, 401);
  } finally {
    await s.close();
  }
});

test('balance: one entry per currency of AliansPay’s table (XAF, XOF, GNF)', async () => {
  const r = await get('/api/v1/balance');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'SUCCESS');
  assert.deepEqual(r.json.balances.map((b) => b.currency).sort(), ['GNF', 'XAF', 'XOF']);
});

test('collection: PENDING, then SUCCESS; the callback has AliansPay’s fields and says SUCCESSFUL', async () => {
  const body = op();
  const r = await post('/api/v1/collection', body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'PENDING');
  assert.equal(r.json.externalTransactionId, body.externalTransactionId);
  assert.equal(r.json.transaction, 'COLLECTION');
  assert.equal(r.json.amount, 1500);
  assert.equal(r.json.currency, 'XAF');
  assert.ok(!('paymentUrl' in r.json), 'OM collections need no redirect');
  assert.equal(executionsOf(body.externalTransactionId).length, 1);
  assert.equal(executionsOf(body.externalTransactionId)[0].operation, 'collect');

  const done = await waitFor(async () => {
    const s = await get(`/api/v1/transaction/${body.externalTransactionId}`);
    return s.json.status === 'SUCCESS' ? s : null;
  }, 'SUCCESS');
  assert.equal(done.json.transactionId, r.json.transactionId);

  const cb = await waitFor(() => received.find((x) => x.url === `/cb/${body.externalTransactionId}`), 'the callback');
  assert.equal(cb.method, 'POST');
  assert.match(cb.headers['content-type'], /^application\/json/);
  const j = JSON.parse(cb.body);
  assert.deepEqual(Object.keys(j).sort(), [
    'amount', 'description', 'externalTransactionId', 'guid', 'message', 'partner', 'paymentMethod', 'reference', 'status', 'transaction',
  ]);
  assert.equal(j.status, 'SUCCESSFUL');
  assert.equal(j.externalTransactionId, body.externalTransactionId);
  assert.equal(j.reference, body.reference);
  assert.equal(j.paymentMethod, 'OM');
  assert.equal(j.transaction, 'COLLECTION');
  assert.equal(j.amount, 1500);
  assert.equal(j.description, 'sandbox test');
  assert.notEqual(j.guid, guid, 'the partner GUID (an OTP secret) is not sent in callbacks');
});

test('WAVE and VISA_MASTERCARD collections return paymentUrl, a sandbox page; other methods do not', async () => {
  const wave = await post('/api/v1/collection', op({ moyenPayment: 'WAVE', currency: 'XOF', reference: '221771234560' }));
  assert.equal(wave.status, 200, wave.text);
  assert.ok(wave.json.paymentUrl.startsWith(`${base}/`), wave.json.paymentUrl);
  const page = await fetch(wave.json.paymentUrl);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(await page.text(), /WAVE/);

  const card = await post('/api/v1/collection', op({ moyenPayment: 'VISA_MASTERCARD', currency: 'XAF', reference: '237696985690' }));
  assert.equal(card.status, 200, card.text);
  assert.ok(card.json.paymentUrl);

  const payout = await post('/api/v1/disbursement', op({ moyenPayment: 'WAVE', currency: 'XOF', reference: '221771234560' }));
  assert.equal(payout.status, 200, payout.text);
  assert.ok(!('paymentUrl' in payout.json), 'disbursements never need a redirect');
});

test('the country x moyenPayment x currency matrix of AliansPay is enforced', async () => {
  // Transcribed from AliansPay’s table (docs/providers/alianspay.md#tables), independently of the provider's own table.
  const matrix = {
    '237': ['XAF', ['OM', 'MOMO', 'AP', 'VISA_MASTERCARD']], // Cameroon
    '221': ['XOF', ['AP', 'OM', 'WAVE', 'VISA_MASTERCARD']], // Senegal
    '228': ['XOF', ['AP', 'VISA_MASTERCARD', 'TMoney']], // Togo
    '235': ['XAF', ['AP', 'VISA_MASTERCARD', 'MOOV']], // Chad
    '224': ['GNF', ['MOMO', 'AP']], // Guinea
  };
  const methods = ['OM', 'MOMO', 'AP', 'VISA_MASTERCARD', 'WAVE', 'TMoney', 'MOOV'];
  for (const [dial, [currency, allowed]] of Object.entries(matrix)) {
    for (const m of methods) {
      const body = op({ moyenPayment: m, currency, reference: `${dial}60000000`, callbackUrl: undefined });
      const r = await post('/api/v1/collection', body);
      if (allowed.includes(m)) {
        assert.equal(r.status, 200, `${m} in +${dial}: ${r.text}`);
      } else {
        assert.equal(r.status, 400, `${m} in +${dial} must be refused`);
        assert.equal(r.json.code, 'PAYMENT_METHOD_NOT_AVAILABLE', `${m} in +${dial}`);
        assert.equal(executionsOf(body.externalTransactionId).length, 0);
      }
    }
  }
  const wrongCurrency = await post('/api/v1/collection', op({ moyenPayment: 'OM', currency: 'XOF', reference: '237696985690' }));
  assert.equal(wrongCurrency.status, 400);
  assert.equal(wrongCurrency.json.code, 'INVALID_CURRENCY');
  const unknownCountry = await post('/api/v1/collection', op({ moyenPayment: 'OM', currency: 'XOF', reference: '2250700000000' }));
  assert.equal(unknownCountry.status, 400);
  assert.equal(unknownCountry.json.code, 'UNSUPPORTED_COUNTRY');
  const lowerCase = await post('/api/v1/collection', op({ moyenPayment: 'om' }));
  assert.equal(lowerCase.status, 400);
  assert.equal(lowerCase.json.code, 'INVALID_PAYMENT_METHOD');
  const explicitCountry = await post('/api/v1/collection', op({ moyenPayment: 'WAVE', currency: 'XOF', reference: '771234560', country: 'SN' }));
  assert.equal(explicitCountry.status, 200, explicitCountry.text);
});

test('request validation: JSON body, required fields, whole positive amount, callbackUrl', async () => {
  const cases = [
    [{ amount: undefined }, 'MISSING_PARAMETER'],
    [{ externalTransactionId: undefined }, 'MISSING_PARAMETER'],
    [{ amount: 10.5 }, 'INVALID_AMOUNT'],
    [{ amount: -5 }, 'INVALID_AMOUNT'],
    [{ reference: 'not-a-phone' }, 'INVALID_REFERENCE'],
    [{ callbackUrl: 'javascript:alert(1)' }, 'INVALID_CALLBACK_URL'],
  ];
  for (const [patch, code] of cases) {
    const r = await post('/api/v1/collection', op(patch));
    assert.equal(r.status, 400, JSON.stringify(patch));
    assert.equal(r.json.code, code, JSON.stringify(patch));
  }
  const notJson = await call(`${base}/api/v1/collection`, { method: 'POST', headers: { ...authHeaders(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.json.code, 'INVALID_REQUEST');
});

test('disbursement: reserved from the balance, SUCCESS, callback DISBURSEMENT; above the balance is 400', async () => {
  const s = await startSandbox({ finalDelayMs: FINAL_MS, callbackDelayMs: CALLBACK_MS, alianspay: { initialBalance: 10_000 } });
  try {
    const xaf = async () => (await get('/api/v1/balance', {}, s)).json.balances.find((b) => b.currency === 'XAF').amount;
    const body = op({ amount: 4000 });
    const r = await post('/api/v1/disbursement', body, {}, s);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.transaction, 'DISBURSEMENT');
    assert.equal(executionsOf(body.externalTransactionId, s)[0].operation, 'payout');
    assert.equal(await xaf(), 6000);
    const cb = await waitFor(() => received.find((x) => x.url === `/cb/${body.externalTransactionId}`), 'the callback');
    const j = JSON.parse(cb.body);
    assert.equal(j.transaction, 'DISBURSEMENT');
    assert.equal(j.status, 'SUCCESSFUL');
    assert.equal(await xaf(), 6000);

    const tooBig = op({ amount: 6001 });
    const big = await post('/api/v1/disbursement', tooBig, {}, s);
    assert.equal(big.status, 400);
    assert.equal(big.json.code, 'NOT_ENOUGH_FUNDS');
    assert.equal(executionsOf(tooBig.externalTransactionId, s).length, 0);

    const failing = op({ amount: 1000, reference: '237696985693' });
    await post('/api/v1/disbursement', failing, {}, s);
    await waitFor(async () => (await get(`/api/v1/transaction/${failing.externalTransactionId}`, {}, s)).json.status === 'FAILED', 'FAILED');
    assert.equal(await xaf(), 6000, 'a failed disbursement gives the money back');
  } finally {
    await s.close();
  }
});

test('failure amounts 4001-4010 end in the documented statuses, in the status query and the callback', async () => {
  const expected = {
    4001: 'PAYEE_NOT_FOUND', 4002: 'NOT_ENOUGH_FUNDS', 4003: 'PAYER_LIMIT_REACHED', 4004: 'PAYEE_NOT_ALLOWED_TO_RECEIVE',
    4005: 'EXPIRED', 4006: 'TRANSACTION_CANCELED', 4007: 'APPROVAL_REJECTED', 4008: 'COULD_NOT_PERFORM_TRANSACTION',
    4009: 'ERROR', 4010: 'FAILED',
  };
  const ids = {};
  for (const amount of Object.keys(expected)) {
    const body = op({ amount: Number(amount) });
    ids[amount] = body.externalTransactionId;
    assert.equal((await post('/api/v1/collection', body)).status, 200);
  }
  for (const [amount, status] of Object.entries(expected)) {
    const cb = await waitFor(() => received.find((x) => x.url === `/cb/${ids[amount]}`), `callback of ${amount}`);
    assert.equal(JSON.parse(cb.body).status, status, amount);
    assert.equal((await get(`/api/v1/transaction/${ids[amount]}`)).json.status, status, amount);
  }
});

test('a phone ending in 3 fails; one ending in 9 stays PENDING until the control endpoint settles it', async () => {
  const failing = op({ reference: '237696985693' });
  await post('/api/v1/collection', failing);
  const cb = await waitFor(() => received.find((x) => x.url === `/cb/${failing.externalTransactionId}`), 'FAILED callback');
  assert.equal(JSON.parse(cb.body).status, 'FAILED');

  const stuck = op({ reference: '237696985699' });
  await post('/api/v1/collection', stuck);
  await sleep(FINAL_MS + CALLBACK_MS + 80);
  assert.equal((await get(`/api/v1/transaction/${stuck.externalTransactionId}`)).json.status, 'PENDING');
  assert.equal(received.filter((x) => x.url === `/cb/${stuck.externalTransactionId}`).length, 0);
  const res = await call(`${sb.url}/__sandbox/callbacks/alianspay/${stuck.externalTransactionId}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'SUCCESS' }),
  });
  assert.equal(res.status, 200);
  const late = await waitFor(() => received.find((x) => x.url === `/cb/${stuck.externalTransactionId}`), 'triggered callback');
  assert.equal(JSON.parse(late.body).status, 'SUCCESSFUL');
  assert.equal((await get(`/api/v1/transaction/${stuck.externalTransactionId}`)).json.status, 'SUCCESS');
});

test('a reused externalTransactionId is executed once: same request replays, another is 409', async () => {
  const body = op();
  const first = await post('/api/v1/collection', body);
  const again = await post('/api/v1/collection', body);
  assert.equal(again.status, 200);
  assert.equal(again.json.transactionId, first.json.transactionId);
  assert.equal(executionsOf(body.externalTransactionId).length, 1);
  const other = await post('/api/v1/collection', { ...body, amount: 2500 });
  assert.equal(other.status, 409);
  assert.equal(other.json.code, 'DUPLICATE_EXTERNAL_TRANSACTION_ID');
  const asPayout = await post('/api/v1/disbursement', body);
  assert.equal(asPayout.status, 409);
  assert.equal(executionsOf(body.externalTransactionId).length, 1);
});

test('a disbursement whose response is lost (truncated-json-after) was executed once; the retry replays it', async () => {
  const body = op({ amount: 2000 });
  const lost = await post('/api/v1/disbursement', body, { 'x-sandbox-fault': 'truncated-json-after' });
  assert.equal(lost.json, undefined, 'the body is cut');
  assert.equal(executionsOf(body.externalTransactionId).length, 1);
  const retry = await post('/api/v1/disbursement', body);
  assert.equal(retry.status, 200);
  assert.equal(retry.json.externalTransactionId, body.externalTransactionId);
  assert.equal(executionsOf(body.externalTransactionId).length, 1);
});

test('unknown transaction is 404; wrong method 405; unknown path 404', async () => {
  const r = await get('/api/v1/transaction/never-sent');
  assert.equal(r.status, 404);
  assert.equal(r.json.code, 'NOT_FOUND');
  const wrong = await call(`${base}/api/v1/collection`, { headers: authHeaders() });
  assert.equal(wrong.status, 405);
  assert.equal((await get('/api/v2/collection')).status, 404);
});

test('forged-callback: the callback claims SUCCESSFUL with another amount; the status query tells the truth', async () => {
  const body = op({ reference: '237696985693', amount: 3000 });
  await post('/api/v1/collection', body, { 'x-sandbox-fault': 'forged-callback' });
  const cb = await waitFor(() => received.find((x) => x.url === `/cb/${body.externalTransactionId}`), 'forged callback');
  const j = JSON.parse(cb.body);
  assert.equal(j.status, 'SUCCESSFUL');
  assert.notEqual(j.amount, 3000);
  const truth = await get(`/api/v1/transaction/${body.externalTransactionId}`);
  assert.equal(truth.json.status, 'FAILED');
  assert.equal(truth.json.amount, 3000);
});
