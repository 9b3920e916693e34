// The sandbox's MTN MoMo provider, tested with raw HTTP (global fetch / node:http), never the payrail SDK.
// Expected values come from MTN's documentation (docs/providers/momo.md, MTN's "Sandbox Use Cases"
// table, the API reference) or from the choices written in js/sandbox/docs/momo.md — not from the code.
// Run: node --test tests/js/sandbox/

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startSandbox } from '../../../js/sandbox/index.js';
import { eventually, sleep, startReceiver } from './support.mjs';

const FINAL_MS = 40;
const CALLBACK_MS = 10;
const FAST = { finalDelayMs: FINAL_MS, callbackDelayMs: CALLBACK_MS };

// MTN "Sandbox Use Cases" (momodeveloper.mtn.com, api-documentation/testing): RequestToPay* numbers.
const REQUEST_TO_PAY_FAILURES = [
  ['46733123450', 'INTERNAL_PROCESSING_ERROR'], // RequestToPayPayerFailed
  ['46733123451', 'APPROVAL_REJECTED'], // RequestToPayPayerRejected
  ['46733123452', 'EXPIRED'], // RequestToPayPayerExpired
  ['46733123455', 'PAYER_NOT_FOUND'],
  ['46733123456', 'PAYEE_NOT_ALLOWED_TO_RECEIVE'],
  ['46733123457', 'NOT_ALLOWED'],
  ['46733123458', 'NOT_ALLOWED_TARGET_ENVIRONMENT'],
  ['46733123459', 'INVALID_CALLBACK_URL_HOST'],
  ['46733123460', 'INVALID_CURRENCY'],
  ['46733123461', 'INTERNAL_PROCESSING_ERROR'],
  ['46733123462', 'SERVICE_UNAVAILABLE'],
  ['46733123463', 'COULD_NOT_PERFORM_TRANSACTION'],
  ['46733123464', 'NOT_ENOUGH_FUNDS'], // not in MTN's table: the sandbox's documented choice
];
// Same table, Transfer* numbers (disbursement / remittance transfers).
const TRANSFER_FAILURES = [
  ['46733123450', 'INTERNAL_PROCESSING_ERROR'],
  ['46733123451', 'APPROVAL_REJECTED'],
  ['46733123452', 'EXPIRED'],
  ['46733123455', 'NOT_ENOUGH_FUNDS'],
  ['46733123456', 'PAYER_LIMIT_REACHED'],
  ['46733123457', 'PAYEE_NOT_FOUND'],
  ['46733123458', 'NOT_ALLOWED'],
  ['46733123459', 'NOT_ALLOWED_TARGET_ENVIRONMENT'],
  ['46733123460', 'INVALID_CALLBACK_URL_HOST'],
  ['46733123461', 'INVALID_CURRENCY'],
  ['46733123462', 'INTERNAL_PROCESSING_ERROR'],
  ['46733123463', 'SERVICE_UNAVAILABLE'],
  ['46733123464', 'COULD_NOT_PERFORM_TRANSACTION'], // sandbox choice
];

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// ------------------------------------------------------------------ raw HTTP helpers

