// The sandbox's CinetPay Transfer v1 provider, through the real server and raw HTTP (never the SDK).
// Expected values come from docs/providers/cinetpay.md and from js/sandbox/docs/cinetpay.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from '../../../js/sandbox/index.js';
import { call, eventually, sleep, startReceiver, waitFor } from './support.mjs';

const FINAL_MS = 40;
const CALLBACK_MS = 10;

let sb; // the shared sandbox (real clock)
let base;
let creds;
let listener; // local notification receiver
let received;

function form(fields) {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

async function login(sandbox = sb) {
  const c = sandbox.credentials.cinetpay;
  const r = await call(`${sandbox.baseUrls.cinetpay}/auth/login?lang=fr`, form({ apikey: c.apiKey, password: c.password }));
  assert.equal(r.status, 200);
  return r.json.data.token;
}

function notifyUrl(tag) {
  return `${listener.origin}/notify/${tag}`;
}

let phoneSeq = 0;
/** A fresh Côte d'Ivoire number (Orange, 07...) ending in the given digit. */
function freshPhone(lastDigit = '0') {
  phoneSeq += 1;
  return `07${String(phoneSeq).padStart(7, '0')}${lastDigit}`;
}

async function addContact(token, phone, sandbox = sb) {
  const r = await call(
    `${sandbox.baseUrls.cinetpay}/transfer/contact?token=${token}&lang=fr`,
    form({ data: JSON.stringify([{ prefix: '225', phone, name: 'Kouassi', surname: 'Awa', email: 'awa@example.com' }]) }),
  );
  assert.equal(r.json.code, 0);
  return r.json.data[0][0];
}

async function send(token, items, extraHeaders, sandbox = sb) {
  return call(
    `${sandbox.baseUrls.cinetpay}/transfer/money/send/contact?token=${token}&lang=fr`,
    form({ data: JSON.stringify(items) }),
    extraHeaders,
  );
}

async function checkMoney(token, query, sandbox = sb) {
  return call(`${sandbox.baseUrls.cinetpay}/transfer/check/money?token=${token}&lang=fr&${new URLSearchParams(query)}`);
}

async function balanceOf(token, sandbox = sb) {
  return (await call(`${sandbox.baseUrls.cinetpay}/transfer/check/balance?token=${token}&lang=fr`)).json.data;
}

/**
 * A sandbox of its own whose clock only the test moves, where transfers stay NEW for 60 s of that clock:
 * exact intermediate states (reserved balance, NEW) then do not depend on how fast this machine runs.
 */
async function withHeldSandbox(fn) {
  const clock = { now: Date.UTC(2025, 0, 6, 9, 0, 0) };
  const s = await startSandbox({ now: () => clock.now, finalDelayMs: 60_000, callbackDelayMs: CALLBACK_MS });
  try {
    return await fn(s, await login(s), clock);
  } finally {
    await s.close();
  }
}

const executionsOf = (key, s = sb) => s.executions().filter((e) => e.provider === 'cinetpay' && e.key === key);

before(async () => {
  listener = await startReceiver();
  received = listener.received;
  sb = await startSandbox({ finalDelayMs: FINAL_MS, callbackDelayMs: CALLBACK_MS });
  base = sb.baseUrls.cinetpay;
  creds = sb.credentials.cinetpay;
});

after(async () => {
  await sb?.close();
  await listener?.close();
});

// ---------------------------------------------------------------------------------------------- auth

test('the base URL and credentials are published as documented', () => {
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/cinetpay\/v1$/);
  assert.deepEqual(Object.keys(creds).sort(), ['apiKey', 'password']);
  assert.equal(typeof creds.apiKey, 'string');
  assert.equal(typeof creds.password, 'string');
});

test('login: form apikey/password gives {code: 0, message: OPERATION_SUCCES, data: {token}}', async () => {
  const r = await call(`${base}/auth/login?lang=fr`, form({ apikey: creds.apiKey, password: creds.password }));
  assert.equal(r.status, 200);
  assert.equal(r.json.code, 0); // the number 0, as in CinetPay's success example (docs/providers/cinetpay.md#hosts-and-authentication)
  assert.equal(r.json.message, 'OPERATION_SUCCES');
  assert.equal(typeof r.json.data.token, 'string');
  assert.ok(r.json.data.token.length >= 16);
});

