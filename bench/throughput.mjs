// The throughput rows of bench/run.mjs (issue 11): 2,000 calls with 100 in flight against the sandbox in its own
// process, payrail's client against a peer doing the same requests, the figure the calls per second of a round.
//   collect-throughput: `Unipesa.collect` vs the same signed `payment_c2b` with plain `fetch`;
//   momo-throughput:    `MtnMomo.collect` vs mtn-momo 2.0.0's `requestToPay`, the same request to pay.
// Both sides share the sandbox process, the machine and the HTTP stack's defaults (undici's global agent for
// fetch and payrail's transport, node:http's global keep-alive agent for mtn-momo's axios).
//
// Measuring: every contender is warmed up (one call, then a pool of half a round), then whole rounds alternate
// (the order flips every round) and the figure is the median round. After every round, outside the timing, the
// sandbox's log of executed operations must hold exactly one new execution per call, under the reference the
// call returned: every request was accepted and none was sent twice.
import { performance } from 'node:perf_hooks';
import assert from 'node:assert/strict';

import { sandboxProcess } from './sandbox.mjs';
import * as peers from './peers.mjs';

const CONCURRENCY = 100;

/** The Unipesa simulator (provider 14): accepted, stays in progress, sends no callback (docs/providers/unipesa.md). */
const UNIPESA_REQ = { amount: '1100', currency: 'XOF', phone: '2250705145655', country: 'CI', providerId: 14 };
/** A request to pay of 100 EUR from a sandbox number that ends successful (docs/providers/momo.md). */
const MOMO_REQ = { amount: '100', currency: 'EUR', phone: '+46 733 000 001' };
/** The same request as mtn-momo takes it: the body payrail sends, field for field. */
const MOMO_PEER_REQ = { amount: '100', currency: 'EUR', payer: { partyIdType: 'MSISDN', partyId: '46733000001' } };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs `fn` `total` times with `concurrency` calls in flight; resolves to `{ ms, results }` (a failure rejects). */
async function pool(fn, total, concurrency) {
  const results = new Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      results[i] = await fn();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { ms: performance.now() - t0, results };
}

/**
 * Checks a finished pool against the sandbox: `refs` (one per call, from the calls' own answers) are distinct and
 * are exactly the `provider`'s executions logged since `seen` of them. Returns the new count.
 */
async function checkExecuted(sp, provider, seen, refs) {
  const executed = (await sp.get('/executions')).filter((e) => e.provider === provider);
  const fresh = executed.slice(seen).map((e) => e.key).sort();
  assert.equal(new Set(refs).size, refs.length, `${provider}: every call has its own reference`);
  assert.equal(fresh.length, refs.length, `${provider}: one execution per call (nothing lost, nothing sent twice)`);
  assert.deepEqual(fresh, [...refs].sort(), `${provider}: the executions are the calls' references`);
  return executed.length;
}

/**
 * Contenders `{ fn, refs(results) }` against the sandbox `sp`: warm-up, then `rounds` alternating rounds of
 * `total` calls; each round checked. The median calls/s per contender, with the min, max and every round.
 */
async function compareThroughput(sp, provider, contenders, { total, rounds }) {
  let seen = (await sp.get('/executions')).filter((e) => e.provider === provider).length;
  const run = async (c, n) => {
    const { ms, results } = await pool(c.fn, n, CONCURRENCY);
    seen = await checkExecuted(sp, provider, seen, c.refs(results));
    return (n * 1000) / ms;
  };
  for (const c of contenders) await run(c, 1);
  for (const c of contenders) await run(c, Math.max(CONCURRENCY, total >> 1));
  const samples = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...contenders.keys()].reverse() : [...contenders.keys()];
    for (const i of order) samples[i].push(await run(contenders[i], total));
  }
  return samples.map((s) => ({ median: median(s), min: Math.min(...s), max: Math.max(...s), rounds: s.map(Math.round) }));
}

/** The last `n` logged requests of `provider` to a path ending with `suffix`. */
async function lastRequests(sp, provider, suffix, n) {
  const log = await sp.get('/requests');
  return log.filter((r) => r.provider === provider && r.path.endsWith(suffix)).slice(-n);
}

