// Issue 16: the retry rules seen from JS, with keys the SDK GENERATED (no `reference` passed), for every provider.
//
// A `fetch` wrapper (the `fetch` client option, js/index.d.ts) sits between the built package and the local
// sandbox. It forwards the first money request to the sandbox (which executes it) and then answers the client
// 503 in its place, as a gateway that lost the answer would; the SDK must retry with the SAME idempotency key, so
// the sandbox replays the stored result instead of executing a second time. The truth comes from the sandbox's own
// request log and execution log (js/sandbox/README.md), not from the SDK.
//
// The same wrapper answers 408, 504, 400 and 501 in place of the sandbox to check which statuses are retried:
// 408, 429, 500, 502, 503, 504 (src/client/retry.rs, README.md), and not 400 or 501.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Unipesa, MtnMomo, CinetPay, ViralPay, AliansPay, PayrailError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';

/** JSON body text → object, or {}. */
function json(text) {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/**
 * Per provider: the client, one money call (the sandbox docs' succeeding inputs, as in tests/js/chaos.test.mjs),
 * the path it posts to, and where its idempotency key travels (js/sandbox/README.md, js/sandbox/docs/*.md).
 */
const PROVIDERS = {
  unipesa: {
    Client: Unipesa,
    call: (c) => c.collect({ amount: '1100', currency: 'XOF', phone: '+225 07 05 14 56 55', providerId: 14, country: 'CI' }),
    path: /\/payment_c2b$/,
    key: (headers, body) => json(body).order_id,
  },
  momo: {
    Client: MtnMomo,
    call: (c) => c.collect({ amount: '7', currency: 'EUR', phone: '46733000006' }),
    path: /\/collection\/v1_0\/requesttopay$/,
    key: (headers) => headers['x-reference-id'],
  },
  cinetpay: {
    Client: CinetPay,
    // notify_url on 127.0.0.1 port 9 (discard): nothing listens, nothing leaves the machine
    call: (c) => c.payout({ amount: 500, phone: '+2250707000051', name: 'Awa', surname: 'Koné', email: 'awa@example.com', callbackUrl: 'http://127.0.0.1:9/cb' }),
    path: /\/transfer\/money\/send\/contact\/?$/,
    key: (headers, body) => {
      const items = json(new URLSearchParams(body).get('data') ?? '[]');
      return Array.isArray(items) ? items[0]?.client_transaction_id : undefined;
    },
  },
  viralpay: {
    Client: ViralPay,
    call: (c) => c.collect({ amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn' }),
    path: /\/v1\/payments$/,
    key: (headers, body) => json(body).order_id,
  },
  alianspay: {
    Client: AliansPay,
    call: (c) => c.collect({ moyenPayment: 'AP', amount: 100, currency: 'XOF', phone: '221770000000' }),
    path: /\/api\/v1\/collection$/,
    key: (headers, body) => json(body).externalTransactionId,
  },
};

let sb;
before(async () => {
  sb = await startSandbox({ finalDelayMs: 20, callbackDelayMs: 5 });
});
after(async () => {
  await sb?.close();
});

/**
 * A fetch that records every money request's key and, per attempt number (0 = the first), either forwards it
 * (`'forward'`), forwards it and then answers `status` instead (`{ after: status }`: executed, answer lost), or
 * answers `status` without forwarding (`{ instead: status }`).
 */
function scriptedFetch(p, plan) {
  const attempts = [];
  const fetchFn = async (input, init) => {
    const req = new Request(input, init);
    if (req.method !== 'POST' || !p.path.test(new URL(req.url).pathname)) return fetch(req);
    const body = await req.clone().text();
    attempts.push(p.key(Object.fromEntries(req.headers), body));
    const step = plan[attempts.length - 1] ?? 'forward';
    if (step === 'forward') return fetch(req);
    if (step.after) {
      await (await fetch(req)).arrayBuffer();
      return new Response('', { status: step.after });
    }
    return new Response(step.body ?? '', { status: step.instead, headers: { 'content-type': 'application/json' } });
  };
  return { fetchFn, attempts };
}

function client(name, fetchFn) {
  const { Client } = PROVIDERS[name];
  return new Client({ ...sb.credentials[name], baseUrl: sb.baseUrls[name], fetch: fetchFn, timeoutMs: 5000, maxRetries: 2 });
}

for (const name of Object.keys(PROVIDERS)) {
  const p = PROVIDERS[name];

  test(`${name}: a generated key is reused by every retry, and the operation executes once`, async () => {
    const { fetchFn, attempts } = scriptedFetch(p, [{ after: 503 }]);
    const r = await p.call(client(name, fetchFn));
    assert.equal(attempts.length, 2, 'one retry after the lost answer');
    assert.equal(typeof attempts[0], 'string');
    assert.ok(attempts[0].length > 0, 'the SDK generated a key');
    assert.equal(attempts[1], attempts[0], 'the retry carries the same key');
    // The sandbox's own logs: both attempts arrived with that key, and it executed once.
    const seen = sb.requests().filter((x) => x.provider === name && x.method === 'POST' && p.path.test(x.path))
      .map((x) => p.key(x.headers, x.rawBody));
    assert.deepEqual(seen.filter((k) => k === attempts[0]).length, 2);
    const runs = sb.executions().filter((x) => x.provider === name && x.key === attempts[0]);
    assert.equal(runs.length, 1, 'executed once');
    assert.equal(r.reference, attempts[0], 'the result names the key that was sent');
  });
}

for (const status of [408, 504]) {
  test(`unipesa: ${status} is retried with the same key`, async () => {
    const p = PROVIDERS.unipesa;
    const { fetchFn, attempts } = scriptedFetch(p, [{ instead: status }]);
    const r = await p.call(client('unipesa', fetchFn));
    assert.equal(attempts.length, 2);
    assert.equal(attempts[1], attempts[0]);
    assert.equal(r.reference, attempts[0]);
  });
}

for (const status of [400, 501]) {
  test(`unipesa: ${status} is not retried`, async () => {
    const p = PROVIDERS.unipesa;
    const { fetchFn, attempts } = scriptedFetch(p, [{ instead: status, body: '{"status":0,"message":"refused"}' }]);
    await assert.rejects(p.call(client('unipesa', fetchFn)), (e) => e instanceof PayrailError && e.httpStatus === status);
    assert.equal(attempts.length, 1, 'sent once');
  });
}