test('login with a wrong password: HTTP 401 {code: "701", message: INVALID_CREDENTIALS, data: []}', async () => {
  const r = await call(`${base}/auth/login?lang=fr`, form({ apikey: creds.apiKey, password: 'not-the-password' }));
  assert.equal(r.status, 401);
  assert.equal(r.json.code, '701'); // a string, as in CinetPay's failure example (docs/providers/cinetpay.md#hosts-and-authentication)
  assert.equal(r.json.message, 'INVALID_CREDENTIALS');
  assert.deepEqual(r.json.data, []);
  assert.equal(typeof r.json.description, 'string');
  assert.ok(!r.text.includes(creds.password) && !r.text.includes('not-the-password'), 'no password echoed');
});

test('login with GET is 708 NOT_ALLOWED (HTTP 200)', async () => {
  const r = await call(`${base}/auth/login?lang=fr&apikey=x&password=y`);
  assert.equal(r.status, 200);
  assert.equal(r.json.code, '708');
  assert.equal(r.json.message, 'NOT_ALLOWED');
});

test('an unknown or missing token is 706 INVALID_TOKEN with HTTP 200', async () => {
  for (const q of ['token=nope&lang=fr', 'lang=fr']) {
    const r = await call(`${base}/transfer/check/balance?${q}`);
    assert.equal(r.status, 200, q);
    assert.equal(r.json.code, '706', q);
    assert.equal(r.json.message, 'INVALID_TOKEN', q);
    assert.deepEqual(r.json.data, [], q);
  }
});

test('a token lives 5 minutes on the sandbox clock, then 705 EXPIRED_TOKEN (HTTP 200)', async () => {
  let clock = Date.UTC(2025, 0, 6, 9, 0, 0);
  const s = await startSandbox({ now: () => clock, finalDelayMs: FINAL_MS, callbackDelayMs: CALLBACK_MS });
  try {
    const token = await login(s);
    const url = `${s.baseUrls.cinetpay}/transfer/check/balance?token=${token}&lang=fr`;
    clock += 299_000;
    assert.equal((await call(url)).json.code, 0);
    clock += 1_000; // exactly 300 s after login
    const r = await call(url);
    assert.equal(r.status, 200);
    assert.equal(r.json.code, '705');
    assert.equal(r.json.message, 'EXPIRED_TOKEN');
    const again = await login(s); // logging in again gives a working token
    assert.equal((await call(`${s.baseUrls.cinetpay}/transfer/check/balance?token=${again}&lang=fr`)).json.code, 0);
  } finally {
    await s.close();
  }
});

test('options.cinetpay.tokenTtlSeconds and credentials are honoured', async () => {
  let clock = Date.UTC(2025, 0, 6, 9, 0, 0);
  const s = await startSandbox({ now: () => clock, cinetpay: { tokenTtlSeconds: 10, apiKey: 'k-1', password: 'p-1' } });
  try {
    assert.deepEqual(s.credentials.cinetpay, { apiKey: 'k-1', password: 'p-1' });
    const token = await login(s);
    clock += 10_000;
    assert.equal((await call(`${s.baseUrls.cinetpay}/transfer/check/balance?token=${token}&lang=fr`)).json.code, '705');
  } finally {
    await s.close();
  }
});

test('lang=en gives English descriptions, lang=fr French ones', async () => {
  const en = await call(`${base}/transfer/check/balance?token=nope&lang=en`);
  const fr = await call(`${base}/transfer/check/balance?token=nope&lang=fr`);
  assert.equal(en.json.description, 'The token is invalid');
  assert.equal(fr.json.description, 'Votre token est invalide');
});

// ---------------------------------------------------------------------------------------------- balance, contacts

test('balance: data {amount, inUsing, available} as numbers; the default is 1,000,000', async () => {
  const s = await startSandbox();
  try {
    const token = await login(s);
    const r = await call(`${s.baseUrls.cinetpay}/transfer/check/balance/?token=${token}&lang=fr`); // CinetPay's trailing slash (docs/providers/cinetpay.md#endpoints)
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { code: 0, message: 'OPERATION_SUCCES', data: { amount: 1_000_000, inUsing: 0, available: 1_000_000 } });
  } finally {
    await s.close();
  }
});

