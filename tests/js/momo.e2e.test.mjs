// MtnMomo from the built package against the local sandbox (js/sandbox/docs/momo.md): provisioning, every
// product's operations to a final status, the sandbox's failing numbers, token expiry, retries that never create
// a second operation, typed errors, and secrets kept out of errors. Expected values come from the sandbox docs
// and docs/providers/momo.md, written by hand.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { MtnMomo, PayrailError, ValidationError, AuthError, ProviderError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';

const FAST = { finalDelayMs: 50, callbackDelayMs: 20 };
const POLL = { intervalMs: 20, timeoutMs: 3000 };

function client(sb, extra = {}) {
  return new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo, ...extra });
}

const posts = (sb, pathPart) => sb.requests().filter((r) => r.provider === 'momo' && r.method === 'POST' && r.path.includes(pathPart));
const executionsOf = (sb, key) => sb.executions().filter((e) => e.provider === 'momo' && e.key === key);

/** Every string a thrown error exposes: message, JSON, own properties. */
function errorText(e) {
  return [e.message, JSON.stringify(e), JSON.stringify(Object.entries(e)), String(e.stack)].join('\n');
}

describe('MtnMomo on the sandbox: the flows', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(FAST);
  });
  after(async () => {
    await sb.close();
  });

  test('provision a sandbox user, then request to pay with it and poll to SUCCESSFUL', async () => {
    const { subscriptionKey } = sb.credentials.momo;
    const user = await MtnMomo.provisionSandboxUser({
      subscriptionKey,
      providerCallbackHost: 'localhost',
      baseUrl: sb.baseUrls.momo,
    });
    assert.match(user.apiUser, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(user.apiKey, /^[0-9a-f]{32}$/);
    const m = new MtnMomo({ subscriptionKey, ...user, targetEnvironment: 'sandbox', baseUrl: sb.baseUrls.momo });
    const t = await m.collect({ amount: '100', currency: 'EUR', phone: '+46 733 000 001', description: 'Order 1' });
    assert.equal(t.provider, 'momo');
    assert.equal(t.status, 'pending');
    const sent = posts(sb, '/collection/v1_0/requesttopay').at(-1);
    assert.equal(sent.headers['x-reference-id'], t.reference);
    assert.deepEqual(sent.body, {
      amount: '100',
      currency: 'EUR',
      payer: { partyIdType: 'MSISDN', partyId: '46733000001' },
      payerMessage: 'Order 1',
    });
    const done = await m.waitForFinal(t.reference, POLL);
    assert.equal(done.status, 'success');
    assert.equal(done.providerStatus, 'SUCCESSFUL');
    assert.equal(m.failureError(done), null);
    assert.equal(m.failureError(t), null);
    assert.match(done.transactionId, /^\d+$/);
    assert.equal(done.reference, t.reference);
  });

  test('Partner Gateway payment (docs/providers/momo.md) to a final status', async () => {
    const m = client(sb);
    const t = await m.createPayment({
      externalTransactionId: 'bill-7',
      money: { amount: '25.50', currency: 'EUR' },
      customerReference: '+46733000002',
      serviceProviderUserName: 'Electricity Inc.',
    });
    const body = posts(sb, '/collection/v2_0/payment').at(-1).body;
    assert.deepEqual(body, {
      externalTransactionId: 'bill-7',
      money: { amount: '25.50', currency: 'EUR' },
      customerReference: '+46733000002',
      serviceProviderUserName: 'Electricity Inc.',
    });
    const done = await m.waitForFinal({ reference: t.reference, kind: 'payment' }, POLL);
    assert.equal(done.status, 'success');
    // a failing number through customerReference
    const f = await m.createPayment({ amount: '1', currency: 'EUR', phone: '46733123451', serviceProviderUserName: 'ACME' });
    const failed = await m.waitForFinal({ reference: f.reference, kind: 'payment' }, POLL);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.reason, 'rejected');
  });

  test('transfers from Disbursement and Remittance, a cash transfer, and the balances they move', async () => {
    const m = client(sb);
    const before = Object.fromEntries((await m.balance()).map((b) => [b.product, b.available]));
    const payout = await m.payout({ amount: '40', currency: 'EUR', phone: '46733000003', description: 'salary' });
    assert.deepEqual(posts(sb, '/disbursement/v1_0/transfer').at(-1).body, {
      amount: '40',
      currency: 'EUR',
      payee: { partyIdType: 'MSISDN', partyId: '46733000003' },
      payerMessage: 'salary',
    });
    assert.equal((await m.waitForFinal({ reference: payout.reference, kind: 'transfer' }, POLL)).status, 'success');
    const rem = await m.remittanceTransfer({ amount: '15', currency: 'EUR', payee: { partyIdType: 'MSISDN', partyId: '46733000004' } });
    assert.equal((await m.waitForFinal({ reference: rem.reference, kind: 'remittanceTransfer' }, POLL)).status, 'success');
    const cash = await m.cashTransfer({
      amount: '5',
      currency: 'EUR',
      payee: { partyIdType: 'MSISDN', partyId: '46733000005' },
      originatingCountry: 'SE',
      originalAmount: '50',
      originalCurrency: 'SEK',
      payerFirstName: 'Ann',
    });
    assert.equal((await m.waitForFinal({ reference: cash.reference, kind: 'cashTransfer' }, POLL)).status, 'success');
    const afterB = Object.fromEntries((await m.balance()).map((b) => [b.product, b.available]));
    assert.equal(Number(afterB.disbursement), Number(before.disbursement) - 40);
    assert.equal(Number(afterB.remittance), Number(before.remittance) - 20);
    const [eur] = await m.balance({ product: 'collection', currency: 'EUR' });
    assert.equal(eur.currency, 'EUR');
    assert.equal(eur.product, 'collection');
  });

  test('refund a successful collection (v1 and v2) and see the balance move', async () => {
    const m = client(sb);
    const col = await m.collect({ amount: '30', currency: 'EUR', phone: '46733000006' });
    assert.equal((await m.waitForFinal(col.reference, POLL)).status, 'success');
    const [d0] = await m.balance({ product: 'disbursement' });
    const r1 = await m.refund({ amount: '10', currency: 'EUR', referenceIdToRefund: col.reference });
    assert.equal((await m.waitForFinal({ reference: r1.reference, kind: 'refund' }, POLL)).status, 'success');
    const r2 = await m.refundV2({ amount: '20', currency: 'EUR', referenceIdToRefund: col.reference });
    assert.equal((await m.waitForFinal({ reference: r2.reference, kind: 'refundV2' }, POLL)).status, 'success');
    const [d1] = await m.balance({ product: 'disbursement' });
    assert.equal(Number(d1.available), Number(d0.available) - 30);
    // nothing left to refund: FAILED NOT_ALLOWED
    const r3 = await m.refund({ amount: '1', currency: 'EUR', referenceIdToRefund: col.reference });
    const f = await m.waitForFinal({ reference: r3.reference, kind: 'refund' }, POLL);
    assert.equal(f.status, 'failed');
    assert.equal(f.reason, 'not_allowed');
  });

  test('the other collection and disbursement operations reach their statuses', async () => {
    const m = client(sb);
    const payer = { partyIdType: 'MSISDN', partyId: '46733000007' };
    for (const [fn, kind, req] of [
      ['requestToWithdraw', 'requesttowithdraw', { amount: '2', currency: 'EUR', payer }],
      ['requestToWithdrawV2', 'requesttowithdrawV2', { amount: '2', currency: 'EUR', payer }],
      ['deposit', 'deposit', { amount: '2', currency: 'EUR', payee: payer }],
      ['depositV2', 'depositV2', { amount: '2', currency: 'EUR', payee: payer }],
      ['preApproval', 'preapproval', { payer, payerCurrency: 'EUR', payerMessage: 'monthly', validityTime: 3600 }],
      ['createInvoice', 'invoice', { amount: '3', currency: 'EUR', validityDuration: 3600, intendedPayer: payer, description: 'inv' }],
      ['transfer', 'transfer', { amount: '2', currency: 'EUR', payee: payer }],
    ]) {
      const t = await m[fn](req);
      const done = await m.waitForFinal({ reference: t.reference, kind }, POLL);
      assert.equal(done.status, 'success', `${fn}: ${JSON.stringify(done.raw)}`);
    }
    // an invoice that stays open, cancelled
    const inv = await m.createInvoice({
      amount: '3',
      currency: 'EUR',
      validityDuration: '3600',
      intendedPayer: { partyIdType: 'MSISDN', partyId: '46733123453' },
    });
    const cancelled = await m.cancelInvoice(inv.reference, { externalId: 'x' });
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.reason, 'cancelled');
    // delivery notification of a successful request to pay; while pending it is refused (409)
    const rtp = await m.requestToPay({ amount: '1', currency: 'EUR', phone: '46733000008' });
    await assert.rejects(m.requestToPayDeliveryNotification(rtp.reference, 'Thanks'), (e) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.httpStatus, 409);
      assert.equal(e.providerCode, 'TRANSACTION_NOT_COMPLETED');
      return true;
    });
    await m.waitForFinal(rtp.reference, POLL);
    assert.equal(await m.requestToPayDeliveryNotification(rtp.reference, 'Thanks'), null);
  });

  test('account holders: active, inactive, not found, basic user info', async () => {
    const m = client(sb);
    assert.equal(await m.validateAccountHolderStatus({ accountHolderId: '46733000009' }), true);
    assert.equal(await m.validateAccountHolderStatus({ product: 'disbursement', accountHolderId: '46733123451' }), false);
    assert.equal(await m.validateAccountHolderStatus({ accountHolderIdType: 'email', accountHolderId: 'someone@example.com' }), true);
    await assert.rejects(m.validateAccountHolderStatus({ accountHolderId: '46733123450' }), (e) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.httpStatus, 404);
      assert.equal(e.reason, 'account_not_found');
      return true;
    });
    const info = await m.getBasicUserinfo({ msisdn: '46733000010' });
    assert.equal(info.given_name, 'Sand');
    assert.equal(info.status, 'ACTIVE');
  });

  test('callbacks: parseCallback is unverified; confirmCallback re-queries and catches a forged body', async () => {
    const received = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, body });
        res.end();
      });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = server.address().port;
      const m = client(sb);
      const reference = randomUUID();
      const t = await m.collect({
        amount: '9',
        currency: 'EUR',
        phone: '46733123451',
        reference,
        callbackUrl: `http://127.0.0.1:${port}/momo/${reference}`,
      });
      assert.equal(t.reference, reference);
      assert.equal(posts(sb, '/requesttopay').at(-1).headers['x-callback-url'], `http://127.0.0.1:${port}/momo/${reference}`);
      const deadline = Date.now() + 3000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(received.length, 1);
      assert.equal(received[0].method, 'PUT');
      const ref = received[0].url.split('/').at(-1);
      const cb = await m.parseCallback(received[0].body, {}, { reference: ref, kind: 'requesttopay' });
      assert.deepEqual(
        { reference: cb.reference, status: cb.status, reason: cb.reason, verified: cb.verified, operation: cb.operation },
        { reference, status: 'failed', reason: 'rejected', verified: false, operation: 'requesttopay' },
      );
      await assert.rejects(m.parseCallback(received[0].body), (e) => e instanceof ValidationError && e.field === 'reference');
      // a forged body claiming success: the status query says otherwise
      const forged = JSON.stringify({ ...JSON.parse(received[0].body), status: 'SUCCESSFUL', reason: undefined });
      assert.equal((await m.parseCallback(forged, {}, { reference })).status, 'success');
      const confirmed = await m.confirmCallback(forged, undefined, { reference, kind: 'requesttopay' });
      assert.equal(confirmed.status, 'failed');
      assert.equal(confirmed.reason, 'rejected');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('MtnMomo on the sandbox: the failing test numbers (docs/momo.md)', () => {
  let sb;
  before(async () => {
    sb = await startSandbox({ ...FAST, momo: { delayedMs: 100 } });
  });
  after(async () => {
    await sb.close();
  });

  // number → [status, reason, providerReason], for request to pay
  const COLLECTION = {
    46733123450: ['failed', 'provider_error', 'INTERNAL_PROCESSING_ERROR'],
    46733123451: ['failed', 'rejected', 'APPROVAL_REJECTED'],
    46733123452: ['expired', 'expired', 'EXPIRED'],
    46733123454: ['failed', 'expired', 'PAYER_DELAYED'],
    46733123455: ['failed', 'account_not_found', 'PAYER_NOT_FOUND'],
    46733123456: ['failed', 'not_allowed', 'PAYEE_NOT_ALLOWED_TO_RECEIVE'],
    46733123457: ['failed', 'not_allowed', 'NOT_ALLOWED'],
    46733123458: ['failed', 'not_allowed', 'NOT_ALLOWED_TARGET_ENVIRONMENT'],
    46733123459: ['failed', 'other', 'INVALID_CALLBACK_URL_HOST'],
    46733123460: ['failed', 'other', 'INVALID_CURRENCY'],
    46733123461: ['failed', 'provider_error', 'INTERNAL_PROCESSING_ERROR'],
    46733123462: ['failed', 'provider_unavailable', 'SERVICE_UNAVAILABLE'],
    46733123463: ['failed', 'expired', 'COULD_NOT_PERFORM_TRANSACTION'],
    46733123464: ['failed', 'insufficient_funds', 'NOT_ENOUGH_FUNDS'],
  };

  test('request to pay: each failing payer number gives its status and normalised reason', async () => {
    const m = client(sb);
    const started = await Promise.all(
      Object.keys(COLLECTION).map(async (n) => [n, await m.collect({ amount: '1', currency: 'EUR', phone: n })]),
    );
    for (const [n, t] of started) {
      const done = await m.waitForFinal(t.reference, POLL);
      const [status, reason, code] = COLLECTION[n];
      assert.deepEqual([done.status, done.reason, done.raw.reason], [status, reason, code], n);
      const e = m.failureError(done);
      assert.ok(e instanceof ProviderError, n);
      assert.deepEqual([e.code, e.providerCode, e.reason, e.retryable], ['provider_error', code, reason, false], n);
    }
  });

  test('the ongoing number stays pending', async () => {
    const m = client(sb);
    const t = await m.collect({ amount: '1', currency: 'EUR', phone: '46733123453' });
    const still = await m.waitForFinal(t.reference, { intervalMs: 20, timeoutMs: 200 });
    assert.equal(still.status, 'pending');
  });

  test('transfers: the payee numbers (NOT_ENOUGH_FUNDS, PAYER_LIMIT_REACHED, PAYEE_NOT_FOUND)', async () => {
    const m = client(sb);
    for (const [n, reason, code] of [
      ['46733123455', 'insufficient_funds', 'NOT_ENOUGH_FUNDS'],
      ['46733123456', 'limit_reached', 'PAYER_LIMIT_REACHED'],
      ['46733123457', 'account_not_found', 'PAYEE_NOT_FOUND'],
    ]) {
      const t = await m.payout({ amount: '1', currency: 'EUR', phone: n });
      const done = await m.waitForFinal({ reference: t.reference, kind: 'transfer' }, POLL);
      assert.deepEqual([done.status, done.reason, done.raw.reason], ['failed', reason, code], n);
    }
  });

  test('reason as an {code, message} object is read the same way', async () => {
    const sb2 = await startSandbox({ ...FAST, momo: { reasonFormat: 'object' } });
    try {
      const m = client(sb2);
      const t = await m.collect({ amount: '1', currency: 'EUR', phone: '46733123464' });
      const done = await m.waitForFinal(t.reference, POLL);
      assert.equal(done.reason, 'insufficient_funds');
      assert.equal(done.raw.reason.code, 'NOT_ENOUGH_FUNDS');
    } finally {
      await sb2.close();
    }
  });
});