/** Every transaction pending (the request accepted), their references. */
function pendingRefs(provider) {
  return (results) => results.map((t) => {
    assert.equal(t.status, 'pending', `${provider}: the request was accepted`);
    return t.reference;
  });
}

async function collectThroughput(sdk, sp, settings) {
  const base = sp.info.baseUrls.unipesa;
  const cred = sp.info.credentials.unipesa;
  const unipesa = new sdk.Unipesa({ ...cred, baseUrl: base });
  const viaSdk = () => unipesa.collect(UNIPESA_REQ);
  const viaFetch = () => peers.fetchCollect(base, cred, UNIPESA_REQ);
  // The same request: the same fields in the same order (the order_id and signature differ by design).
  await viaSdk();
  await viaFetch();
  const [x, y] = (await lastRequests(sp, 'unipesa', '/payment_c2b', 2)).map((r) => Object.keys(JSON.parse(r.rawBody)));
  assert.deepEqual(y, x, 'plain fetch sends the same fields in the same order');
  return compareThroughput(sp, 'unipesa', [
    { fn: viaSdk, refs: pendingRefs('unipesa') },
    { fn: viaFetch, refs: pendingRefs('unipesa (fetch)') },
  ], settings);
}

async function momoThroughput(sdk, sp, settings) {
  const base = sp.info.baseUrls.momo;
  const cred = sp.info.credentials.momo;
  const momo = new sdk.MtnMomo({ ...cred, baseUrl: base });
  const collections = peers.momoCollections(base, cred);
  const viaSdk = () => momo.collect(MOMO_REQ);
  const viaPeer = () => collections.requestToPay(MOMO_PEER_REQ);
  // One call each first (each gets its token); then the two requests to pay must be the same request.
  await viaSdk();
  await viaPeer();
  const [a, b] = await lastRequests(sp, 'momo', '/collection/v1_0/requesttopay', 2);
  assert.equal(b.rawBody, a.rawBody, 'mtn-momo sends the same body');
  for (const r of [a, b]) {
    assert.equal(r.status, 202, 'the request to pay is accepted');
    assert.match(r.headers.authorization, /^Bearer /);
    assert.equal(r.headers['x-target-environment'], 'sandbox');
    assert.equal(r.headers['ocp-apim-subscription-key'], cred.subscriptionKey);
    assert.match(r.headers['x-reference-id'], /^[0-9a-f-]{36}$/);
  }
  return compareThroughput(sp, 'momo', [
    { fn: viaSdk, refs: pendingRefs('momo') },
    { fn: viaPeer, refs: (results) => results }, // mtn-momo resolves to the X-Reference-Id once answered 2xx
  ], settings);
}

/** The two rows, each on a fresh sandbox process; `ctx`: `{ sdk, want, quick, row, fmt }` from run.mjs. */
export async function throughputRows({ sdk, want, quick, row, fmt }) {
  const settings = { total: quick ? 500 : 2000, rounds: quick ? 3 : 7, concurrency: CONCURRENCY };
  const rows = [
    { id: 'collect-throughput', measure: collectThroughput, target: 0.85,
      figure: `${settings.total} Unipesa.collect at concurrency ${CONCURRENCY}, sandbox in its own process (calls/s)`,
      peer: 'the same signed payment_c2b requests with plain fetch at the same concurrency' },
    { id: 'momo-throughput', measure: momoThroughput, target: 1.0,
      figure: `${settings.total} MtnMomo.collect (request to pay) at concurrency ${CONCURRENCY}, sandbox in its own process (calls/s)`,
      peer: "mtn-momo 2.0.0 Collections.requestToPay at the same concurrency, the same sandbox" },
  ];
  for (const r of rows.filter((x) => want(x.id))) {
    const sp = await sandboxProcess();
    try {
      const [s, p] = await r.measure(sdk, sp, settings);
      const ratio = s.median / p.median;
      row({ id: r.id, figure: r.figure, peer: r.peer, unit: 'calls/s', settings, sdk: s, peerValue: p, ratio,
        target: `>= ${r.target === 1 ? '1.0' : r.target}x`, pass: ratio >= r.target,
        sdkText: `${fmt(s.median)} calls/s`, peerText: `${fmt(p.median)} calls/s`, ratioText: `${fmt(ratio, 2)}x` });
    } finally {
      await sp.close();
    }
  }
}