test('balance with countryBalances: data.countryBalance[ISO] per country; a transfer draws on its country', async () => {
  // CinetPay's PHP transfer sample reads data.countryBalance[ISO].available (js/sandbox/docs/cinetpay.md).
  const s = await startSandbox({ finalDelayMs: FINAL_MS, callbackDelayMs: CALLBACK_MS, cinetpay: { countryBalances: { CI: 1000, CM: 300 } } });
  try {
    const token = await login(s);
    assert.deepEqual(await balanceOf(token, s), {
      amount: 1300,
      inUsing: 0,
      available: 1300,
      countryBalance: { CI: { amount: 1000, inUsing: 0, available: 1000 }, CM: { amount: 300, inUsing: 0, available: 300 } },
    });
    const phone = freshPhone();
    await addContact(token, phone, s);
    const id = `cb-${phone}`;
    const r = await send(token, [{ prefix: '225', phone, amount: '400', notify_url: notifyUrl('cb'), client_transaction_id: id }], undefined, s);
    assert.equal(r.json.code, 0);
    const reserved = await balanceOf(token, s);
    assert.deepEqual(reserved.countryBalance.CI, { amount: 1000, inUsing: 400, available: 600 });
    assert.deepEqual(reserved.countryBalance.CM, { amount: 300, inUsing: 0, available: 300 });
    await eventually(async () => (await checkMoney(token, { client_transaction_id: id }, s)).json.data[0].treatment_status === 'VAL');
    assert.deepEqual((await balanceOf(token, s)).countryBalance.CI, { amount: 600, inUsing: 0, available: 600 });
    // More than Côte d'Ivoire's own balance: 602, though the total would cover it.
    const phone2 = freshPhone();
    await addContact(token, phone2, s);
    const over = await send(token, [{ prefix: '225', phone: phone2, amount: '700', notify_url: notifyUrl('cb'), client_transaction_id: `cb-${phone2}` }], undefined, s);
    assert.equal(over.json.code, '602');
  } finally {
    await s.close();
  }
});

test('contacts: new ones come back code 0, an existing one 726 inside an overall code 0', async () => {
  const token = await login();
  const a = freshPhone();
  const b = freshPhone();
  const url = `${base}/transfer/contact?token=${token}&lang=fr`;
  const contacts = [
    { prefix: '225', phone: a, name: 'Test A', surname: 'Test B', email: 'testa@example.com' },
    { prefix: '225', phone: b, name: 'Test C', surname: 'Test D', email: 'testb@example.com' },
  ];
  const first = await call(url, form({ data: JSON.stringify(contacts) }));
  assert.equal(first.status, 200);
  assert.equal(first.json.code, 0);
  assert.equal(first.json.data.length, 1); // a list of lists, as in CinetPay's example
  assert.deepEqual(first.json.data[0].map((i) => [i.phone, i.code, i.status]), [[a, 0, 'success'], [b, 0, 'success']]);
  for (const i of first.json.data[0]) assert.match(i.lot, /^\d{22}$/);

  const second = await call(url, form({ data: JSON.stringify([contacts[0]]) }));
  assert.equal(second.status, 200);
  assert.equal(second.json.code, 0);
  assert.equal(second.json.data[0][0].code, 726);
  assert.equal(second.json.data[0][0].status, 'ERROR_PHONE_ALREADY_MY_CONTACT');
});

test('contacts: a bad phone is item code 802, a missing name 716; the body must be a form with JSON data', async () => {
  const token = await login();
  const url = `${base}/transfer/contact?token=${token}&lang=fr`;
  const r = await call(url, form({ data: JSON.stringify([
    { prefix: '225', phone: '07-12', name: 'A', surname: 'B', email: 'a@example.com' },
    { prefix: '225', phone: freshPhone(), surname: 'B', email: 'a@example.com' },
  ]) }));
  assert.equal(r.json.code, 0);
  assert.deepEqual(r.json.data[0].map((i) => i.code), [802, 716]);

  const notJson = await call(url, form({ data: '[{"prefix": "225",' }));
  assert.equal(notJson.json.code, '718');
  assert.equal(notJson.json.message, 'JSON_PARSE_ERROR');

  const jsonBody = await call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: [] }) });
  assert.equal(jsonBody.status, 200);
  assert.equal(jsonBody.json.code, '704');
});

// ---------------------------------------------------------------------------------------------- payouts

