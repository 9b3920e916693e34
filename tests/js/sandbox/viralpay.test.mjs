// The sandbox's ViralPAY v1 provider, through the real server and raw HTTP (never the SDK).
// Expected values come from docs/providers/viralpay.md and from js/sandbox/docs/viralpay.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from '../../../js/sandbox/index.js';
import { call, sleep, startReceiver, waitFor } from './support.mjs';

const FINAL_MS = 40;
const CALLBACK_MS = 10;

let sb;
let base;
let creds;
let listener;
let received;

const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function tokenRequest(c, { header, form } = {}) {
  const fields = { grant_type: 'password', client_id: c.clientId, client_secret: c.clientSecret, username: c.username, password: c.password, ...form };
  for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  const auth = header === undefined ? basic(c.clientId, c.clientSecret) : header;
  if (auth !== null) headers.authorization = auth;
  return { method: 'POST', headers, body: new URLSearchParams(fields).toString() };
}

async function getToken(sandbox = sb) {
  const r = await call(`${sandbox.baseUrls.viralpay}/v1/token`, tokenRequest(sandbox.credentials.viralpay));
  assert.equal(r.status, 200, r.text);
  return r.json.data.access_token;
}

function api(token, sandbox = sb) {
  const root = sandbox.baseUrls.viralpay;
  const headers = { authorization: `Bearer ${token}` };
  return {
    get: (path) => call(`${root}${path}`, { headers }),
    post: (path, body, extra = {}) => call(`${root}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', ...extra },
      body: JSON.stringify(body),
    }),
  };
}

function assertEnvelope(json) {
  assert.ok(Number.isInteger(json.request_id), 'request_id is an integer');
  assert.equal(typeof json.timestamp, 'number');
  assert.ok('data' in json);
}

const notifyUrl = (tag) => `${listener.origin}/notify/${tag}`;

let seq = 0;
const uid = (p) => `${p}-${process.pid}-${++seq}`;

/** ViralPAY’s payment example (docs/providers/viralpay.md#request-fields), with a fresh order_id and a phone ending in the given digit. */
function paymentBody(lastDigit = '0', patch = {}) {
  const order = uid('ord');
  return {
    operator: 'wave',
    country: 'sn',
    phone_number: `07572304${String(seq % 10)}${lastDigit}`,
    currency: 'XOF',
    order_id: order,
    reference_id: uid('ref'),
    amount: 200,
    lang: 'en',
    return_url: 'https://example.com/return',
    cancel_url: 'https://example.com/cancel',
    notify_url: notifyUrl(order),
    ...patch,
  };
}

const executionsOf = (key, s = sb) => s.executions().filter((e) => e.provider === 'viralpay' && e.key === key);

before(async () => {
  // a notify_url under /teapot/ is answered 418 (the merchant refuses the notification)
  listener = await startReceiver({ statusFor: (req) => (req.url.includes('/teapot/') ? 418 : 200) });
  received = listener.received;
  sb = await startSandbox({ finalDelayMs: FINAL_MS, callbackDelayMs: CALLBACK_MS });
  base = sb.baseUrls.viralpay;
  creds = sb.credentials.viralpay;
});

after(async () => {
  await sb?.close();
  await listener?.close();
});

// ---------------------------------------------------------------------------------------------- token

test('base URL and credentials as documented', () => {
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/viralpay$/);
  assert.deepEqual(Object.keys(creds).sort(), ['clientId', 'clientSecret', 'password', 'username']);
});

test('POST /v1/token with Basic auth and the password-grant form: {request_id, timestamp, data{access_token, expires_in, token_type}}', async () => {
  const r = await call(`${base}/v1/token`, tokenRequest(creds));
  assert.equal(r.status, 200);
  assertEnvelope(r.json);
  assert.equal(r.json.data.token_type, 'Bearer');
  assert.equal(r.json.data.expires_in, 3600);
  assert.equal(typeof r.json.data.access_token, 'string');
  assert.ok(Math.abs(r.json.timestamp - Date.now() / 1000) < 5, 'timestamp is in seconds');
});

test('token errors: no Basic header, wrong secret, wrong grant, wrong password, missing field, JSON body', async () => {
  const cases = [
    [tokenRequest(creds, { header: null }), 401, 'invalid_client'],
    [tokenRequest(creds, { header: basic(creds.clientId, 'wrong-secret') }), 401, 'invalid_client'],
    [tokenRequest(creds, { form: { client_secret: 'wrong-secret' } }), 401, 'invalid_client'],
    [tokenRequest(creds, { form: { grant_type: 'client_credentials' } }), 400, 'unsupported_grant_type'],
    [tokenRequest(creds, { form: { password: 'wrong-password' } }), 401, 'invalid_grant'],
    [tokenRequest(creds, { form: { username: undefined } }), 400, 'invalid_request'],
    [{ ...tokenRequest(creds), headers: { authorization: basic(creds.clientId, creds.clientSecret), 'content-type': 'application/json' }, body: '{}' }, 400, 'invalid_request'],
  ];
  for (const [i, [init, status, error]] of cases.entries()) {
    const r = await call(`${base}/v1/token`, init);
    assert.equal(r.status, status, `case ${i}: ${r.text}`);
    assertEnvelope(r.json);
    assert.equal(r.json.data, null);
    assert.equal(r.json.error, error, `case ${i}`);
    assert.equal(typeof r.json.message, 'string');
    for (const secret of [creds.clientSecret, creds.password, 'wrong-secret', 'wrong-password']) {
      assert.ok(!r.text.includes(secret), `case ${i} must not echo a secret`);
    }
  }
});

test('Bearer: missing, unknown, and expired tokens are 401 with distinct error codes', async () => {
  const noAuth = await call(`${base}/v1/account`);
  assert.equal(noAuth.status, 401);
  assert.equal(noAuth.json.error, 'unauthorized');
  const unknown = await api('not-a-token').get('/v1/account');
  assert.equal(unknown.status, 401);
  assert.equal(unknown.json.error, 'invalid_token');
  assert.match(unknown.headers.get('www-authenticate'), /^Bearer /);

  let clock = Date.UTC(2025, 2, 3, 8, 0, 0);
  const s = await startSandbox({ now: () => clock, viralpay: { tokenTtlSeconds: 120 } });
  try {
    const tok = await call(`${s.baseUrls.viralpay}/v1/token`, tokenRequest(s.credentials.viralpay));
    assert.equal(tok.json.data.expires_in, 120);
    const token = tok.json.data.access_token;
    clock += 119_000;
    assert.equal((await api(token, s).get('/v1/account')).status, 200);
    clock += 1_000;
    const expired = await api(token, s).get('/v1/account');
    assert.equal(expired.status, 401);
    assert.equal(expired.json.error, 'token_expired');
    assert.equal(expired.json.timestamp, Math.floor(clock / 1000)); // the envelope uses the sandbox clock
  } finally {
    await s.close();
  }
});

// ---------------------------------------------------------------------------------------------- account, balances

test('account info and balances have the fields of ViralPAY’s reference', async () => {
  const a = api(await getToken());
  const acc = await a.get('/v1/account');
  assert.equal(acc.status, 200);
  assertEnvelope(acc.json);
  for (const k of ['business_name', 'business_id', 'quater', 'phone_number']) assert.equal(typeof acc.json.data[k], 'string', k);

  const bal = await a.get('/v1/balances');
  assert.equal(bal.status, 200);
  assert.ok(Array.isArray(bal.json.data) && bal.json.data.length > 0);
  for (const w of bal.json.data) {
    assert.deepEqual(Object.keys(w).sort(), ['balance', 'country_code', 'country_name', 'currency', 'number', 'service']);
    assert.equal(typeof w.balance, 'number');
  }
  assert.ok(bal.json.data.some((w) => w.country_code === 'SN' && w.service === 'wave' && w.currency === 'XOF'));
});

// ---------------------------------------------------------------------------------------------- payments

test('payment (collect): Pending, then Success; found by transaction_id, order_id and reference_id; JSON callback', async () => {
  const a = api(await getToken());
  const body = paymentBody('0');
  const r = await a.post('/v1/payments', body);
  assert.equal(r.status, 200, r.text);
  assertEnvelope(r.json);
  const d = r.json.data;
  assert.equal(d.status, 'Pending');
  assert.equal(d.order_id, body.order_id);
  assert.equal(d.reference_id, body.reference_id);
  assert.equal(d.amount, 200);
  assert.equal(d.currency, 'XOF');
  for (const k of ['transaction_id', 'country', 'lang', 'operator', 'fees', 'taxes', 'provider_id']) assert.ok(k in d, k);
  assert.equal(executionsOf(body.order_id).length, 1);
  assert.equal(executionsOf(body.order_id)[0].operation, 'collect');

  const final = await waitFor(async () => {
    const s = await a.get(`/v1/transactions/status?order_id=${encodeURIComponent(body.order_id)}`);
    return s.json.data.status === 'Success' ? s : null;
  }, 'Success');
  assert.equal(final.json.data.transaction_id, d.transaction_id);
  assert.ok(final.json.data.provider_id);
  const byId = await a.get(`/v1/transactions/status?transaction_id=${d.transaction_id}`);
  assert.equal(byId.json.data.order_id, body.order_id);
  const byRef = await a.get(`/v1/transactions/status?reference_id=${encodeURIComponent(body.reference_id)}`);
  assert.equal(byRef.json.data.transaction_id, d.transaction_id);

  const cb = await waitFor(() => received.find((x) => x.url === `/notify/${body.order_id}`), 'the callback');
  assert.equal(cb.method, 'POST');
  assert.match(cb.headers['content-type'], /^application\/json/);
  const cbJson = JSON.parse(cb.body);
  assertEnvelope(cbJson);
  assert.equal(cbJson.data.status, 'Success');
  assert.equal(cbJson.data.order_id, body.order_id);
  assert.equal(cbJson.data.transaction_id, d.transaction_id);
  assert.equal(cbJson.data.type, 'payment');
});

test('a phone ending in 3 fails (Failed); one ending in 9 stays Pending without a callback', async () => {
  const a = api(await getToken());
  const failing = paymentBody('3');
  await a.post('/v1/payments', failing);
  const cb = await waitFor(() => received.find((x) => x.url === `/notify/${failing.order_id}`), 'the Failed callback');
  assert.equal(JSON.parse(cb.body).data.status, 'Failed');

  const stuck = paymentBody('9');
  await a.post('/v1/payments', stuck);
  await sleep(FINAL_MS + CALLBACK_MS + 80);
  const s = await a.get(`/v1/transactions/status?order_id=${encodeURIComponent(stuck.order_id)}`);
  assert.equal(s.json.data.status, 'Pending');
  assert.equal(received.filter((x) => x.url === `/notify/${stuck.order_id}`).length, 0);
  assert.equal(sb.triggerCallback('viralpay', stuck.order_id, { status: 'Success' }), true);
  const late = await waitFor(() => received.find((x) => x.url === `/notify/${stuck.order_id}`), 'the triggered callback');
  assert.equal(JSON.parse(late.body).data.status, 'Success');
});

test('payment validation: country, currency, phone, amount, reference, operator', async () => {
  const a = api(await getToken());
  const cases = [
    [{ country: 'fr' }, 'invalid_country'],
    [{ currency: 'XAF' }, 'invalid_currency'],
    [{ phone_number: '12ab' }, 'invalid_phone_number'],
    [{ amount: 0 }, 'invalid_amount'],
    [{ amount: 12.5 }, 'invalid_amount'],
    [{ amount: undefined }, 'missing_parameter'],
    [{ reference_id: undefined }, 'missing_parameter'],
    [{ operator: 'mtn' }, 'invalid_operator'],
    [{ notify_url: 'ftp://x' }, 'invalid_notify_url'],
  ];
  for (const [patch, error] of cases) {
    const body = paymentBody('0', patch);
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const r = await a.post('/v1/payments', body);
    assert.equal(r.status, 400, JSON.stringify(patch));
    assert.equal(r.json.error, error, JSON.stringify(patch));
    assert.equal(executionsOf(body.order_id).length, 0);
  }
});

// ---------------------------------------------------------------------------------------------- transfers, idempotency

test('transfer (payout) accepts the table spellings number/reference; the response has the seed fields', async () => {
  const a = api(await getToken());
  const order = uid('tr');
  const r = await a.post('/v1/transfers', {
    country: 'cm', operator: 'orange', number: '237690000010', currency: 'XAF', order_id: order,
    reference: 'payout-1', amount: '1500', notify_url: notifyUrl(order),
  });
  assert.equal(r.status, 200, r.text);
  for (const k of ['transaction_id', 'status', 'reference', 'phone', 'amount', 'fees']) assert.ok(k in r.json.data, k);
  assert.equal(r.json.data.status, 'Pending');
  assert.equal(r.json.data.reference, 'payout-1');
  assert.equal(r.json.data.phone, '237690000010');
  assert.equal(r.json.data.amount, 1500);
  assert.equal(executionsOf(order)[0].operation, 'payout');
  const cb = await waitFor(() => received.find((x) => x.url === `/notify/${order}`), 'the transfer callback');
  assert.equal(JSON.parse(cb.body).data.status, 'Success');
  assert.equal(JSON.parse(cb.body).data.type, 'transfer');
});

test('same order_id, same request: the stored transaction, executed once; another request: 400 duplicate_order_id', async () => {
  const a = api(await getToken());
  const body = { country: 'ci', operator: 'mtn', phone_number: '2250500000010', currency: 'XOF', order_id: uid('idem'), reference_id: 'r', amount: 1000 };
  const first = await a.post('/v1/transfers', body);
  const second = await a.post('/v1/transfers', body);
  assert.equal(second.status, 200);
  assert.equal(second.json.data.transaction_id, first.json.data.transaction_id);
  assert.equal(executionsOf(body.order_id).length, 1);
  const other = await a.post('/v1/transfers', { ...body, amount: 2000 });
  assert.equal(other.status, 400);
  assert.equal(other.json.error, 'duplicate_order_id');
  assert.equal(executionsOf(body.order_id).length, 1);
});

test('a transfer whose response is lost (reset-after) was executed once; the retry replays it', async () => {
  const a = api(await getToken());
  const body = { country: 'sn', operator: 'orange', phone_number: '221770000010', currency: 'XOF', order_id: uid('lost'), reference_id: 'r', amount: 5000 };
  await assert.rejects(a.post('/v1/transfers', body, { 'x-sandbox-fault': 'reset-after' }));
  assert.equal(executionsOf(body.order_id).length, 1);
  const retry = await a.post('/v1/transfers', body);
  assert.equal(retry.status, 200);
  assert.equal(retry.json.data.order_id, body.order_id);
  assert.equal(executionsOf(body.order_id).length, 1);
});

test('a transfer above the wallet balance is 400 insufficient_balance; balances move with transfers', async () => {
  const s = await startSandbox({ finalDelayMs: FINAL_MS, callbackDelayMs: CALLBACK_MS, viralpay: { initialBalance: 10_000, feeRate: 0 } });
  try {
    const a = api(await getToken(s), s);
    const wave = async () => (await a.get('/v1/balances')).json.data.find((w) => w.country_code === 'SN' && w.service === 'wave').balance;
    assert.equal(await wave(), 10_000);
    const big = await a.post('/v1/transfers', { country: 'sn', operator: 'wave', phone_number: '221770000020', currency: 'XOF', order_id: 'big', reference_id: 'r', amount: 10_001 });
    assert.equal(big.status, 400);
    assert.equal(big.json.error, 'insufficient_balance');
    assert.equal(executionsOf('big', s).length, 0);
    await a.post('/v1/transfers', { country: 'sn', operator: 'wave', phone_number: '221770000020', currency: 'XOF', order_id: 'ok', reference_id: 'r', amount: 4_000 });
    assert.equal(await wave(), 6_000);
    await a.post('/v1/transfers', { country: 'sn', operator: 'wave', phone_number: '221770000023', currency: 'XOF', order_id: 'ko', reference_id: 'r', amount: 1_000 });
    await waitFor(async () => (await a.get('/v1/transactions/status?order_id=ko')).json.data.status === 'Failed', 'Failed');
    assert.equal(await wave(), 6_000); // the failed transfer's money came back
  } finally {
    await s.close();
  }
});

// ---------------------------------------------------------------------------------------------- virements, lists, notifications

test('bank transfer (virement) with ViralPAY’s fields; callback to notif_url; missing fields are 400', async () => {
  const a = api(await getToken());
  const order = uid('vir');
  const body = {
    account_bank: '044', account_number: '0690000040', amount: 5500, narration: 'Sandbox transfer', currency: 'XOF',
    operator: 'wave', country: 'sn', order_id: order, reference: order, notif_url: notifyUrl(order), debit_currency: 'XAF',
  };
  const r = await a.post('/v1/virements', body);
  assert.equal(r.status, 200, r.text);
  for (const k of ['transaction_id', 'status', 'reference', 'number', 'amount', 'bank_account_number', 'order_id', 'fees']) assert.ok(k in r.json.data, k);
  assert.equal(r.json.data.status, 'Pending');
  assert.equal(executionsOf(order).length, 1);
  const cb = await waitFor(() => received.find((x) => x.url === `/notify/${order}`), 'the virement callback');
  assert.equal(JSON.parse(cb.body).data.status, 'Success');

  const missing = await a.post('/v1/virements', { ...body, order_id: uid('vir'), narration: undefined });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error, 'missing_parameter');
});

test('transactions list needs size; filters by date; status without any id is 400, unknown is 404', async () => {
  const a = api(await getToken());
  await a.post('/v1/payments', paymentBody('0'));
  const noSize = await a.get('/v1/transactions');
  assert.equal(noSize.status, 400);
  const list = await a.get('/v1/transactions?size=2');
  assert.equal(list.status, 200);
  assert.equal(list.json.data.transactions.length, 2);
  const future = await a.get('/v1/transactions?size=50&date_begin=2999-01-01');
  assert.equal(future.json.data.count, 0);
  const today = new Date().toISOString().slice(0, 10);
  const todays = await a.get(`/v1/transactions?size=50&date_begin=${today}&date_end=${today}`);
  assert.ok(todays.json.data.count >= 1);
  assert.equal((await a.get('/v1/transactions/status')).status, 400);
  const unknown = await a.get('/v1/transactions/status?transaction_id=nope');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error, 'not_found');
});

test('POST /v1/notifications resends the notification and reports what the merchant answered', async () => {
  const a = api(await getToken());
  const body = paymentBody('0');
  body.notify_url = `${listener.origin}/teapot/${body.order_id}`;
  const created = await a.post('/v1/payments', body);
  const r = await a.post('/v1/notifications', { transaction_id: created.json.data.transaction_id });
  assert.equal(r.status, 200);
  assertEnvelope(r.json);
  assert.equal(typeof r.json.request_ip, 'string');
  assert.equal(r.json.data.status, 418);
  assert.equal(typeof r.json.data.message, 'string');
  assert.ok(received.some((x) => x.url === `/teapot/${body.order_id}`));
});

test('wrong method is 405, an unknown function 404, both in the envelope', async () => {
  const a = api(await getToken());
  const wrong = await a.get('/v1/payments');
  assert.equal(wrong.status, 405);
  assert.equal(wrong.json.error, 'method_not_allowed');
  const unknown = await a.get('/v1/nothing-here');
  assert.equal(unknown.status, 404);
  assertEnvelope(unknown.json);
});

// ---------------------------------------------------------------------------------------------- rate limit, faults

test('rate limit: past rateLimitPerMinute requests to one function in a minute, 429 with Retry-After', async () => {
  let clock = Date.UTC(2025, 4, 5, 12, 0, 0);
  const s = await startSandbox({ now: () => clock, viralpay: { rateLimitPerMinute: 3 } });
  try {
    const a = api(await getToken(s), s);
    for (let i = 0; i < 3; i++) assert.equal((await a.get('/v1/account')).status, 200, `request ${i + 1}`);
    clock += 20_000;
    const limited = await a.get('/v1/account');
    assert.equal(limited.status, 429);
    assertEnvelope(limited.json);
    assert.equal(limited.json.error, 'too_many_requests');
    assert.equal(limited.headers.get('retry-after'), '40'); // the oldest of the three leaves the window in 40 s
    assert.equal((await a.get('/v1/balances')).status, 200, 'another function has its own budget');
    clock += 40_000;
    assert.equal((await a.get('/v1/account')).status, 200, 'a minute after the first request');
  } finally {
    await s.close();
  }
});

test('the default limit is 200 a minute per function', async () => {
  let clock = Date.UTC(2025, 4, 5, 12, 0, 0);
  const s = await startSandbox({ now: () => clock });
  try {
    const a = api(await getToken(s), s);
    for (let i = 0; i < 200; i++) {
      const r = await a.get('/v1/balances');
      if (r.status !== 200) assert.fail(`request ${i + 1} got ${r.status}`);
    }
    const r = await a.get('/v1/balances');
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
  } finally {
    await s.close();
  }
});

test('forged-callback: the callback claims Success with another amount; the status query tells the truth', async () => {
  const a = api(await getToken());
  const body = paymentBody('3');
  await a.post('/v1/payments', body, { 'x-sandbox-fault': 'forged-callback' });
  const cb = await waitFor(() => received.find((x) => x.url === `/notify/${body.order_id}`), 'the forged callback');
  const forged = JSON.parse(cb.body).data;
  assert.equal(forged.status, 'Success');
  assert.notEqual(forged.amount, 200);
  const truth = await a.get(`/v1/transactions/status?order_id=${encodeURIComponent(body.order_id)}`);
  assert.equal(truth.json.data.status, 'Failed');
  assert.equal(truth.json.data.amount, 200);
});