describe('MtnMomo on the sandbox: tokens, retries, idempotency', () => {
  test('token expiry: the sandbox refuses an expired token, the client renews it once and succeeds', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const sb = await startSandbox({ ...FAST, now: () => clock, momo: { tokenTtlSeconds: 600 } });
    try {
      const m = client(sb);
      await m.balance({ product: 'collection' });
      clock += 700_000; // the sandbox's clock passes the token's expiry; the SDK's cache does not know
      const [b] = await m.balance({ product: 'collection' });
      assert.equal(b.currency, 'EUR');
      const tokens = posts(sb, '/collection/token');
      assert.equal(tokens.length, 2);
      const balances = sb.requests().filter((r) => r.path.includes('/account/balance'));
      assert.deepEqual(balances.map((r) => r.status), [200, 401, 200]);
    } finally {
      await sb.close();
    }
  });

  test('concurrent calls share one token request per product; products have their own tokens', async () => {
    const sb = await startSandbox({
      ...FAST,
      momo: { subscriptionKeys: { collection: 'c'.repeat(32), disbursement: 'd'.repeat(32), remittance: 'e'.repeat(32) } },
    });
    try {
      const { apiUser, apiKey, targetEnvironment, subscriptionKeys } = sb.credentials.momo;
      const m = new MtnMomo({ apiUser, apiKey, targetEnvironment, subscriptionKeys, baseUrl: sb.baseUrls.momo });
      await Promise.all([
        m.balance({ product: 'collection' }),
        m.balance({ product: 'collection' }),
        m.collect({ amount: '1', currency: 'EUR', phone: '46733000011' }),
        m.balance({ product: 'disbursement' }),
      ]);
      assert.equal(posts(sb, '/collection/token').length, 1);
      assert.equal(posts(sb, '/disbursement/token').length, 1);
      const bal = sb.requests().find((r) => r.path.includes('/disbursement/v1_0/account/balance'));
      assert.equal(bal.headers['ocp-apim-subscription-key'], 'd'.repeat(32));
      // a client holding only the collection key cannot call disbursement: validation before sending
      const only = new MtnMomo({ apiUser, apiKey, targetEnvironment, subscriptionKeys: { collection: 'c'.repeat(32) }, baseUrl: sb.baseUrls.momo });
      const n = sb.requests().length;
      await assert.rejects(only.payout({ amount: '1', currency: 'EUR', phone: '46733000012' }), (e) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.field, 'subscriptionKeys.disbursement');
        return true;
      });
      assert.equal(sb.requests().length, n);
    } finally {
      await sb.close();
    }
  });

  test('a 503 then success: the retry reuses the X-Reference-Id and one operation runs', async () => {
    const sb = await startSandbox(FAST);
    try {
      const m = client(sb);
      sb.injectFault({ provider: 'momo', method: 'POST', path: '/collection/v1_0/requesttopay', fault: '503' });
      const t = await m.collect({ amount: '3', currency: 'EUR', phone: '46733000013' });
      const sent = posts(sb, '/collection/v1_0/requesttopay');
      assert.deepEqual(sent.map((r) => r.status), [503, 202]);
      assert.equal(sent[0].headers['x-reference-id'], t.reference);
      assert.equal(sent[1].headers['x-reference-id'], t.reference);
      assert.equal(executionsOf(sb, t.reference).length, 1);
      assert.equal((await m.waitForFinal(t.reference, POLL)).status, 'success');
    } finally {
      await sb.close();
    }
  });

  test('a 409 on a retry means the first attempt went through: the payout reads its status, nothing runs twice', async () => {
    const sb = await startSandbox(FAST);
    try {
      const m = client(sb);
      for (const fault of ['500-after', 'reset-after']) {
        sb.injectFault({ provider: 'momo', method: 'POST', path: '/disbursement/v1_0/transfer', fault });
        const t = await m.payout({ amount: '7', currency: 'EUR', phone: '46733000014' });
        assert.equal(t.providerStatus === 'PENDING' || t.providerStatus === 'SUCCESSFUL', true, JSON.stringify(t));
        assert.equal(executionsOf(sb, t.reference).length, 1, fault);
        const sent = posts(sb, '/disbursement/v1_0/transfer').filter((r) => r.headers['x-reference-id'] === t.reference);
        assert.equal(sent.length, 2, fault);
        assert.equal(sent[1].status, 409);
        assert.equal((await m.waitForFinal({ reference: t.reference, kind: 'transfer' }, POLL)).status, 'success');
      }
    } finally {
      await sb.close();
    }
  });

  test('with retries off, a lost answer is settled by a status read: no second POST, one operation', async () => {
    const sb = await startSandbox(FAST);
    try {
      const m = client(sb, { maxRetries: 0 });
      sb.injectFault({ provider: 'momo', method: 'POST', path: '/disbursement/v1_0/transfer', fault: 'reset-after' });
      const t = await m.payout({ amount: '2', currency: 'EUR', phone: '46733000020' });
      assert.equal(posts(sb, '/disbursement/v1_0/transfer').length, 1);
      assert.equal(executionsOf(sb, t.reference).length, 1);
      assert.ok(['PENDING', 'SUCCESSFUL'].includes(t.providerStatus), JSON.stringify(t));
    } finally {
      await sb.close();
    }
  });

  test('503 on every attempt: a retryable ProviderError naming the reference, and nothing created', async () => {
    const sb = await startSandbox(FAST);
    try {
      const m = client(sb, { maxRetries: 1 });
      sb.injectFault({ provider: 'momo', method: 'POST', path: '/collection/v1_0/requesttopay', fault: '503', times: 2 });
      const reference = randomUUID();
      await assert.rejects(m.collect({ amount: '1', currency: 'EUR', phone: '46733000021', reference }), (e) => {
        assert.ok(e instanceof ProviderError);
        assert.equal(e.httpStatus, 503);
        assert.equal(e.retryable, true);
        assert.ok(e.message.includes(reference), e.message);
        return true;
      });
      assert.equal(posts(sb, '/collection/v1_0/requesttopay').length, 2);
      assert.equal(executionsOf(sb, reference).length, 0);
      // the same call later, with the same reference, creates it once
      const t = await m.collect({ amount: '1', currency: 'EUR', phone: '46733000021', reference });
      assert.equal(t.reference, reference);
      assert.equal(executionsOf(sb, reference).length, 1);
    } finally {
      await sb.close();
    }
  });

  test('repeating a call with its reference answers the existing operation and creates nothing', async () => {
    // What the outcome table tells a caller after an unknown outcome: MTN answers the duplicate 409
    // RESOURCE_ALREADY_EXIST, and the SDK reads the operation under that reference instead.
    const sb = await startSandbox(FAST);
    try {
      const m = client(sb);
      const reference = randomUUID();
      const first = await m.collect({ amount: '1', currency: 'EUR', phone: '46733000015', reference });
      const again = await m.collect({ amount: '1', currency: 'EUR', phone: '46733000015', reference });
      assert.equal(again.reference, first.reference);
      const creates = sb.requests().filter((r) => r.provider === 'momo' && r.method === 'POST' && r.path.endsWith('/requesttopay'));
      assert.equal(creates.filter((r) => r.headers['x-reference-id'] === reference).length, 2, 'sent twice, refused once');
      assert.equal(executionsOf(sb, reference).length, 1);
    } finally {
      await sb.close();
    }
  });
});