test('payout: NEW with the amount reserved, VAL once finalDelayMs has passed, balance debited, one execution', () => withHeldSandbox(async (s, token, clock) => {
  const phone = freshPhone('6');
  await addContact(token, phone, s);
  assert.deepEqual(await balanceOf(token, s), { amount: 1_000_000, inUsing: 0, available: 1_000_000 });
  const id = `cp-ok-${phone}`;
  const r = await send(token, [{ prefix: '225', phone, amount: '500', notify_url: notifyUrl(id), client_transaction_id: id }], undefined, s);
  assert.equal(r.status, 200);
  assert.equal(r.json.code, 0);
  const item = r.json.data[0][0];
  assert.equal(item.client_transaction_id, id);
  assert.equal(item.treatment_status, 'NEW');
  assert.equal(item.code, 0);
  assert.match(item.transaction_id, /\S/);
  assert.equal(executionsOf(id, s).length, 1);
  assert.equal(executionsOf(id, s)[0].operation, 'payout');
  assert.deepEqual(await balanceOf(token, s), { amount: 1_000_000, inUsing: 500, available: 999_500 });

  clock.now += 59_999;
  const pending = (await checkMoney(token, { client_transaction_id: id }, s)).json.data[0];
  assert.equal(pending.treatment_status, 'NEW');
  assert.equal(pending.validated_at, null);
  assert.equal(pending.operator_transaction_id, null);

  clock.now += 1;
  const done = await checkMoney(token, { client_transaction_id: id }, s);
  assert.equal(done.status, 200);
  assert.equal(done.json.code, 0);
  const d = done.json.data[0];
  assert.equal(d.treatment_status, 'VAL');
  assert.equal(d.transaction_id, item.transaction_id);
  assert.equal(d.amount, '500');
  assert.equal(d.receiver, `225${phone}`);
  assert.equal(d.validated_at, '2025-01-06 09:01:00');
  assert.ok(d.operator_transaction_id);
  const byTx = await checkMoney(token, { transaction_id: item.transaction_id }, s);
  assert.equal(byTx.json.data[0].client_transaction_id, id);
  assert.deepEqual(await balanceOf(token, s), { amount: 999_500, inUsing: 0, available: 999_500 });
}));

test('the notification is a form POST with exactly the documented fields, sent after the final status', async () => {
  const token = await login();
  for (const [last, status] of [['6', 'VAL'], ['3', 'REJ']]) {
    const phone = freshPhone(last);
    await addContact(token, phone);
    const id = `cp-note-${phone}`;
    const r = await send(token, [{ prefix: '225', phone, amount: 500, notify_url: notifyUrl(id), client_transaction_id: id }]);
    const transactionId = r.json.data[0][0].transaction_id;
    const note = await waitFor(() => received.find((x) => x.url === `/notify/${id}`), `the ${status} notification`);
    assert.equal(note.method, 'POST');
    assert.match(note.headers['content-type'], /^application\/x-www-form-urlencoded/);
    const fields = Object.fromEntries(new URLSearchParams(note.body));
    assert.deepEqual(Object.keys(fields).sort(), [
      'amount', 'client_transaction_id', 'comment', 'lot', 'operator_transaction_id', 'receiver',
      'sending_status', 'transaction_id', 'treatment_status', 'validated_at',
    ]);
    assert.equal(fields.treatment_status, status);
    assert.equal(fields.client_transaction_id, id);
    assert.equal(fields.transaction_id, transactionId);
    assert.equal(fields.amount, '500');
    assert.equal(fields.receiver, `225${phone}`);
    assert.ok(!('signature' in fields), 'CinetPay transfer notifications are unsigned');
    assert.equal((await checkMoney(token, { client_transaction_id: id })).json.data[0].treatment_status, status);
  }
});

test('payout to a phone that is not a contact: 724 with HTTP 200, nothing executed', async () => {
  const token = await login();
  const id = `cp-724-${freshPhone()}`;
  const r = await send(token, [{ prefix: '225', phone: freshPhone(), amount: 500, notify_url: notifyUrl(id), client_transaction_id: id }]);
  assert.equal(r.status, 200);
  assert.equal(r.json.code, '724');
  assert.equal(r.json.message, 'ERROR_PHONE_NOT_MY_CONTACT');
  assert.equal(executionsOf(id).length, 0);
  assert.equal((await checkMoney(token, { client_transaction_id: id })).json.code, '723');
});

test('a reused client_transaction_id is 805 and is not executed again', async () => {
  const token = await login();
  const phone = freshPhone();
  await addContact(token, phone);
  const id = `cp-805-${phone}`;
  const item = { prefix: '225', phone, amount: 1000, notify_url: notifyUrl(id), client_transaction_id: id };
  assert.equal((await send(token, [item])).json.code, 0);
  const again = await send(token, [item]);
  assert.equal(again.status, 200);
  assert.equal(again.json.code, '805');
  assert.equal(again.json.message, 'CLIENT_TRANSACTION_ID_EXIST');
  assert.equal(executionsOf(id).length, 1);
});