async function send(url, method, { headers = {}, json, raw } = {}) {
  const h = { ...headers };
  let body;
  if (json !== undefined) {
    body = JSON.stringify(json);
    h['Content-Type'] = 'application/json';
  } else if (raw !== undefined) {
    body = raw;
  }
  const res = await fetch(url, { method, headers: h, body, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  let data;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    data = text;
  }
  return { status: res.status, headers: res.headers, text, data };
}

function basic(user, key) {
  return `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
}

/** A small MoMo client made of raw requests, bound to one sandbox, product and API user. */
function momo(sb, { product = 'collection', apiUser, apiKey, key } = {}) {
  const creds = sb.credentials.momo;
  const base = sb.baseUrls.momo;
  const c = {
    base,
    product,
    key: key ?? creds.subscriptionKey,
    apiUser: apiUser ?? creds.apiUser,
    apiKey: apiKey ?? creds.apiKey,
    token: null,
    async getToken() {
      const r = await send(`${base}/${product}/token/`, 'POST', {
        headers: { 'Ocp-Apim-Subscription-Key': c.key, Authorization: basic(c.apiUser, c.apiKey) },
      });
      assert.equal(r.status, 200, `token: ${r.text}`);
      c.token = r.data.access_token;
      return r;
    },
    headers(extra = {}) {
      return {
        'Ocp-Apim-Subscription-Key': c.key,
        Authorization: `Bearer ${c.token}`,
        'X-Target-Environment': 'sandbox',
        ...extra,
      };
    },
    post(path, json, extra = {}) {
      return send(`${base}/${product}${path}`, 'POST', { headers: c.headers(extra), json });
    },
    get(path, extra = {}) {
      return send(`${base}/${product}${path}`, 'GET', { headers: c.headers(extra) });
    },
    del(path, json, extra = {}) {
      return send(`${base}/${product}${path}`, 'DELETE', { headers: c.headers(extra), json });
    },
    /** POST with a fresh X-Reference-Id; resolves to { ref, res }. */
    async create(path, json, extra = {}) {
      const ref = randomUUID();
      const res = await c.post(path, json, { 'X-Reference-Id': ref, ...extra });
      return { ref, res };
    },
    /** Polls GET path until the status is not PENDING (bounded). */
    async poll(path, { tries = 200, everyMs = 15 } = {}) {
      let r;
      for (let i = 0; i < tries; i++) {
        r = await c.get(path);
        if (r.status !== 200 || r.data.status !== 'PENDING') return r;
        await sleep(everyMs);
      }
      return r;
    },
  };
  return c;
}

function rtp(partyId, extra = {}) {
  return {
    amount: '100',
    currency: 'EUR',
    externalId: 'order-1',
    payer: { partyIdType: 'MSISDN', partyId },
    payerMessage: 'Pay for order 1',
    payeeNote: 'Order 1',
    ...extra,
  };
}

function transferBody(partyId, extra = {}) {
  return {
    amount: '250',
    currency: 'EUR',
    externalId: 'payout-1',
    payee: { partyIdType: 'MSISDN', partyId },
    payerMessage: 'Salary',
    payeeNote: 'Salary',
    ...extra,
  };
}

/** Creates `ok` on /v1_0/<op> and `failing` on /v2_0/<op>: both 202, then SUCCESSFUL and FAILED with `reason`. */
/** Created at v1_0 and v2_0, both read at v1_0: MTN defines the GET of requesttowithdraw, deposit and refund
 *  under v1_0 only (MTN's API definitions; MTN's PHP SDK `REQUEST_TO_WITHDRAW_STATUS`, `GET_DEPOSIT_STATUS`,
 *  `GET_REFUND_STATUS`); a GET under v2_0 is not a route (404). */
async function v1SucceedsV2Fails(client, op, ok, failing, reason) {
  const v1 = await client.create(`/v1_0/${op}`, ok);
  const v2 = await client.create(`/v2_0/${op}`, failing);
  assert.equal(v1.res.status, 202);
  assert.equal(v2.res.status, 202);
  assert.equal((await client.poll(`/v1_0/${op}/${v1.ref}`)).data.status, 'SUCCESSFUL');
  const r2 = await client.poll(`/v1_0/${op}/${v2.ref}`);
  assert.equal(r2.data.status, 'FAILED');
  assert.equal(r2.data.reason, reason);
  assert.equal((await client.get(`/v2_0/${op}/${v2.ref}`)).status, 404);
}

/** The shared receiver, plus waitFor(n): everything received, once it holds n requests (or after ms). */
async function listener() {
  const rx = await startReceiver();
  return {
    ...rx,
    async waitFor(n, ms = 3000) {
      await eventually(() => rx.received.length >= n, ms);
      return rx.received;
    },
  };
}

// ------------------------------------------------------------------ tests

describe('MoMo sandbox: provisioning, token, request to pay', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(FAST);
  });
  after(() => sb.close());

  test('default credentials have the documented shapes', () => {
    const c = sb.credentials.momo;
    assert.match(c.subscriptionKey, /^[0-9a-f]{32}$/);
    assert.match(c.apiUser, UUID_V4);
    assert.match(c.apiKey, /^[0-9a-f]{32}$/);
    assert.equal(c.targetEnvironment, 'sandbox');
    assert.equal(sb.baseUrls.momo, `${sb.url}/momo`);
  });

  test('provisioning → token → requesttopay → poll → SUCCESSFUL', async () => {
    const key = sb.credentials.momo.subscriptionKey;
    const base = sb.baseUrls.momo;
    const userId = randomUUID();

    const created = await send(`${base}/v1_0/apiuser`, 'POST', {
      headers: { 'X-Reference-Id': userId, 'Ocp-Apim-Subscription-Key': key },
      json: { providerCallbackHost: 'localhost' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.text, '');

    const again = await send(`${base}/v1_0/apiuser`, 'POST', {
      headers: { 'X-Reference-Id': userId, 'Ocp-Apim-Subscription-Key': key },
      json: { providerCallbackHost: 'localhost' },
    });
    assert.equal(again.status, 409);
    assert.equal(again.data.code, 'RESOURCE_ALREADY_EXIST');

    const info = await send(`${base}/v1_0/apiuser/${userId}`, 'GET', { headers: { 'Ocp-Apim-Subscription-Key': key } });
    assert.equal(info.status, 200);
    assert.deepEqual(info.data, { providerCallbackHost: 'localhost', targetEnvironment: 'sandbox' });

    // Before an API key exists, the user cannot log in.
    const early = await send(`${base}/collection/token/`, 'POST', {
      headers: { 'Ocp-Apim-Subscription-Key': key, Authorization: basic(userId, 'x'.repeat(32)) },
    });
    assert.equal(early.status, 401);

    const apiKeyRes = await send(`${base}/v1_0/apiuser/${userId}/apikey`, 'POST', {
      headers: { 'Ocp-Apim-Subscription-Key': key },
    });
    assert.equal(apiKeyRes.status, 201);
    assert.match(apiKeyRes.data.apiKey, /^[0-9a-f]{32}$/);

    const c = momo(sb, { apiUser: userId, apiKey: apiKeyRes.data.apiKey });
    const tok = await c.getToken();
    assert.equal(tok.data.token_type, 'access_token');
    assert.equal(tok.data.expires_in, 3600);
    assert.equal(typeof tok.data.access_token, 'string');

    const body = rtp('46733000001', { amount: '100.50' });
    const { ref, res } = await c.create('/v1_0/requesttopay', body);
    assert.equal(res.status, 202);
    assert.equal(res.text, '');

    const first = await c.get(`/v1_0/requesttopay/${ref}`);
    assert.equal(first.status, 200);
    assert.equal(first.data.status, 'PENDING');
    assert.equal(first.data.financialTransactionId, undefined);

    const done = await c.poll(`/v1_0/requesttopay/${ref}`);
    assert.equal(done.data.status, 'SUCCESSFUL');
    assert.match(done.data.financialTransactionId, /^\d+$/);
    assert.equal(done.data.reason, undefined);
    assert.equal(done.data.amount, '100.50');
    assert.equal(done.data.currency, 'EUR');
    assert.equal(done.data.externalId, 'order-1');
    assert.deepEqual(done.data.payer, { partyIdType: 'MSISDN', partyId: '46733000001' });
    assert.equal(done.data.payerMessage, 'Pay for order 1');
    assert.equal(done.data.payeeNote, 'Order 1');

    const execs = sb.executions().filter((e) => e.key === ref);
    assert.equal(execs.length, 1);
    assert.equal(execs[0].provider, 'momo');
    assert.equal(execs[0].operation, 'requesttopay');
    assert.equal(execs[0].amount, '100.50');
  });

  test('provisioning checks the reference id, the body and unknown users', async () => {
    const key = sb.credentials.momo.subscriptionKey;
    const base = sb.baseUrls.momo;
    const bad = await send(`${base}/v1_0/apiuser`, 'POST', {
      headers: { 'X-Reference-Id': 'not-a-uuid', 'Ocp-Apim-Subscription-Key': key },
      json: { providerCallbackHost: 'localhost' },
    });
    assert.equal(bad.status, 400);
    const noBody = await send(`${base}/v1_0/apiuser`, 'POST', {
      headers: { 'X-Reference-Id': randomUUID(), 'Ocp-Apim-Subscription-Key': key },
    });
    assert.equal(noBody.status, 400);
    const noKey = await send(`${base}/v1_0/apiuser`, 'POST', {
      headers: { 'X-Reference-Id': randomUUID() },
      json: { providerCallbackHost: 'localhost' },
    });
    assert.equal(noKey.status, 401);
    const unknown = await send(`${base}/v1_0/apiuser/${randomUUID()}`, 'GET', { headers: { 'Ocp-Apim-Subscription-Key': key } });
    assert.equal(unknown.status, 404);
    const unknownKey = await send(`${base}/v1_0/apiuser/${randomUUID()}/apikey`, 'POST', {
      headers: { 'Ocp-Apim-Subscription-Key': key },
    });
    assert.equal(unknownKey.status, 404);
  });

  test('a reference created by another API user is not found', async () => {
    const mine = momo(sb);
    await mine.getToken();
    const { ref } = await mine.create('/v1_0/requesttopay', rtp('46733000002'));

    const key = sb.credentials.momo.subscriptionKey;
    const base = sb.baseUrls.momo;
    const other = randomUUID();
    await send(`${base}/v1_0/apiuser`, 'POST', {
      headers: { 'X-Reference-Id': other, 'Ocp-Apim-Subscription-Key': key },
      json: { providerCallbackHost: 'localhost' },
    });
    const k = await send(`${base}/v1_0/apiuser/${other}/apikey`, 'POST', { headers: { 'Ocp-Apim-Subscription-Key': key } });
    const theirs = momo(sb, { apiUser: other, apiKey: k.data.apiKey });
    await theirs.getToken();
    const r = await theirs.get(`/v1_0/requesttopay/${ref}`);
    assert.equal(r.status, 404);
    assert.equal(r.data.code, 'RESOURCE_NOT_FOUND');
    assert.equal((await mine.get(`/v1_0/requesttopay/${ref}`)).status, 200);
  });

  test('an unknown reference is 404 RESOURCE_NOT_FOUND', async () => {
    const c = momo(sb);
    await c.getToken();
    const r = await c.get(`/v1_0/requesttopay/${randomUUID()}`);
    assert.equal(r.status, 404);
    assert.equal(r.data.code, 'RESOURCE_NOT_FOUND');
    assert.equal(typeof r.data.message, 'string');
  });
});

describe('MoMo sandbox: the test numbers', () => {
  let sb;
  let c;
  before(async () => {
    sb = await startSandbox({ ...FAST, momo: { delayedMs: 1000 } });
    c = momo(sb);
    await c.getToken();
  });
  after(() => sb.close());

  test('request to pay: each failing number ends FAILED with its reason', async () => {
    const refs = [];
    for (const [number] of REQUEST_TO_PAY_FAILURES) {
      const { ref, res } = await c.create('/v1_0/requesttopay', rtp(number));
      assert.equal(res.status, 202, number);
      refs.push(ref);
    }
    for (let i = 0; i < refs.length; i++) {
      const [number, reason] = REQUEST_TO_PAY_FAILURES[i];
      const r = await c.poll(`/v1_0/requesttopay/${refs[i]}`);
      assert.equal(r.data.status, 'FAILED', number);
      assert.equal(r.data.reason, reason, number);
      assert.equal(r.data.financialTransactionId, undefined, number);
    }
  });

  test('46733123453 (ongoing) stays PENDING; 46733123454 (delayed) is PENDING past the normal delay', async () => {
    const ongoing = await c.create('/v1_0/requesttopay', rtp('46733123453'));
    const delayed = await c.create('/v1_0/requesttopay', rtp('46733123454'));
    const normal = await c.create('/v1_0/requesttopay', rtp('46733999999'));
    await sleep(FINAL_MS * 3);
    assert.equal((await c.get(`/v1_0/requesttopay/${normal.ref}`)).data.status, 'SUCCESSFUL');
    assert.equal((await c.get(`/v1_0/requesttopay/${delayed.ref}`)).data.status, 'PENDING');
    const end = await c.poll(`/v1_0/requesttopay/${delayed.ref}`);
    assert.equal(end.data.status, 'FAILED');
    assert.equal(end.data.reason, 'PAYER_DELAYED');
    const still = await c.get(`/v1_0/requesttopay/${ongoing.ref}`);
    assert.equal(still.data.status, 'PENDING');
    assert.equal(still.data.reason, undefined);
  });

  test('disbursement transfer: each failing number ends FAILED with its reason', async () => {
    const d = momo(sb, { product: 'disbursement' });
    await d.getToken();
    const refs = [];
    for (const [number] of TRANSFER_FAILURES) {
      const { ref, res } = await d.create('/v1_0/transfer', transferBody(number, { amount: '1' }));
      assert.equal(res.status, 202, number);
      refs.push(ref);
    }
    for (let i = 0; i < refs.length; i++) {
      const [number, reason] = TRANSFER_FAILURES[i];
      const r = await d.poll(`/v1_0/transfer/${refs[i]}`);
      assert.equal(r.data.status, 'FAILED', number);
      assert.equal(r.data.reason, reason, number);
    }
  });

  test('options.momo.reasonFormat "object" gives reason as {code, message}', async () => {
    const sb2 = await startSandbox({ ...FAST, momo: { reasonFormat: 'object' } });
    try {
      const c2 = momo(sb2);
      await c2.getToken();
      const { ref } = await c2.create('/v1_0/requesttopay', rtp('46733123451'));
      const r = await c2.poll(`/v1_0/requesttopay/${ref}`);
      assert.equal(r.data.status, 'FAILED');
      assert.equal(r.data.reason.code, 'APPROVAL_REJECTED');
      assert.equal(typeof r.data.reason.message, 'string');
    } finally {
      await sb2.close();
    }
  });
});

describe('MoMo sandbox: idempotency and validation', () => {
  let sb;
  let c;
  before(async () => {
    sb = await startSandbox(FAST);
    c = momo(sb);
    await c.getToken();
  });
  after(() => sb.close());

  test('a reused X-Reference-Id is 409 RESOURCE_ALREADY_EXIST and is executed once', async () => {
    const ref = randomUUID();
    const first = await c.post('/v1_0/requesttopay', rtp('46733000003'), { 'X-Reference-Id': ref });
    assert.equal(first.status, 202);
    const second = await c.post('/v1_0/requesttopay', rtp('46733000003', { amount: '999' }), { 'X-Reference-Id': ref });
    assert.equal(second.status, 409);
    // docs/providers/momo.md, 409 example body
    assert.deepEqual(second.data, {
      code: 'RESOURCE_ALREADY_EXIST',
      message: 'Duplicated reference id. Creation of resource failed.',
    });
    assert.equal(sb.executions().filter((e) => e.key === ref).length, 1);
    const status = await c.poll(`/v1_0/requesttopay/${ref}`);
    assert.equal(status.data.amount, '100'); // the first request, not the retried one
  });

  test('a response lost after execution (500-after), then a retry with the same id: one execution', async () => {
    const ref = randomUUID();
    const lost = await c.post('/v1_0/requesttopay', rtp('46733000004'), { 'X-Reference-Id': ref, 'x-sandbox-fault': '500-after' });
    assert.equal(lost.status, 500);
    const retry = await c.post('/v1_0/requesttopay', rtp('46733000004'), { 'X-Reference-Id': ref });
    assert.equal(retry.status, 409);
    assert.equal(sb.executions().filter((e) => e.key === ref).length, 1);
    assert.equal((await c.poll(`/v1_0/requesttopay/${ref}`)).data.status, 'SUCCESSFUL');
  });

  test('a fault before the provider (500) executes nothing, so the retry is accepted', async () => {
    const ref = randomUUID();
    const failed = await c.post('/v1_0/requesttopay', rtp('46733000005'), { 'X-Reference-Id': ref, 'x-sandbox-fault': '500' });
    assert.equal(failed.status, 500);
    assert.equal(sb.executions().filter((e) => e.key === ref).length, 0);
    const retry = await c.post('/v1_0/requesttopay', rtp('46733000005'), { 'X-Reference-Id': ref });
    assert.equal(retry.status, 202);
    assert.equal(sb.executions().filter((e) => e.key === ref).length, 1);
  });

  test('the same X-Reference-Id may be used by another resource', async () => {
    const ref = randomUUID();
    assert.equal((await c.post('/v1_0/requesttopay', rtp('46733000006'), { 'X-Reference-Id': ref })).status, 202);
    assert.equal((await c.post('/v1_0/requesttowithdraw', rtp('46733000006'), { 'X-Reference-Id': ref })).status, 202);
    // v1_0 and v2_0 of one resource share the namespace
    assert.equal((await c.post('/v2_0/requesttowithdraw', rtp('46733000006'), { 'X-Reference-Id': ref })).status, 409);
    assert.equal(sb.executions().filter((e) => e.key === ref).length, 2);
  });

  test('400: non-UUID reference, 161-char note, wrong currency, bad amount, bad party; nothing executed', async () => {
    const before = sb.executions().length;
    const cases = [
      [{ 'X-Reference-Id': 'abc' }, rtp('46733000007')],
      [{ 'X-Reference-Id': '0f8fad5b-d9cb-169f-a165-70867728950e' }, rtp('46733000007')], // a UUID, but not v4
      [{}, rtp('46733000007', { payerMessage: 'x'.repeat(161) })],
      [{}, rtp('46733000007', { payeeNote: 'y'.repeat(161) })],
      [{}, rtp('46733000007', { currency: 'UGX' })],
      [{}, rtp('46733000007', { amount: 100 })], // a number, not a string
      [{}, rtp('46733000007', { amount: '-5' })],
      [{}, rtp('46733000007', { amount: '0' })],
      [{}, rtp('46733000007', { amount: 'abc' })],
      [{}, rtp('+46733000007')], // MSISDN digits only
      [{}, rtp('46733000007', { payer: { partyIdType: 'ALIAS', partyId: 'x' } })],
      [{}, rtp('46733000007', { payer: { partyIdType: 'EMAIL', partyId: 'not-an-email' } })],
      [{}, { currency: 'EUR', payer: { partyIdType: 'MSISDN', partyId: '46733000007' } }], // no amount
    ];
    for (const [extra, body] of cases) {
      const headers = 'X-Reference-Id' in extra ? extra : { 'X-Reference-Id': randomUUID() };
      const r = await c.post('/v1_0/requesttopay', body, headers);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(typeof r.data.code, 'string');
      assert.equal(typeof r.data.message, 'string');
    }
    const noRef = await c.post('/v1_0/requesttopay', rtp('46733000007'));
    assert.equal(noRef.status, 400);
    const currency = await c.post('/v1_0/requesttopay', rtp('46733000007', { currency: 'XAF' }), { 'X-Reference-Id': randomUUID() });
    assert.equal(currency.data.code, 'INVALID_CURRENCY');
    const broken = await send(`${c.base}/collection/v1_0/requesttopay`, 'POST', {
      headers: c.headers({ 'X-Reference-Id': randomUUID(), 'Content-Type': 'application/json' }),
      raw: '{"amount": "1",',
    });
    assert.equal(broken.status, 400);
    assert.equal(sb.executions().length, before);
  });

  test('160-char notes and an e-mail / party-code payer are accepted', async () => {
    const ok = await c.create('/v1_0/requesttopay', rtp('46733000008', { payerMessage: 'x'.repeat(160), payeeNote: 'é'.repeat(160) }));
    assert.equal(ok.res.status, 202);
    const email = await c.create('/v1_0/requesttopay', rtp('x', { payer: { partyIdType: 'EMAIL', partyId: 'payer@example.com' } }));
    assert.equal(email.res.status, 202);
    const party = await c.create('/v1_0/requesttopay', rtp('x', { payer: { partyIdType: 'PARTY_CODE', partyId: randomUUID() } }));
    assert.equal(party.res.status, 202);
  });
});

describe('MoMo sandbox: keys, tokens, target environment', () => {
  test('token expiry follows options.now and tokenTtlSeconds', async () => {
    let clock = Date.UTC(2025, 0, 1);
    const sb = await startSandbox({ ...FAST, now: () => clock, momo: { tokenTtlSeconds: 600 } });
    try {
      const c = momo(sb);
      const t = await c.getToken();
      assert.equal(t.data.expires_in, 600);
      clock += 599_000;
      assert.equal((await c.get('/v1_0/account/balance')).status, 200);
      clock += 1_000;
      const expired = await c.get('/v1_0/account/balance');
      assert.equal(expired.status, 401);
      assert.equal(expired.data.statusCode, 401);
      await c.getToken();
      assert.equal((await c.get('/v1_0/account/balance')).status, 200);
    } finally {
      await sb.close();
    }
  });

  test('default token lifetime is 3600 s', async () => {
    let clock = 1_700_000_000_000;
    const sb = await startSandbox({ ...FAST, now: () => clock });
    try {
      const c = momo(sb);
      await c.getToken();
      clock += 3_599_000;
      assert.equal((await c.get('/v1_0/account/balance')).status, 200);
      clock += 1_000;
      assert.equal((await c.get('/v1_0/account/balance')).status, 401);
    } finally {
      await sb.close();
    }
  });

  test('wrong or missing subscription key → 401 {statusCode, message}; wrong Basic → 401; other product token → 401', async () => {
    const sb = await startSandbox(FAST);
    try {
      const c = momo(sb);
      await c.getToken();
      const wrong = await c.get('/v1_0/account/balance', { 'Ocp-Apim-Subscription-Key': '0'.repeat(32) });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.data.statusCode, 401);
      assert.match(wrong.data.message, /invalid subscription key/);
      const headers = c.headers();
      delete headers['Ocp-Apim-Subscription-Key'];
      const missing = await send(`${c.base}/collection/v1_0/account/balance`, 'GET', { headers });
      assert.equal(missing.status, 401);
      assert.match(missing.data.message, /missing subscription key/);
      // the key is never echoed
      assert.ok(!wrong.text.includes('0'.repeat(32)));

      const badLogin = await send(`${c.base}/collection/token/`, 'POST', {
        headers: { 'Ocp-Apim-Subscription-Key': c.key, Authorization: basic(c.apiUser, 'f'.repeat(32)) },
      });
      assert.equal(badLogin.status, 401);
      assert.ok(!badLogin.text.includes(c.apiKey));
      const noAuth = await send(`${c.base}/collection/token/`, 'POST', { headers: { 'Ocp-Apim-Subscription-Key': c.key } });
      assert.equal(noAuth.status, 401);

      // a collection token is refused by disbursement
      const d = momo(sb, { product: 'disbursement' });
      d.token = c.token;
      assert.equal((await d.get('/v1_0/account/balance')).status, 401);
      const unknown = await c.get('/v1_0/account/balance', { Authorization: 'Bearer nope' });
      assert.equal(unknown.status, 401);
    } finally {
      await sb.close();
    }
  });

  test('one subscription key per product (options.momo.subscriptionKeys)', async () => {
    const keys = { collection: 'c'.repeat(32), disbursement: 'd'.repeat(32), remittance: 'e'.repeat(32) };
    const sb = await startSandbox({ ...FAST, momo: { subscriptionKeys: keys } });
    try {
      const col = momo(sb, { product: 'collection', key: keys.collection });
      await col.getToken();
      assert.equal((await col.get('/v1_0/account/balance')).status, 200);
      const dis = momo(sb, { product: 'disbursement', key: keys.disbursement });
      await dis.getToken();
      assert.equal((await dis.get('/v1_0/account/balance')).status, 200);
      // the collection key on a disbursement call
      assert.equal((await dis.get('/v1_0/account/balance', { 'Ocp-Apim-Subscription-Key': keys.collection })).status, 401);
      const tokenWrongKey = await send(`${sb.baseUrls.momo}/remittance/token/`, 'POST', {
        headers: { 'Ocp-Apim-Subscription-Key': keys.collection, Authorization: basic(col.apiUser, col.apiKey) },
      });
      assert.equal(tokenWrongKey.status, 401);
    } finally {
      await sb.close();
    }
  });

  test('X-Target-Environment other than sandbox → 500 NOT_ALLOWED_TARGET_ENVIRONMENT', async () => {
    const sb = await startSandbox(FAST);
    try {
      const c = momo(sb);
      await c.getToken();
      const r = await c.get('/v1_0/account/balance', { 'X-Target-Environment': 'mtnuganda' });
      assert.equal(r.status, 500);
      assert.equal(r.data.code, 'NOT_ALLOWED_TARGET_ENVIRONMENT');
      const ref = randomUUID();
      const created = await c.post('/v1_0/requesttopay', rtp('46733000009'), { 'X-Reference-Id': ref, 'X-Target-Environment': 'mtnghana' });
      assert.equal(created.status, 500);
      assert.equal(sb.executions().filter((e) => e.key === ref).length, 0);
    } finally {
      await sb.close();
    }
  });
});

describe('MoMo sandbox: callbacks', () => {
  let sb;
  let c;
  let hook;
  before(async () => {
    sb = await startSandbox(FAST);
    c = momo(sb);
    await c.getToken();
    hook = await listener();
  });
  after(async () => {
    await sb.close();
    await hook.close();
  });

  test('the final status is PUT to X-Callback-Url, unsigned, with the body of the GET', async () => {
    const start = hook.received.length;
    const { ref, res } = await c.create('/v1_0/requesttopay', rtp('46733123451'), { 'X-Callback-Url': `${hook.url}/momo/cb` });
    assert.equal(res.status, 202);
    const got = await hook.waitFor(start + 1);
    const cb = got[start];
    assert.equal(cb.method, 'PUT');
    assert.equal(cb.url, '/momo/cb');
    assert.match(cb.headers['content-type'], /^application\/json/);
    assert.equal(cb.headers.authorization, undefined);
    const body = JSON.parse(cb.body);
    assert.equal(body.status, 'FAILED');
    assert.equal(body.reason, 'APPROVAL_REJECTED');
    const status = await c.get(`/v1_0/requesttopay/${ref}`);
    assert.deepEqual(body, status.data);
    const log = sb.callbacks().filter((e) => e.reference === ref);
    assert.equal(log.length, 1);
    assert.equal(log[0].provider, 'momo');
  });

  test('callbacks arrive by POST with callbackMethod: POST, and triggerCallback({ method }) picks one', async () => {
    // MTN's callback page: "callbacks arrive by PUT or POST" (js/sandbox/docs/momo.md, callbackMethod).
    const sb2 = await startSandbox({ ...FAST, momo: { callbackMethod: 'post' } });
    try {
      const c2 = momo(sb2);
      await c2.getToken();
      const start = hook.received.length;
      const { ref } = await c2.create('/v1_0/requesttopay', rtp('46733000011'), { 'X-Callback-Url': `${hook.url}/momo/post` });
      const got = await hook.waitFor(start + 1);
      assert.equal(got[start].method, 'POST');
      assert.equal(JSON.parse(got[start].body).status, 'SUCCESSFUL');
      assert.equal(sb2.triggerCallback('momo', ref, { method: 'PUT' }), true);
      const again = await hook.waitFor(start + 2);
      assert.equal(again[start + 1].method, 'PUT');
      assert.deepEqual(JSON.parse(again[start + 1].body), JSON.parse(got[start].body));
    } finally {
      await sb2.close();
    }
  });

  test('no X-Callback-Url, no callback', async () => {
    const { ref } = await c.create('/v1_0/requesttopay', rtp('46733000010'));
    await c.poll(`/v1_0/requesttopay/${ref}`);
    await sleep(CALLBACK_MS * 5);
    assert.equal(sb.callbacks().filter((e) => e.reference === ref).length, 0);
  });

  test('duplicate-callback fault delivers the callback twice', async () => {
    const start = hook.received.length;
    const { ref } = await c.create('/v1_0/requesttopay', rtp('46733000011'), {
      'X-Callback-Url': `${hook.url}/dup`,
      'x-sandbox-fault': 'duplicate-callback',
    });
    const got = await hook.waitFor(start + 2);
    const mine = got.slice(start).filter((r) => r.url === '/dup');
    assert.equal(mine.length, 2);
    assert.equal(mine[0].body, mine[1].body);
    assert.equal(JSON.parse(mine[0].body).status, 'SUCCESSFUL');
    assert.equal(sb.executions().filter((e) => e.key === ref).length, 1);
  });

  test('forged-callback fault delivers a body that disagrees with the status', async () => {
    const start = hook.received.length;
    const { ref } = await c.create('/v1_0/requesttopay', rtp('46733123450'), {
      'X-Callback-Url': `${hook.url}/forged`,
      'x-sandbox-fault': 'forged-callback',
    });
    const got = await hook.waitFor(start + 1);
    const forged = JSON.parse(got.slice(start).find((r) => r.url === '/forged').body);
    const real = await c.get(`/v1_0/requesttopay/${ref}`);
    assert.equal(real.data.status, 'FAILED');
    assert.equal(forged.status, 'SUCCESSFUL');
  });

  test('a callback host other than the registered providerCallbackHost → 400 INVALID_CALLBACK_URL_HOST', async () => {
    const ref = randomUUID();
    const r = await c.post('/v1_0/requesttopay', rtp('46733000012'), {
      'X-Reference-Id': ref,
      'X-Callback-Url': 'https://merchant.example.com/cb',
    });
    assert.equal(r.status, 400);
    assert.equal(r.data.code, 'INVALID_CALLBACK_URL_HOST');
    assert.equal(sb.executions().filter((e) => e.key === ref).length, 0);
  });

  test('the control endpoint sends the callback of a transaction again', async () => {
    const start = hook.received.length;
    const { ref } = await c.create('/v2_0/payment', {
      externalTransactionId: 'bill-1',
      money: { amount: '20', currency: 'EUR' },
      customerReference: '46733000013',
      serviceProviderUserName: 'Electricity Inc.',
    }, { 'X-Callback-Url': `${hook.url}/again` });
    await hook.waitFor(start + 1);
    const r = await send(`${sb.url}/__sandbox/callbacks/momo/${ref}`, 'POST', { json: {} });
    assert.equal(r.status, 200);
    const got = await hook.waitFor(start + 2);
    const mine = got.slice(start).filter((x) => x.url === '/again');
    assert.equal(mine.length, 2);
    assert.equal(JSON.parse(mine[1].body).referenceId, ref);
    const unknown = await send(`${sb.url}/__sandbox/callbacks/momo/${randomUUID()}`, 'POST', { json: {} });
    assert.equal(unknown.status, 404);
  });
});

describe('MoMo sandbox: collection extras', () => {
  let sb;
  let c;
  before(async () => {
    sb = await startSandbox(FAST);
    c = momo(sb);
    await c.getToken();
  });
  after(() => sb.close());

  test('partner gateway payment (docs/providers/momo.md): 202, status {referenceId, status, financialTransactionId}', async () => {
    const body = {
      externalTransactionId: 'bill-42',
      money: { amount: '150', currency: 'EUR' },
      customerReference: '46733000020',
      serviceProviderUserName: 'Electricity Inc.',
      receiverMessage: 'thanks',
      senderNote: 'power bill',
      maxNumberOfRetries: 2,
      includeSenderCharges: false,
    };
    const { ref, res } = await c.create('/v2_0/payment', body);
    assert.equal(res.status, 202);
    const r = await c.poll(`/v2_0/payment/${ref}`);
    assert.equal(r.data.referenceId, ref);
    assert.equal(r.data.status, 'SUCCESSFUL');
    assert.match(r.data.financialTransactionId, /^\d+$/);
    assert.equal(sb.executions().filter((e) => e.key === ref && e.operation === 'payment').length, 1);

    const rejected = await c.create('/v2_0/payment', { ...body, customerReference: '+46733123451' });
    const rr = await c.poll(`/v2_0/payment/${rejected.ref}`);
    assert.equal(rr.data.status, 'FAILED');
    assert.equal(rr.data.reason, 'APPROVAL_REJECTED');

    const missing = await c.create('/v2_0/payment', { ...body, customerReference: undefined });
    assert.equal(missing.res.status, 400);
    const currency = await c.create('/v2_0/payment', { ...body, money: { amount: '1', currency: 'XAF' } });
    assert.equal(currency.res.status, 400);
    assert.equal(currency.res.data.code, 'INVALID_CURRENCY');
    const long = await c.create('/v2_0/payment', { ...body, senderNote: 'n'.repeat(161) });
    assert.equal(long.res.status, 400);
    const retries = await c.create('/v2_0/payment', { ...body, maxNumberOfRetries: 'two' });
    assert.equal(retries.res.status, 400);
    const dup = await c.post('/v2_0/payment', body, { 'X-Reference-Id': ref });
    assert.equal(dup.status, 409);
  });

  test('request to withdraw v1_0 and v2_0', async () => {
    await v1SucceedsV2Fails(c, 'requesttowithdraw', rtp('46733000021'), rtp('46733123452'), 'EXPIRED');
  });

  test('delivery notification: header required, 409 before success, 200 after, 400 over 160 chars, 404 unknown', async () => {
    // MTN's RequesttoPayDeliveryNotification: the notificationMessage header is required (max length 160).
    const note = (ref, message, body = { notificationMessage: message }) =>
      c.post(`/v1_0/requesttopay/${ref}/deliverynotification`, body, { notificationMessage: message });
    const { ref } = await c.create('/v1_0/requesttopay', rtp('46733123453')); // stays PENDING
    const early = await note(ref, 'hello');
    assert.equal(early.status, 409);
    const paid = await c.create('/v1_0/requesttopay', rtp('46733000022'));
    await c.poll(`/v1_0/requesttopay/${paid.ref}`);
    assert.equal((await note(paid.ref, 'Your order ships today')).status, 200);
    assert.equal((await note(paid.ref, 'hi', undefined)).status, 200); // the body is optional
    const bodyOnly = await c.post(`/v1_0/requesttopay/${paid.ref}/deliverynotification`, { notificationMessage: 'hi' });
    assert.equal(bodyOnly.status, 400);
    assert.equal(bodyOnly.data.code, 'INVALID_HEADER');
    assert.equal((await note(paid.ref, 'z'.repeat(161))).status, 400);
    assert.equal((await note(randomUUID(), 'x')).status, 404);
  });

  test('invoice: create, status, cancel', async () => {
    const body = {
      externalId: 'inv-1',
      amount: '75',
      currency: 'EUR',
      validityDuration: '3600',
      intendedPayer: { partyIdType: 'MSISDN', partyId: '46733000023' },
      payee: { partyIdType: 'MSISDN', partyId: '46733000024' },
      description: 'School fees',
    };
    const { ref, res } = await c.create('/v2_0/invoice', body);
    assert.equal(res.status, 202);
    const first = await c.get(`/v2_0/invoice/${ref}`);
    assert.equal(first.data.status, 'PENDING');
    assert.equal(first.data.referenceId, ref);
    assert.equal(first.data.externalId, 'inv-1');
    assert.equal(first.data.amount, '75');
    assert.equal(typeof first.data.paymentReference, 'string');
    assert.equal(typeof first.data.invoiceId, 'string');
    assert.match(first.data.expiryDateTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const paid = await c.poll(`/v2_0/invoice/${ref}`);
    assert.equal(paid.data.status, 'SUCCESSFUL');

    // an invoice whose payer never pays (ongoing number) can be cancelled
    const open = await c.create('/v2_0/invoice', { ...body, intendedPayer: { partyIdType: 'MSISDN', partyId: '46733123453' } });
    const cancel = await c.del(`/v2_0/invoice/${open.ref}`, { externalId: 'inv-1' }, { 'X-Reference-Id': randomUUID() });
    assert.equal(cancel.status, 200);
    const after = await c.get(`/v2_0/invoice/${open.ref}`);
    assert.equal(after.data.status, 'FAILED');
    assert.equal(after.data.errorReason.code, 'TRANSACTION_CANCELED');
    // a paid invoice cannot be cancelled
    const late = await c.del(`/v2_0/invoice/${ref}`, { externalId: 'inv-1' }, { 'X-Reference-Id': randomUUID() });
    assert.equal(late.status, 409);
    assert.equal((await c.del(`/v2_0/invoice/${randomUUID()}`, {}, { 'X-Reference-Id': randomUUID() })).status, 404);
    const badValidity = await c.create('/v2_0/invoice', { ...body, validityDuration: 'soon' });
    assert.equal(badValidity.res.status, 400);
  });

  test('pre-approval: create, status', async () => {
    const body = {
      payer: { partyIdType: 'MSISDN', partyId: '46733000025' },
      payerCurrency: 'EUR',
      payerMessage: 'Monthly subscription',
      validityTime: 300,
    };
    const { ref, res } = await c.create('/v2_0/preapproval', body);
    assert.equal(res.status, 202);
    const r = await c.poll(`/v2_0/preapproval/${ref}`);
    assert.equal(r.data.status, 'SUCCESSFUL');
    assert.deepEqual(r.data.payer, body.payer);
    assert.equal(r.data.payerCurrency, 'EUR');
    assert.equal(typeof r.data.expirationDateTime, 'string');

    // PreApprovalPayerRejected = 46733123451
    const rejected = await c.create('/v2_0/preapproval', { ...body, payer: { partyIdType: 'MSISDN', partyId: '46733123451' } });
    const rr = await c.poll(`/v2_0/preapproval/${rejected.ref}`);
    assert.equal(rr.data.status, 'FAILED');
    assert.equal(rr.data.reason, 'APPROVAL_REJECTED');
    const wrong = await c.create('/v2_0/preapproval', { ...body, payerCurrency: 'GHS' });
    assert.equal(wrong.res.status, 400);
  });
});

describe('MoMo sandbox: disbursement, remittance, balances, account holders', () => {
  let sb;
  let col;
  let dis;
  let rem;
  before(async () => {
    sb = await startSandbox({ ...FAST, momo: { balances: { remittance: '100' } } });
    col = momo(sb, { product: 'collection' });
    dis = momo(sb, { product: 'disbursement' });
    rem = momo(sb, { product: 'remittance' });
    await Promise.all([col.getToken(), dis.getToken(), rem.getToken()]);
  });
  after(() => sb.close());

  test('balances start at the documented defaults and move with successful operations', async () => {
    const b0 = await col.get('/v1_0/account/balance');
    assert.equal(b0.status, 200);
    assert.deepEqual(b0.data, { availableBalance: '1000000', currency: 'EUR' });
    assert.deepEqual((await rem.get('/v1_0/account/balance')).data, { availableBalance: '100', currency: 'EUR' });

    const paid = await col.create('/v1_0/requesttopay', rtp('46733000030', { amount: '100.25' }));
    await col.poll(`/v1_0/requesttopay/${paid.ref}`);
    assert.equal((await col.get('/v1_0/account/balance')).data.availableBalance, '1000100.25');
    assert.equal((await col.get('/v1_0/account/balance/EUR')).data.availableBalance, '1000100.25');
    const other = await col.get('/v1_0/account/balance/XAF');
    assert.equal(other.status, 400);

    const failed = await col.create('/v1_0/requesttopay', rtp('46733123451', { amount: '5' }));
    await col.poll(`/v1_0/requesttopay/${failed.ref}`);
    assert.equal((await col.get('/v1_0/account/balance')).data.availableBalance, '1000100.25');
  });

  test('disbursement transfer: 202, SUCCESSFUL with the payee, balance decreases', async () => {
    const before = (await dis.get('/v1_0/account/balance')).data.availableBalance;
    const { ref, res } = await dis.create('/v1_0/transfer', transferBody('46733000031'));
    assert.equal(res.status, 202);
    const r = await dis.poll(`/v1_0/transfer/${ref}`);
    assert.equal(r.data.status, 'SUCCESSFUL');
    assert.deepEqual(r.data.payee, { partyIdType: 'MSISDN', partyId: '46733000031' });
    assert.equal(r.data.amount, '250');
    assert.equal(Number((await dis.get('/v1_0/account/balance')).data.availableBalance), Number(before) - 250);
    assert.equal(sb.executions().filter((e) => e.key === ref && e.operation === 'transfer').length, 1);
    const missingPayee = await dis.create('/v1_0/transfer', { ...transferBody('46733000031'), payee: undefined });
    assert.equal(missingPayee.res.status, 400);
  });

  test('deposit v1_0 and v2_0', async () => {
    await v1SucceedsV2Fails(dis, 'deposit', transferBody('46733000032'), transferBody('46733123451'), 'APPROVAL_REJECTED');
  });

  test('refund of a successful collection; unknown, pending and too-large refunds fail', async () => {
    const paid = await col.create('/v1_0/requesttopay', rtp('46733000033', { amount: '80' }));
    await col.poll(`/v1_0/requesttopay/${paid.ref}`);
    const refund = (amount, target, path = '/v1_0/refund') =>
      dis.create(path, {
        amount,
        currency: 'EUR',
        externalId: 'refund-1',
        payerMessage: 'refund',
        payeeNote: 'refund',
        referenceIdToRefund: target,
      });

    const ok = await refund('30', paid.ref);
    assert.equal(ok.res.status, 202);
    const r = await dis.poll(`/v1_0/refund/${ok.ref}`);
    assert.equal(r.data.status, 'SUCCESSFUL');
    assert.deepEqual(r.data.payee, { partyIdType: 'MSISDN', partyId: '46733000033' });

    const v2 = await refund('40', paid.ref, '/v2_0/refund');
    assert.equal((await dis.poll(`/v1_0/refund/${v2.ref}`)).data.status, 'SUCCESSFUL'); // read at v1_0 (MTN)

    const tooMuch = await refund('20', paid.ref); // 30 + 40 + 20 > 80
    const t = await dis.poll(`/v1_0/refund/${tooMuch.ref}`);
    assert.equal(t.data.status, 'FAILED');
    assert.equal(t.data.reason, 'NOT_ALLOWED');

    const unknown = await refund('1', randomUUID());
    const u = await dis.poll(`/v1_0/refund/${unknown.ref}`);
    assert.equal(u.data.status, 'FAILED');
    assert.equal(u.data.reason, 'TRANSACTION_NOT_FOUND');

    const pending = await col.create('/v1_0/requesttopay', rtp('46733123453'));
    const p = await refund('1', pending.ref);
    const pr = await dis.poll(`/v1_0/refund/${p.ref}`);
    assert.equal(pr.data.status, 'FAILED');
    assert.equal(pr.data.reason, 'TRANSACTION_NOT_COMPLETED');

    const badTarget = await refund('1', 'not-a-uuid');
    assert.equal(badTarget.res.status, 400);
  });

  test('remittance transfer and cash transfer; a transfer larger than the balance fails NOT_ENOUGH_FUNDS', async () => {
    const t = await rem.create('/v1_0/transfer', transferBody('46733000034', { amount: '60' }));
    assert.equal(t.res.status, 202);
    assert.equal((await rem.poll(`/v1_0/transfer/${t.ref}`)).data.status, 'SUCCESSFUL');

    const cash = {
      amount: '30',
      currency: 'EUR',
      payee: { partyIdType: 'MSISDN', partyId: '46733000035' },
      externalId: 'cash-1',
      orginatingCountry: 'SE', // (sic): MTN's CashTransfer definition
      originalAmount: '330',
      originalCurrency: 'SEK',
      payerMessage: 'for mum',
      payeeNote: 'from abroad',
      payerIdentificationType: 'PASS',
      payerIdentificationNumber: 'AB123456',
      payerFirstName: 'Ann',
      payerSurName: 'Svensson',
      payerLanguageCode: 'sv',
      payerEmail: 'ann@example.com',
      payerMsisdn: '46700000000',
      payerGender: 'F',
    };
    const ct = await rem.create('/v2_0/cashtransfer', cash);
    assert.equal(ct.res.status, 202);
    const cr = await rem.poll(`/v2_0/cashtransfer/${ct.ref}`);
    assert.equal(cr.data.status, 'SUCCESSFUL');
    assert.equal(cr.data.orginatingCountry, 'SE');
    assert.equal(cr.data.originalAmount, '330');
    assert.deepEqual(cr.data.payee, cash.payee);
    assert.match(cr.data.financialTransactionId, /^\d+$/);
    assert.equal((await rem.get('/v1_0/account/balance')).data.availableBalance, '10');

    const broke = await rem.create('/v1_0/transfer', transferBody('46733000036', { amount: '11' }));
    const br = await rem.poll(`/v1_0/transfer/${broke.ref}`);
    assert.equal(br.data.status, 'FAILED');
    assert.equal(br.data.reason, 'NOT_ENOUGH_FUNDS');
    assert.equal((await rem.get('/v1_0/account/balance')).data.availableBalance, '10');

    // payerIdentificationType: MTN's enum (PASS, CPFA, SRSSA, NRIN, OTHR, DRLC, SOCS, AREG, IDCD, EMID)
    const passport = await rem.create('/v2_0/cashtransfer', { ...cash, payerIdentificationType: 'PASSPORT' });
    assert.equal(passport.res.status, 400);
    assert.equal(passport.res.data.code, 'INVALID_BODY');

    const rejected = await rem.create('/v2_0/cashtransfer', { ...cash, payee: { partyIdType: 'MSISDN', partyId: '46733123457' } });
    const rr = await rem.poll(`/v2_0/cashtransfer/${rejected.ref}`);
    assert.equal(rr.data.reason, 'PAYEE_NOT_FOUND');
  });

  test('account holder active: MTN sandbox values for MSISDN, e-mail and party code', async () => {
    const active = async (client, type, id) => client.get(`/v1_0/accountholder/${type}/${encodeURIComponent(id)}/active`);
    const yes = await active(col, 'msisdn', '46733000040');
    assert.equal(yes.status, 200);
    assert.deepEqual(yes.data, { result: true });
    assert.deepEqual((await active(dis, 'msisdn', '46733123451')).data, { result: false }); // ...MsisdnNotActive
    assert.equal((await active(col, 'msisdn', '46733123450')).status, 404); // ...MsisdnNotFound
    const notAllowed = await active(rem, 'msisdn', '46733123452');
    assert.equal(notAllowed.status, 500);
    assert.equal(notAllowed.data.code, 'NOT_ALLOWED');
    assert.equal((await active(col, 'msisdn', '46733123455')).status, 503); // ...ServiceUnavailable
    assert.deepEqual((await active(col, 'email', 'notactive@email.com')).data, { result: false });
    assert.deepEqual((await active(col, 'email', 'someone@example.com')).data, { result: true });
    assert.deepEqual((await active(col, 'party_code', 'b0040b3c-b426-4a90-af6e-673e65861cd7')).data, { result: false });
    assert.equal((await active(col, 'msisdn', '+4673')).status, 400);
    assert.equal((await active(col, 'iban', 'SE00')).status, 400);
  });

  test('basic user info', async () => {
    const r = await col.get('/v1_0/accountholder/msisdn/46733000041/basicuserinfo');
    assert.equal(r.status, 200);
    for (const f of ['given_name', 'family_name', 'birthdate', 'locale', 'gender', 'status']) {
      assert.equal(typeof r.data[f], 'string', f);
    }
    assert.equal((await dis.get('/v1_0/accountholder/msisdn/46733123450/basicuserinfo')).status, 404);
  });
});

describe('MoMo sandbox: reset and clock', () => {
  test('reset() forgets transactions and tokens but keeps the default credentials', async () => {
    const sb = await startSandbox(FAST);
    try {
      const c = momo(sb);
      await c.getToken();
      const { ref } = await c.create('/v1_0/requesttopay', rtp('46733000050'));
      sb.reset();
      assert.equal((await c.get(`/v1_0/requesttopay/${ref}`)).status, 401);
      await c.getToken();
      assert.equal((await c.get(`/v1_0/requesttopay/${ref}`)).status, 404);
      assert.equal((await c.post('/v1_0/requesttopay', rtp('46733000050'), { 'X-Reference-Id': ref })).status, 202);
    } finally {
      await sb.close();
    }
  });

  test('a clock moved past the final delay finalizes on the next GET', async () => {
    let clock = 1_800_000_000_000;
    const sb = await startSandbox({ now: () => clock, finalDelayMs: 60_000, callbackDelayMs: 10 });
    try {
      const c = momo(sb);
      await c.getToken();
      const { ref } = await c.create('/v1_0/requesttopay', rtp('46733000051'));
      assert.equal((await c.get(`/v1_0/requesttopay/${ref}`)).data.status, 'PENDING');
      clock += 60_000;
      assert.equal((await c.get(`/v1_0/requesttopay/${ref}`)).data.status, 'SUCCESSFUL');
    } finally {
      await sb.close();
    }
  });
});
