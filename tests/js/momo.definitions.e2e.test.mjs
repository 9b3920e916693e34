// MtnMomo from the built package against the sandbox, on the points where payrail follows MTN's own API
// definitions (issue 15): what goes on the wire, the callback host known to the client, callbacks by PUT or POST.
// Expected values are MTN's definitions as docs/providers/momo.md and js/sandbox/docs/momo.md write them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MtnMomo, ValidationError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';
import { startCallbackReceiver } from './support/callbacks.mjs';

const FAST = { finalDelayMs: 40, callbackDelayMs: 10 };
const POLL = { intervalMs: 20, timeoutMs: 3000 };
const momoRequests = (sb) => sb.requests().filter((r) => r.provider === 'momo' && r.method !== 'GET');

describe('MtnMomo on the wire: MTN\'s field names, types and paths', () => {
  let sb;
  let m;
  before(async () => {
    sb = await startSandbox(FAST);
    m = new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo });
  });
  after(() => sb.close());

  test('a cash transfer sends orginatingCountry (either spelling given); the sandbox reads it back', async () => {
    for (const name of ['orginatingCountry', 'originatingCountry']) {
      const t = await m.cashTransfer({ amount: '5', currency: 'EUR', phone: '46733000050', [name]: 'SE', payerIdentificationType: 'IDCD' });
      const [post] = momoRequests(sb).filter((r) => r.headers['x-reference-id'] === t.reference);
      assert.equal(post.body.orginatingCountry, 'SE', name);
      assert.equal('originatingCountry' in post.body, false);
      const done = await m.waitForFinal({ reference: t.reference, kind: 'cashTransfer' }, POLL);
      assert.equal(done.raw.orginatingCountry, 'SE');
    }
  });

  test('a payerIdentificationType outside MTN\'s enum is a ValidationError, and nothing is sent', async () => {
    const before = momoRequests(sb).length;
    await assert.rejects(
      m.cashTransfer({ amount: '5', currency: 'EUR', phone: '46733000051', payerIdentificationType: 'PASSPORT' }),
      (e) => e instanceof ValidationError && e.field === 'payerIdentificationType',
    );
    assert.equal(momoRequests(sb).length, before);
  });

  test('an invoice\'s validityDuration goes as a string', async () => {
    const t = await m.createInvoice({ amount: '3', currency: 'EUR', phone: '46733000052', validityDuration: 600 });
    const [post] = momoRequests(sb).filter((r) => r.headers['x-reference-id'] === t.reference);
    assert.equal(post.body.validityDuration, '600');
  });

  test('V2 withdraw, deposit and refund are read at v1_0', async () => {
    const paid = await m.collect({ amount: '20', currency: 'EUR', phone: '46733000053' });
    await m.waitForFinal(paid.reference, POLL);
    const payer = { partyIdType: 'MSISDN', partyId: '46733000054' };
    for (const [fn, kind, req, path] of [
      ['requestToWithdrawV2', 'requesttowithdrawV2', { amount: '1', currency: 'EUR', payer }, '/collection/v1_0/requesttowithdraw/'],
      ['depositV2', 'depositV2', { amount: '1', currency: 'EUR', payee: payer }, '/disbursement/v1_0/deposit/'],
      ['refundV2', 'refundV2', { amount: '1', currency: 'EUR', referenceIdToRefund: paid.reference }, '/disbursement/v1_0/refund/'],
    ]) {
      const t = await m[fn](req);
      assert.equal((await m.status({ reference: t.reference, kind })).provider, 'momo');
      const gets = sb.requests().filter((r) => r.method === 'GET' && r.path.endsWith(t.reference));
      assert.deepEqual(gets.map((r) => [r.path, r.status]), [[`${path}${t.reference}`, 200]], fn);
    }
  });
});

describe('MtnMomo: the callback host, and callbacks by PUT or POST', () => {
  let sb;
  let rx;
  before(async () => {
    sb = await startSandbox({ ...FAST, momo: { callbackMethod: 'POST', providerCallbackHost: '127.0.0.1' } });
    rx = await startCallbackReceiver();
  });
  after(async () => {
    await sb.close();
    await rx.close();
  });

  test('providerCallbackHost: a callbackUrl on another host is a ValidationError before anything is sent', async () => {
    const m = new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo, providerCallbackHost: '127.0.0.1' });
    const before = momoRequests(sb).length;
    const reference = randomUUID();
    await assert.rejects(
      m.collect({ amount: '1', currency: 'EUR', phone: '46733000055', reference, callbackUrl: 'https://elsewhere.example/cb' }),
      (e) => e instanceof ValidationError && e.field === 'callbackUrl',
    );
    assert.equal(momoRequests(sb).length, before, 'not even a token request');
    assert.throws(
      () => new MtnMomo({ ...sb.credentials.momo, providerCallbackHost: 'shop.example', callbackUrl: 'https://other.example/cb' }),
      (e) => e instanceof ValidationError && e.field === 'callbackUrl',
    );
    assert.throws(
      () => new MtnMomo({ ...sb.credentials.momo, providerCallbackHost: 'https://shop.example' }),
      (e) => e instanceof ValidationError && e.field === 'providerCallbackHost',
    );
  });

  test('a callback by POST (and the same one by PUT) reads the same; confirmCallback confirms it', async () => {
    const m = new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo, providerCallbackHost: '127.0.0.1' });
    const reference = randomUUID();
    const t = await m.collect({ amount: '7', currency: 'EUR', phone: '46733000056', reference, callbackUrl: `${rx.url}/${reference}` });
    const [post] = await rx.waitFor(1);
    assert.equal(post.method, 'POST');
    assert.equal(sb.triggerCallback('momo', t.reference, { method: 'PUT' }), true);
    const [, put] = await rx.waitFor(2);
    assert.equal(put.method, 'PUT');
    const read = await Promise.all([post, put].map((c) => m.parseCallback(c.body, c.headers, { reference, kind: 'requesttopay' })));
    assert.deepEqual(read[0], read[1]);
    assert.equal(read[0].status, 'success');
    assert.equal(read[0].amount, '7');
    assert.equal((await m.confirmCallback(post.body, undefined, { reference, kind: 'requesttopay' })).status, 'success');
  });
});