test('a payout whose response is lost (500-after) was executed once; the retry gets 805', async () => {
  const token = await login();
  const phone = freshPhone();
  await addContact(token, phone);
  const id = `cp-lost-${phone}`;
  const item = { prefix: '225', phone, amount: 700, notify_url: notifyUrl(id), client_transaction_id: id };
  const lost = await send(token, [item], { 'x-sandbox-fault': '500-after' });
  assert.equal(lost.status, 500);
  assert.equal(executionsOf(id).length, 1);
  const retry = await send(token, [item]);
  assert.equal(retry.json.code, '805');
  assert.equal(executionsOf(id).length, 1);
  const status = await checkMoney(token, { client_transaction_id: id });
  assert.equal(status.json.code, 0);
  assert.equal(status.json.data[0].amount, '700');
});

test('amount rules: 719 below 200, 720 above 1,500,000, 801 not a whole number, 725 without notify_url', async () => {
  const token = await login();
  const phone = freshPhone();
  await addContact(token, phone);
  const cases = [
    [{ amount: 199 }, '719', 'AMOUNT_TOO_SMALL'],
    [{ amount: 1_500_001 }, '720', 'AMOUNT_TOO_LARGE'],
    [{ amount: '12.5' }, '801', 'INVALID_AMOUNT'],
    [{ amount: -500 }, '801', 'INVALID_AMOUNT'],
    [{ amount: 500, notify_url: undefined }, '725', 'MISSING_NOTIFY_URL'],
    [{ amount: 500, notify_url: 'not a url' }, '725', 'MISSING_NOTIFY_URL'],
  ];
  for (const [i, [patch, code, message]] of cases.entries()) {
    const id = `cp-rule-${i}-${phone}`;
    const item = { prefix: '225', phone, notify_url: notifyUrl(id), client_transaction_id: id, ...patch };
    const r = await send(token, [item]);
    assert.equal(r.status, 200, JSON.stringify(patch));
    assert.equal(r.json.code, code, JSON.stringify(patch));
    assert.equal(r.json.message, message);
    assert.equal(executionsOf(id).length, 0);
  }
  // the limits themselves are accepted
  for (const amount of [200, 1_500_000]) {
    const s = await startSandbox({ cinetpay: { balance: 2_000_000 } });
    try {
      const t = await login(s);
      await addContact(t, phone, s);
      const r = await call(`${s.baseUrls.cinetpay}/transfer/money/send/contact?token=${t}&lang=fr`, form({ data: JSON.stringify([
        { prefix: '225', phone, amount, notify_url: notifyUrl('limit'), client_transaction_id: `lim-${amount}` },
      ]) }));
      assert.equal(r.json.code, 0, String(amount));
    } finally {
      await s.close();
    }
  }
});

test('602 INSUFFICIENT_BALANCE when the batch exceeds the available balance; nothing executed', async () => {
  const s = await startSandbox({ cinetpay: { balance: 1000 } });
  try {
    const t = await login(s);
    const phone = freshPhone();
    await addContact(t, phone, s);
    const url = `${s.baseUrls.cinetpay}/transfer/money/send/contact?token=${t}&lang=fr`;
    const r = await call(url, form({ data: JSON.stringify([
      { prefix: '225', phone, amount: 600, notify_url: notifyUrl('x'), client_transaction_id: 'b-1' },
      { prefix: '225', phone, amount: 600, notify_url: notifyUrl('x'), client_transaction_id: 'b-2' },
    ]) }));
    assert.equal(r.status, 200);
    assert.equal(r.json.code, '602');
    assert.equal(r.json.message, 'INSUFFICIENT_BALANCE');
    assert.equal(s.executions().length, 0);
  } finally {
    await s.close();
  }
});

test('a phone ending in 3 is rejected (REJ): the reservation is released, the balance not debited', () => withHeldSandbox(async (s, token, clock) => {
  const phone = freshPhone('3');
  await addContact(token, phone, s);
  const id = `cp-rej-${phone}`;
  assert.equal((await send(token, [{ prefix: '225', phone, amount: 900, notify_url: notifyUrl(id), client_transaction_id: id }], undefined, s)).json.code, 0);
  assert.deepEqual(await balanceOf(token, s), { amount: 1_000_000, inUsing: 900, available: 999_100 });
  clock.now += 60_000;
  const d = (await checkMoney(token, { client_transaction_id: id }, s)).json.data[0];
  assert.equal(d.treatment_status, 'REJ');
  assert.equal(d.operator_transaction_id, null);
  assert.deepEqual(await balanceOf(token, s), { amount: 1_000_000, inUsing: 0, available: 1_000_000 });
}));