describe('MtnMomo: validation before sending, typed errors, secrets', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(FAST);
  });
  after(async () => {
    await sb.close();
  });

  test('bad input is a ValidationError naming the field, and nothing is sent', async () => {
    const m = client(sb);
    const n = sb.requests().length;
    const cases = [
      [{ amount: '1', currency: 'XAF', phone: '46733000016' }, 'currency'],
      [{ amount: '-1', currency: 'EUR', phone: '46733000016' }, 'amount'],
      [{ amount: 0, currency: 'EUR', phone: '46733000016' }, 'amount'],
      [{ amount: NaN, currency: 'EUR', phone: '46733000016' }, 'amount'],
      [{ amount: '1', currency: 'EUR', phone: '46733000016', reference: 'order-1' }, 'reference'],
      [{ amount: '1', currency: 'EUR', phone: '46733000016', reference: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' }, 'reference'],
      [{ amount: '1', currency: 'EUR', phone: '46733000016', payerMessage: 'x'.repeat(161) }, 'payerMessage'],
      [{ amount: '1', currency: 'EUR', phone: '46733000016', payeeNote: 'é'.repeat(161) }, 'payeeNote'],
      [{ amount: '1', currency: 'EUR', payer: { partyIdType: 'MSISDN', partyId: '+46733000016' } }, 'payer.partyId'],
      [{ amount: '1', currency: 'EUR', payer: { partyIdType: 'ALIAS', partyId: 'x' } }, 'payer.partyIdType'],
      [{ amount: '1', currency: 'EUR' }, 'payer'],
      [{ amount: '1', currency: 'EUR', phone: 'call me' }, 'phone'],
      [{ amount: '1', currency: 'EUR', phone: '46733000016', callbackUrl: 'localhost/cb' }, 'callbackUrl'],
      [{ amount: '1', currency: 'EUR', phone: '46733000016', payerNote: 'typo' }, 'payerNote'],
    ];
    for (const [req, field] of cases) {
      await assert.rejects(m.collect(req), (e) => {
        assert.ok(e instanceof ValidationError, `${JSON.stringify(req)}: ${e}`);
        assert.equal(e.code, 'validation_error');
        assert.equal(e.field, field, JSON.stringify(req));
        return true;
      });
    }
    await assert.rejects(m.status({ reference: 'nope', kind: 'transfer' }), (e) => e instanceof ValidationError && e.field === 'reference');
    await assert.rejects(m.status({ reference: randomUUID(), kind: 'withdrawal' }), (e) => e instanceof ValidationError && e.field === 'kind');
    await assert.rejects(m.refund({ amount: '1', currency: 'EUR', referenceIdToRefund: 'abc' }), (e) => e.field === 'referenceIdToRefund');
    await assert.rejects(m.createPayment({ amount: '1', currency: 'EUR', phone: '1' }), (e) => e.field === 'serviceProviderUserName');
    assert.equal(sb.requests().length, n, 'nothing reached the sandbox');
  });

  test('constructor options are checked', () => {
    const { subscriptionKey, apiUser, apiKey } = sb.credentials.momo;
    assert.throws(() => new MtnMomo({ subscriptionKey, apiUser, apiKey, targetEnvironment: 'mtnkenya' }), (e) => e instanceof ValidationError && e.field === 'targetEnvironment');
    assert.throws(() => new MtnMomo({ subscriptionKey, apiUser: 'bob', apiKey, targetEnvironment: 'sandbox' }), (e) => e.field === 'apiUser');
    assert.throws(() => new MtnMomo({ apiUser, apiKey, targetEnvironment: 'sandbox' }), (e) => e.field === 'subscriptionKey');
    assert.throws(() => new MtnMomo({ subscriptionKey, apiUser, apiKey, targetEnvironment: 'sandbox', product: 'lending' }), (e) => e.field === 'product');
    assert.throws(() => new MtnMomo({ subscriptionKey, apiUser, apiKey, targetEnvironment: 'sandbox', secret: 1 }), (e) => e.field === 'secret');
    const base = { apiUser, apiKey, targetEnvironment: 'sandbox' };
    assert.throws(() => new MtnMomo({ ...base, subscriptionKeys: { lending: 'x' } }), (e) => e instanceof ValidationError && e.field === 'subscriptionKeys.lending');
    assert.throws(() => new MtnMomo({ ...base, subscriptionKey, timeoutMs: '1000' }), (e) => e instanceof ValidationError && e.field === 'timeoutMs');
    // the key given where the per-product object belongs is not repeated in the error
    assert.throws(() => new MtnMomo({ ...base, subscriptionKeys: subscriptionKey }), (e) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(e.field, 'subscriptionKeys');
      assert.equal(errorText(e).includes(subscriptionKey), false, e.message);
      return true;
    });
  });

  test('every call\'s argument is a typed input: unknown fields and arrays are refused, naming the field', async () => {
    const m = client(sb);
    const n = sb.requests().length;
    const reference = randomUUID();
    for (const [call, field] of [
      [() => m.balance({ product: 'collection', currencies: ['EUR'] }), 'currencies'],
      [() => m.balance(['collection', 'EUR']), 'request'],
      [() => m.waitForFinal(reference, { interval: 20 }), 'interval'],
      [() => m.waitForFinal(reference, { intervalMs: NaN }), 'intervalMs'],
      [() => m.status({ reference, type: 'transfer' }), 'type'],
      [() => m.validateAccountHolderStatus({ accountHolderId: '46733000009', idType: 'msisdn' }), 'idType'],
      [() => m.validateAccountHolderStatus({ product: 'collection' }), 'accountHolderId'],
      [() => m.getBasicUserinfo({ msisdn: '46733000010', product: 'lending' }), 'product'],
      [() => m.cancelInvoice(reference, { externalID: 'x' }), 'externalID'],
      [() => m.requestToPayDeliveryNotification(reference, 42), 'notificationMessage'],
      [() => m.preApproval({ amount: '1', payerCurrency: 'EUR', phone: '46733000007', validityTime: 60 }), 'amount'],
      [() => m.createPayment({ money: { amount: '1', currency: 'EUR', fee: '0' }, phone: '1', serviceProviderUserName: 'A' }), 'money.fee'],
      [() => m.failureError({ provider: 'momo', reference, raw: null, note: 'mine' }), 'note'],
      [() => MtnMomo.provisionSandboxUser({ subscriptionKey: 'k', providerCallbackHost: 'localhost', baseUrl: sb.baseUrls.momo, host: 'x' }), 'host'],
    ]) {
      await assert.rejects(async () => call(), (e) => {
        assert.ok(e instanceof ValidationError, `${field}: ${e}`);
        assert.equal(e.field, field, e.message);
        return true;
      });
    }
    assert.equal(sb.requests().length, n, 'nothing reached the sandbox');
  });

  test('typed errors: wrong key, wrong environment, unknown reference', async () => {
    const creds = sb.credentials.momo;
    const wrongKey = client(sb, { apiKey: '0'.repeat(32) });
    await assert.rejects(wrongKey.collect({ amount: '1', currency: 'EUR', phone: '46733000017' }), (e) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.httpStatus, 401);
      assert.equal(e.provider, 'momo');
      return true;
    });
    const wrongSub = client(sb, { subscriptionKey: 'f'.repeat(32) });
    await assert.rejects(wrongSub.balance({ product: 'remittance' }), (e) => e instanceof AuthError && e.httpStatus === 401);
    const uganda = client(sb, { targetEnvironment: 'mtnuganda' });
    await assert.rejects(uganda.collect({ amount: '1', currency: 'EUR', phone: '46733000018' }), (e) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.httpStatus, 500);
      assert.equal(e.providerCode, 'NOT_ALLOWED_TARGET_ENVIRONMENT');
      assert.equal(e.reason, 'not_allowed');
      assert.equal(e.retryable, false);
      return true;
    });
    const m = client(sb);
    await assert.rejects(m.status(randomUUID()), (e) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.httpStatus, 404);
      assert.equal(e.providerCode, 'RESOURCE_NOT_FOUND');
      return true;
    });
    // every error above, and the client itself, is free of the credentials
    const errors = [];
    for (const run of [
      () => wrongKey.collect({ amount: '1', currency: 'EUR', phone: '46733000017' }),
      () => wrongSub.balance(),
      () => uganda.payout({ amount: '1', currency: 'EUR', phone: '46733000019' }),
      () => m.collect({ amount: '1', currency: 'XAF', phone: '46733000019' }),
      () => MtnMomo.provisionSandboxUser({ subscriptionKey: 'a'.repeat(32), providerCallbackHost: 'localhost', baseUrl: sb.baseUrls.momo }),
    ]) {
      errors.push(await run().then(() => assert.fail('should reject'), (e) => e));
    }
    const texts = errors.map(errorText).join('\n') + JSON.stringify(m) + String(m);
    for (const secret of [creds.apiKey, creds.subscriptionKey, '0'.repeat(32), 'f'.repeat(32), 'a'.repeat(32)]) {
      assert.equal(texts.includes(secret), false, `a credential leaked: ${secret}`);
    }
    for (const e of errors) assert.ok(e instanceof PayrailError);
  });
});
