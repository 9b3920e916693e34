// Observability and per-call options (issue 14, items 2 and 3), through the built package against the sandbox:
// the `hooks` client option sees every attempt of a retried call with every secret masked, and each call takes
// `{ signal?, timeoutMs?, maxRetries? }` last (an aborted call rejects with a typed error and sends nothing more).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Unipesa, NetworkError, TimeoutError, ValidationError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';

let sb;
const payout = (reference) => ({
  amount: '500', currency: 'KES', phone: '254700000001', providerId: 14, reference,
});
const sentTo = (path) => sb.requests().filter((r) => r.provider === 'unipesa' && r.path.endsWith(path)).length;

before(async () => {
  sb = await startSandbox({ finalDelayMs: 20, callbackDelayMs: 10 });
});
after(() => sb.close());

test('hooks see every attempt of a retried call: request, response, retry, with every secret masked', async () => {
  const events = [];
  const record = (kind) => (e) => events.push({ kind, ...e });
  const { secretKey } = sb.credentials.unipesa;
  const client = new Unipesa({
    ...sb.credentials.unipesa,
    baseUrl: sb.baseUrls.unipesa,
    hooks: { request: record('request'), response: record('response'), retry: record('retry'), error: record('error') },
  });
  sb.injectFault({ provider: 'unipesa', path: '/payment_b2c', fault: '503', retryAfter: 0 });
  const tx = await client.payout(payout(`hk-${Date.now()}`));
  assert.deepEqual(events.map((e) => `${e.kind}#${e.attempt}${e.status ? ` ${e.status}` : ''}`), [
    'request#0', 'response#0 503', 'retry#0', 'request#1', 'response#1 200',
  ]);
  for (const e of events) {
    assert.equal(e.provider, 'unipesa');
    assert.equal(e.operation, 'payout');
    assert.equal(e.reference, tx.reference, 'every event names the call reference');
    assert.equal(e.method, 'POST');
    assert.ok(!JSON.stringify(e).includes(secretKey), `no secret in ${e.kind}`);
  }
  assert.ok(events[1].durationMs >= 0 && typeof events[2].retryInMs === 'number');
  assert.match(events[0].body, /"order_id"/, 'the request body is shown (nothing secret in it)');
});

test('a hook that throws or rejects never fails the call', async () => {
  const client = new Unipesa({
    ...sb.credentials.unipesa,
    baseUrl: sb.baseUrls.unipesa,
    hooks: { request: () => { throw new Error('hook bug'); }, response: async () => { throw new Error('async hook bug'); } },
  });
  const tx = await client.payout(payout(`hk-throw-${Date.now()}`));
  assert.equal(tx.status, 'pending');
});

test('per-call timeoutMs and maxRetries override the client options for that call only', async () => {
  const client = new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa, timeoutMs: 5000 });
  sb.injectFault({ provider: 'unipesa', path: '/status', fault: 'slow', delayMs: 1500 });
  const e = await client.status('hk-none', { timeoutMs: 150, maxRetries: 0 }).then(
    () => assert.fail('should time out'),
    (err) => err,
  );
  assert.ok(e instanceof TimeoutError, String(e));
  assert.equal(e.timeoutMs, 150);
  await assert.rejects(client.status('hk-none', { timeoutMs: 0 }), (err) => err instanceof ValidationError && err.field === 'timeoutMs');
  await assert.rejects(client.status('hk-none', { retries: 1 }), (err) => err instanceof ValidationError && err.field === 'retries');
});

test('an aborted call rejects with a typed error: before sending nothing leaves, in flight the outcome is unknown', async () => {
  const client = new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa });
  const before = sentTo('/payment_b2c');
  const e = await client.payout(payout(`hk-abort-${Date.now()}`), { signal: AbortSignal.abort() }).then(
    () => assert.fail('should abort'),
    (err) => err,
  );
  assert.ok(e instanceof NetworkError, String(e));
  assert.equal(e.code, 'aborted');
  assert.equal(e.outcome, 'not_sent');
  assert.ok(e.reference, 'the key that would have been sent');
  assert.equal(sentTo('/payment_b2c'), before, 'nothing was sent');

  sb.injectFault({ provider: 'unipesa', path: '/payment_b2c', fault: 'slow', delayMs: 1500 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const inFlight = await client.payout(payout(`hk-abort2-${Date.now()}`), { signal: controller.signal, maxRetries: 2 }).then(
    () => assert.fail('should abort'),
    (err) => err,
  );
  assert.equal(inFlight.code, 'aborted');
  assert.equal(inFlight.outcome, 'unknown', 'the request had left: it may have executed');
  assert.equal(inFlight.retryable, false);
  await assert.rejects(client.status('x', { signal: 'not a signal' }), (err) => err instanceof ValidationError && err.field === 'signal');
});