test('a phone ending in 9 stays NEW (awaiting e-mail confirmation) until the control endpoint settles it', async () => {
  const token = await login();
  const phone = freshPhone('9');
  await addContact(token, phone);
  const id = `cp-new-${phone}`;
  assert.equal((await send(token, [{ prefix: '225', phone, amount: 500, notify_url: notifyUrl(id), client_transaction_id: id }])).json.code, 0);
  await sleep(FINAL_MS + CALLBACK_MS + 80);
  const still = await checkMoney(token, { client_transaction_id: id });
  assert.equal(still.json.data[0].treatment_status, 'NEW');
  assert.equal(still.json.data[0].sending_status, 'PENDING');
  assert.equal(received.filter((x) => x.url === `/notify/${id}`).length, 0);

  const res = await call(`${sb.url}/__sandbox/callbacks/cinetpay/${id}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'VAL' }),
  });
  assert.equal(res.status, 200);
  const note = await waitFor(() => received.find((x) => x.url === `/notify/${id}`), 'the triggered notification');
  assert.equal(new URLSearchParams(note.body).get('treatment_status'), 'VAL');
  assert.equal((await checkMoney(token, { client_transaction_id: id })).json.data[0].treatment_status, 'VAL');
});

test('a phone ending in 8 is 804 OPERATOR_UNAVAILABLE, nothing executed', async () => {
  const token = await login();
  const phone = freshPhone('8');
  await addContact(token, phone);
  const id = `cp-804-${phone}`;
  const r = await send(token, [{ prefix: '225', phone, amount: 500, notify_url: notifyUrl(id), client_transaction_id: id }]);
  assert.equal(r.json.code, '804');
  assert.equal(executionsOf(id).length, 0);
});

test('check/money: unknown is 723 NOT_FOUND (HTTP 200); neither id is 704', async () => {
  const token = await login();
  const unknown = await checkMoney(token, { client_transaction_id: 'never-sent' });
  assert.equal(unknown.status, 200);
  assert.equal(unknown.json.code, '723');
  assert.equal(unknown.json.message, 'NOT_FOUND');
  const neither = await checkMoney(token, {});
  assert.equal(neither.json.code, '704');
});

// ---------------------------------------------------------------------------------------------- callback faults

test('duplicate-callback delivers the notification twice; forged-callback changes its content', async () => {
  const token = await login();
  const phone = freshPhone();
  await addContact(token, phone);

  const dup = `cp-dup-${phone}`;
  await send(token, [{ prefix: '225', phone, amount: 500, notify_url: notifyUrl(dup), client_transaction_id: dup }], { 'x-sandbox-fault': 'duplicate-callback' });
  await waitFor(() => received.filter((x) => x.url === `/notify/${dup}`).length === 2, 'two notifications');

  const phone3 = freshPhone('3');
  await addContact(token, phone3);
  const forged = `cp-forged-${phone3}`;
  await send(token, [{ prefix: '225', phone: phone3, amount: 500, notify_url: notifyUrl(forged), client_transaction_id: forged }], { 'x-sandbox-fault': 'forged-callback' });
  const note = await waitFor(() => received.find((x) => x.url === `/notify/${forged}`), 'the forged notification');
  const fields = new URLSearchParams(note.body);
  // The transfer really was rejected; the forged notification claims a validated transfer of another amount.
  assert.equal(fields.get('treatment_status'), 'VAL');
  assert.notEqual(fields.get('amount'), '500');
  const truth = (await checkMoney(token, { client_transaction_id: forged })).json.data[0];
  assert.equal(truth.treatment_status, 'REJ');
  assert.equal(truth.amount, '500');
  assert.ok(sb.faultCounts()['forged-callback'] >= 1);
  assert.ok(sb.faultCounts()['duplicate-callback'] >= 1);
});

test('reset() forgets tokens, contacts and transfers', async () => {
  const s = await startSandbox();
  try {
    const token = await login(s);
    const phone = freshPhone();
    await addContact(token, phone, s);
    s.reset();
    const r = await call(`${s.baseUrls.cinetpay}/transfer/check/balance?token=${token}&lang=fr`);
    assert.equal(r.json.code, '706');
    const t2 = await login(s);
    const again = await addContact(t2, phone, s);
    assert.equal(again.code, 0); // not 726: the contact list was forgotten
  } finally {
    await s.close();
  }
});
