// Chaos test (issue 12, item 5): every provider's collects and payouts, many at once, through a seeded
// fault-injecting proxy (tests/js/support/fault-proxy.mjs) between the built package and the local sandbox:
// answers lost after the sandbox executed, gateway 502/503/504 pages before and after execution (some echoing
// the request's headers), answers slower than the client's time-out, 429 with Retry-After, 200s whose body is cut
// or replaced by a page, connection resets.
//
// The truth comes from outside the SDK: the sandbox's executions() (js/sandbox/README.md) says what moved money,
// and the proxy's log says which idempotency key each operation put on the wire and which requests it forwarded.
// Each operation gets its own client whose baseUrl names it (`/op/<tag>`), so every request is attributed to the
// operation that made it, also when the SDK generated the key (half the calls pass no `reference`). The clients of
// one run share a memoryTokenStore, as instances of one merchant would.
//
// Checks, per provider:
//   - no idempotency key executed twice;
//   - retries of one call reuse one key, and every money request carries one;
//   - a resolved call is a real execution under the key it sent (and the caller's reference, if given);
//   - every thrown error is a typed PayrailError with `reference` (the caller's, or the key sent) and `outcome`
//     in 'not_sent' | 'rejected' | 'unknown';
//   - a call that executed but threw says `outcome: 'unknown'` under the executed key;
//   - 'not_sent' sent no money request at all; 'not_sent' and 'rejected' executed nothing;
//   - repeating a call that threw (outcome 'unknown', or no outcome: a caller who cannot tell must assume it may
//     have moved) with `reference: error.reference` executes nothing new, and if that repeat fails while the key
//     has executed, it does not say 'not_sent' or 'rejected';
//   - no secret or token (the sandbox's credentials, every token it issued, every Authorization value sent) in any
//     error: message, String, stack, every property, JSON.stringify, util.inspect, String(cause);
// and for the whole file: no unhandled rejection, and it ends on its own well within a minute.
//
// Seeds: PAYRAIL_CHAOS_SEED (one number, or several separated by commas), else 3 fixed seeds. A compact table per
// provider (operations, faults by kind, outcomes by kind) is printed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { Unipesa, MtnMomo, CinetPay, ViralPay, AliansPay, PayrailError, memoryTokenStore } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';
import { startFaultProxy, PROXY_FAULTS } from './support/fault-proxy.mjs';

const SEEDS = process.env.PAYRAIL_CHAOS_SEED
  ? process.env.PAYRAIL_CHAOS_SEED.split(',').map((s) => Number.parseInt(s.trim(), 10))
  : [1203, 4242, 90125];
if (SEEDS.some((s) => !Number.isInteger(s))) throw new Error(`PAYRAIL_CHAOS_SEED must be integers: ${process.env.PAYRAIL_CHAOS_SEED}`);

const OPS_PER_SEED = Math.max(1, Math.ceil(120 / SEEDS.length)); // ~120 calls per provider
const CONCURRENCY = 8;
const TIMEOUT_MS = 600; // per attempt; a loaded 2-core machine still answers a pass-through well within it
const SLOW_MS = TIMEOUT_MS + 400; // the proxy's slow answers come after the client gave up
const OPTS = { timeoutMs: TIMEOUT_MS, maxRetries: 1 };
const OP_DEADLINE_MS = 8000; // one call, its retries and its own status read; past it the call counts as hung
const OUTCOMES = ['not_sent', 'rejected', 'unknown'];

const SECRET_FIELDS = {
  unipesa: ['secretKey'],
  momo: ['subscriptionKey', 'apiKey'],
  cinetpay: ['apiKey', 'password'],
  viralpay: ['clientSecret', 'password'],
  alianspay: ['guid'],
};

/**
 * CinetPay's and ViralPAY's default sandbox secrets share long pieces with their public ids ("sandbox-viralpay-…"),
 * which would blind the piece search below: these runs give them secrets of their own (the other defaults are
 * random hex or UUIDs). The test still reads every credential back from the sandbox object.
 */
const DISTINCT_SECRETS = {
  cinetpay: { apiKey: 'cp-apikey-7c1f9e3a5b2d4608e1', password: 'cp-pass-2e4a6c8b0d1f3579a4' },
  viralpay: { clientSecret: 'vp-secret-9b3d5f7a1c2e4068b2', password: 'vp-pass-4d6f8a0c2e1b3579c7' },
};

/** JSON body of a proxy record, or {} when it is not JSON. */
function jsonBody(r) {
  try {
    const v = JSON.parse(r.body);
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/** CinetPay's form field `data` (a JSON array of transfers), or []. */
function cinetpayItems(r) {
  try {
    const data = new URLSearchParams(r.body).get('data');
    const v = JSON.parse(data ?? '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/**
 * Each provider: its client, its two money calls (CinetPay has payouts only), a valid caller reference, and how to
 * read the idempotency key off a money-moving request as it crossed the proxy (the sandbox docs say which field is
 * the key: js/sandbox/README.md for Unipesa, js/sandbox/docs/*.md for the others). `moneyKey` returns undefined for
 * a request that moves no money, null for a money request that carries no key.
 * Inputs are the sandbox docs' accepted test inputs, as in tests/js/faults.test.mjs and the e2e tests.
 */
const PROVIDERS = {
  unipesa: {
    Client: Unipesa,
    calls: {
      collect: (c, reference) => c.collect({ amount: '1100', currency: 'XOF', phone: '+225 07 05 14 56 55', providerId: 14, country: 'CI', reference }),
      payout: (c, reference) => c.payout({ amount: '500', currency: 'XOF', phone: '2250705145655', providerId: 2306, reference, extra: { customer_name: 'Awa Koné' } }),
    },
    ref: () => `ch-up-${randomUUID()}`,
    moneyKey: (r) => (r.method === 'POST' && /\/payment_(c2b|b2c)$/.test(r.path) ? (jsonBody(r).order_id ?? null) : undefined),
  },
  momo: {
    Client: MtnMomo,
    calls: {
      collect: (c, reference) => c.collect({ amount: '7', currency: 'EUR', phone: '46733000006', reference }),
      payout: (c, reference) => c.payout({ amount: '7', currency: 'EUR', phone: '46733000014', reference }),
    },
    ref: () => randomUUID(),
    moneyKey: (r) => (r.method === 'POST' && /\/(collection\/v1_0\/requesttopay|disbursement\/v1_0\/transfer)$/.test(r.path) ? (r.headers['x-reference-id'] ?? null) : undefined),
  },
  cinetpay: {
    Client: CinetPay,
    calls: {
      // CinetPay needs a notify_url; the sandbox's callbacks come after the run (callbackDelayMs) and never leave
      // 127.0.0.1 (port 9, discard: nothing listens)
      payout: (c, reference) => c.payout({ amount: 500, phone: '+2250707000051', name: 'Awa', surname: 'Koné', email: 'awa@example.com', callbackUrl: 'http://127.0.0.1:9/cb', reference }),
    },
    ref: () => `chcp${randomUUID().replace(/-/g, '')}`,
    moneyKey: (r) => {
      if (r.method !== 'POST' || !/\/transfer\/money\/send\/contact\/?$/.test(r.path)) return undefined;
      const ids = cinetpayItems(r).map((i) => i?.client_transaction_id);
      return ids.length === 1 && typeof ids[0] === 'string' ? ids[0] : null;
    },
  },
  viralpay: {
    Client: ViralPay,
    calls: {
      collect: (c, reference) => c.collect({ amount: 100, currency: 'XOF', phone: '221770000000', country: 'sn', reference }),
      payout: (c, reference) => c.payout({ amount: '500', currency: 'XAF', phone: '237650000001', country: 'cm', operator: 'mtn', reference }),
    },
    ref: () => `ch-vp-${randomUUID()}`,
    moneyKey: (r) => (r.method === 'POST' && /\/v1\/(payments|transfers)$/.test(r.path) ? (jsonBody(r).order_id ?? null) : undefined),
  },
  alianspay: {
    Client: AliansPay,
    calls: {
      collect: (c, reference) => c.collect({ moyenPayment: 'AP', amount: 100, currency: 'XOF', phone: '221770000000', reference }),
      payout: (c, reference) => c.payout({ moyenPayment: 'MOMO', amount: 1000, currency: 'XAF', phone: '237650000000', reference }),
    },
    ref: () => `ch-ap-${randomUUID()}`,
    moneyKey: (r) => (r.method === 'POST' && /\/api\/v1\/(collection|disbursement)$/.test(r.path) ? (jsonBody(r).externalTransactionId ?? null) : undefined),
  },
};

// ---------------------------------------------------------------------------------------------- run-wide state

const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The promise's outcome, or `{ hung: true }` after `ms` (the timer never holds the process). */
async function settle(promiseFn, ms) {
  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ hung: true }), ms);
  });
  try {
    return await Promise.race([
      Promise.resolve().then(promiseFn).then((value) => ({ ok: true, value }), (error) => ({ ok: false, error })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool(items, n, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
}

/** Everything an error shows: message, String, stack, every own property, JSON, inspect, its cause. */
function errorText(e) {
  const parts = [];
  const add = (f) => {
    try {
      parts.push(String(f()));
    } catch (x) {
      parts.push(`<threw ${x?.name}>`);
    }
  };
  const deep = (v) => (typeof v === 'string' ? v : inspect(v, { showHidden: true, depth: 8, getters: true }));
  add(() => e?.message);
  add(() => String(e));
  add(() => e?.stack);
  add(() => JSON.stringify(e));
  add(() => deep(e));
  if (e !== null && typeof e === 'object') {
    for (const k of Reflect.ownKeys(e)) add(() => `${String(k)}=${deep(e[k])}`);
    if (e.cause !== undefined) {
      add(() => String(e.cause));
      add(() => deep(e.cause));
    }
  }
  return parts.join('\n');
}

/** Short description of an error for a failure message (never prints a secret: checked texts are not echoed). */
const describeError = (e) => `${e?.name} code=${e?.code} http=${e?.httpStatus} outcome=${e?.outcome} reference=${e?.reference}`;

/**
 * The strings no error may contain: each secret credential and each token, and every 16-character piece of them
 * that is not also a piece of a public value (ids and user names, which an error may rightly name).
 */
function secretPieces(secrets, publicValues) {
  const pieces = new Set();
  for (const s of secrets) {
    if (typeof s !== 'string' || s.length < 8) continue;
    pieces.add(s);
    for (let i = 0; i + 16 <= s.length; i += 1) {
      const w = s.slice(i, i + 16);
      if (!publicValues.some((p) => p.includes(w))) pieces.add(w);
    }
  }
  return [...pieces];
}

/** The first secret piece an error shows anywhere, or undefined. */
const leaks = (pieces, e) => {
  const text = errorText(e);
  return pieces.find((s) => text.includes(s));
};

/** The providers that log in for a token (MoMo and ViralPAY send it as Authorization, CinetPay as ?token=). */
const TOKEN_PROVIDERS = new Set(['momo', 'cinetpay', 'viralpay']);

/** Tokens and credentials seen on the wire: Authorization values, `token` query parameters, tokens answered. */
function wireSecrets(records) {
  const out = new Set();
  for (const r of records) {
    const auth = r.headers.authorization;
    if (typeof auth === 'string') {
      out.add(auth);
      const m = /^\s*(?:Bearer|Basic)\s+(.+)$/i.exec(auth);
      if (m) out.add(m[1].trim());
    }
    if (r.query.token) out.add(r.query.token);
    for (const t of r.tokens) out.add(t);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- one provider

/**
 * One seeded run for one provider: OPS_PER_SEED calls (collect and payout alternating, half with a caller
 * reference), CONCURRENCY at a time, then the repeats of every call that threw. Returns what happened.
 */
async function runSeed(name, p, sb, seed) {
  const proxy = await startFaultProxy({ target: sb.url, seed, slowMs: SLOW_MS });
  try {
    const tokenStore = memoryTokenStore();
    const prefix = new URL(sb.baseUrls[name]).pathname;
    const clientFor = (tag) => new p.Client({ ...sb.credentials[name], baseUrl: `${proxy.url}/op/${tag}${prefix}`, tokenStore, ...OPTS });
    const kinds = Object.keys(p.calls);

    const ops = Array.from({ length: OPS_PER_SEED }, (_, i) => ({
      seed,
      tag: `s${seed}-${name}-${i}`,
      kind: kinds[i % kinds.length],
      callerRef: Math.floor(i / kinds.length) % 2 === 0 ? p.ref() : undefined, // half pass a reference, per kind
    }));
    await pool(ops, CONCURRENCY, async (op) => {
      const client = clientFor(op.tag);
      op.result = await settle(() => p.calls[op.kind](client, op.callerRef), OP_DEADLINE_MS);
    });
    // the proxy may still hold slow answers or wait on the sandbox: let every forwarded request finish
    const drained = await proxy.drain(SLOW_MS + 2000);

    // What each operation put on the wire and what the sandbox executed, before any repeat.
    const records = proxy.records();
    const execCount = new Map();
    for (const x of sb.executions()) if (x.provider === name) execCount.set(x.key, (execCount.get(x.key) ?? 0) + 1);
    for (const op of ops) {
      const mine = records.filter((r) => r.tag === op.tag);
      op.moneyRequests = mine.filter((r) => p.moneyKey(r) !== undefined);
      op.keys = [...new Set(op.moneyRequests.map((r) => p.moneyKey(r)))];
      op.executedKeys = op.keys.filter((k) => k !== null && execCount.has(k));
    }
    const executedBefore = new Map(execCount);

    // The repeats: the same call with `reference: error.reference` (the caller's reference when the error has
    // none), through a clean path, for every call that threw with an outcome that may have moved money.
    const toRepeat = ops.filter((op) => op.result && !op.result.ok && !op.result.hung && !['not_sent', 'rejected'].includes(op.result.error?.outcome));
    await pool(toRepeat, CONCURRENCY, async (op) => {
      const reference = op.result.error?.reference ?? op.callerRef;
      op.repeat = { reference, tag: `clean-${op.tag}` };
      if (typeof reference !== 'string' || reference === '') return;
      op.repeat.result = await settle(() => p.calls[op.kind](clientFor(op.repeat.tag), reference), OP_DEADLINE_MS);
    });
    const repeatsDrained = await proxy.drain(2000);
    const after = proxy.records();
    const execAfter = new Map();
    for (const x of sb.executions()) if (x.provider === name) execAfter.set(x.key, (execAfter.get(x.key) ?? 0) + 1);
    for (const op of toRepeat) {
      const mine = after.filter((r) => r.tag === op.repeat.tag);
      op.repeat.keys = [...new Set(mine.map((r) => p.moneyKey(r)).filter((k) => k !== undefined))];
    }
    return { ops, records: after, executedBefore, execAfter, drained: drained && repeatsDrained };
  } finally {
    await proxy.close();
  }
}

// ---------------------------------------------------------------------------------------------- checks

/** A violation: its kind (counted in the failure message) and the case. */
const v = (kind, detail) => ({ kind, detail });

/** Asserts a list of violations is empty, showing how many of each kind and the first few cases. */
function noViolations(list, what) {
  const kinds = {};
  for (const x of list) kinds[x.kind] = (kinds[x.kind] ?? 0) + 1;
  const tally = Object.entries(kinds).map(([k, n]) => `${n} × ${k}`).join('; ');
  const cases = list.slice(0, 8).map((x) => `${x.kind}: ${x.detail}`);
  assert.equal(list.length, 0, `${what}: ${list.length} violation(s): ${tally}\n  ${cases.join('\n  ')}${list.length > 8 ? '\n  …' : ''}`);
}

const isMoneyError = (op) => op.result && !op.result.ok && !op.result.hung;

/** Every error thrown by a money call, first calls and repeats, with what the caller asked. */
function thrownErrors(runs) {
  const out = [];
  for (const run of runs) {
    for (const op of run.ops) {
      if (isMoneyError(op)) out.push({ op, error: op.result.error, callerRef: op.callerRef, keys: op.keys, label: op.tag });
      if (op.repeat?.result && !op.repeat.result.ok && !op.repeat.result.hung) {
        out.push({ op, error: op.repeat.result.error, callerRef: op.repeat.reference, keys: op.repeat.keys ?? [], label: `${op.repeat.tag} (repeat)` });
      }
    }
  }
  return out;
}

function summarise(name, runs) {
  const ops = runs.flatMap((r) => r.ops);
  const count = (arr, f) => arr.reduce((m, x) => {
    const k = f(x);
    m[k] = (m[k] ?? 0) + 1;
    return m;
  }, {});
  const fmt = (m) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  const records = runs.flatMap((r) => r.records).filter((r) => !r.tag.startsWith('clean-'));
  const faults = count(records, (r) => r.fault);
  const ordered = Object.fromEntries(PROXY_FAULTS.filter((f) => faults[f]).map((f) => [f, faults[f]]));
  const outcome = (o) => (o.result.hung ? 'hung' : o.result.ok ? 'resolved' : (OUTCOMES.includes(o.result.error?.outcome) ? o.result.error.outcome : 'no outcome'));
  const threw = ops.filter(isMoneyError);
  const executedThrew = threw.filter((o) => o.executedKeys.length > 0);
  const repeats = ops.filter((o) => o.repeat);
  const lines = [
    `chaos ${name}: seeds ${SEEDS.join(',')} | ${ops.length} operations (${fmt(count(ops, (o) => o.kind))}; reference given ${ops.filter((o) => o.callerRef).length}, generated ${ops.filter((o) => !o.callerRef).length}) | ${records.length} requests through the proxy`,
    `  faults:   ${fmt(ordered)}`,
    `  outcomes: ${fmt(count(ops, outcome))}`,
    `  errors:   ${fmt(count(threw, (o) => `${o.result.error?.name}`))}`,
    `  executed but threw ${executedThrew.length} (${fmt(count(executedThrew, (o) => o.result.error?.name))}; outcome unknown ${executedThrew.filter((o) => o.result.error?.outcome === 'unknown').length}, with the executed key as reference ${executedThrew.filter((o) => o.executedKeys.includes(o.result.error?.reference)).length}) | repeated ${repeats.length}: ${fmt(count(repeats, (o) => (!o.repeat.result ? 'no reference to repeat with' : o.repeat.result.ok ? 'resolved' : `${o.repeat.result.error?.name ?? 'hung'} ${o.repeat.result.error?.httpStatus ?? ''}`.trim())))}`,
  ];
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------- the checks

/** Every operation of every seed. */
const allOps = (runs) => runs.flatMap((r) => r.ops);

/**
 * The checks, each over one provider's runs: `{ name, sb, runs, secrets }` → a list of violations (`v(kind, case)`).
 * A check may also assert its own preconditions (that it had something to look at).
 */
const CHECKS = [
  {
    title: 'every call settles (none hangs past its deadline)',
    what: 'calls that did not settle',
    run: ({ runs }) => [
      ...allOps(runs).filter((o) => o.result?.hung || o.repeat?.result?.hung).map((o) => v('hung', `${o.tag} ${o.kind}`)),
      ...runs.filter((r) => !r.drained).map((r) => v('requests still in flight at the proxy', `seed ${r.ops[0]?.seed}`)),
    ],
  },
  {
    title: 'no idempotency key executed twice',
    what: 'keys executed more than once',
    run: ({ name, sb }) => {
      const count = new Map();
      for (const x of sb.executions()) if (x.provider === name) count.set(x.key, (count.get(x.key) ?? 0) + 1);
      assert.ok(count.size > 0, 'the run executed something');
      return [...count].filter(([, n]) => n > 1).map(([key, n]) => v('executed twice', `${key} executed ${n} times`));
    },
  },
  {
    title: 'retries of one call reuse one key, and every money request carries one',
    what: 'keys of one call',
    run: ({ runs }) => allOps(runs).flatMap((op) => [
      ...(op.keys.includes(null) ? [v('money request without a key', op.tag)] : []),
      ...(op.keys.length > 1 ? [v('several keys for one call', `${op.tag}: ${op.keys.join(', ')}`)] : []),
      ...(op.callerRef && op.keys.some((k) => k !== op.callerRef) ? [v("a key other than the caller's reference", `${op.tag}: ${op.keys.join(', ')}`)] : []),
    ]),
  },
  {
    title: 'a resolved call is a real execution under the key it sent',
    what: 'resolved calls',
    run: ({ runs }) => {
      const bad = [];
      for (const op of allOps(runs).filter((o) => o.result?.ok)) {
        const ref = op.result.value?.reference;
        if (op.callerRef && ref !== op.callerRef) bad.push(v("resolved under another reference than the caller's", `${op.tag}: ${ref}, the caller gave ${op.callerRef}`));
        if (!op.keys.includes(ref)) bad.push(v('resolved under a key it did not send', `${op.tag}: ${ref}, sent ${op.keys.join(',')}`));
        if (!op.executedKeys.includes(ref)) bad.push(v('resolved but never executed', `${op.tag} (${op.result.value?.status}): ${ref}`));
      }
      return bad;
    },
  },
  {
    title: 'every error of a money call is typed and carries a reference and an outcome',
    what: 'errors of money calls',
    run: ({ runs }) => {
      const bad = [];
      for (const { error: e, callerRef, keys, label } of thrownErrors(runs)) {
        const sent = keys.filter((k) => typeof k === 'string');
        if (!(e instanceof PayrailError) || e.code === 'internal_error') bad.push(v('not a typed PayrailError', `${label}: ${describeError(e)}`));
        if (!OUTCOMES.includes(e?.outcome)) bad.push(v(`outcome not one of ${OUTCOMES.join('/')}`, `${label}: ${describeError(e)}`));
        if (typeof e?.reference !== 'string' || e.reference === '') bad.push(v(`no reference (the caller gave ${callerRef ? 'one' : 'none'})`, `${label}: ${describeError(e)}`));
        else if (callerRef && e.reference !== callerRef) bad.push(v("a reference other than the caller's", `${label}: ${e.reference}, the caller gave ${callerRef}`));
        else if (sent.length > 0 && !sent.includes(e.reference)) bad.push(v('a reference other than the key sent', `${label}: ${e.reference}, sent ${sent.join(',')}`));
      }
      return bad;
    },
  },
  {
    title: "a call that executed but threw says outcome 'unknown' under the executed key",
    what: 'executed but thrown calls',
    run: ({ runs }) => {
      const bad = [];
      for (const op of allOps(runs).filter((o) => isMoneyError(o) && o.executedKeys.length > 0)) {
        const e = op.result.error;
        const how = `${op.tag} (${op.kind}, reference ${op.callerRef ? 'given' : 'generated'}, faults ${op.moneyRequests.map((r) => r.fault).join('>')}) executed ${op.executedKeys[0]}`;
        if (e?.outcome !== 'unknown') bad.push(v(`executed, yet outcome ${JSON.stringify(e?.outcome)}`, `${how}: ${describeError(e)}`));
        if (e?.reference !== op.executedKeys[0]) bad.push(v(e?.reference === undefined ? 'executed, yet no reference' : 'executed, yet another reference', `${how}, error reference ${JSON.stringify(e?.reference)}`));
      }
      return bad;
    },
  },
  {
    title: "'not_sent' sent no money request, and 'not_sent' / 'rejected' executed nothing",
    what: 'definite failures',
    run: ({ runs }) => {
      const bad = [];
      for (const op of allOps(runs).filter(isMoneyError)) {
        const o = op.result.error?.outcome;
        if (o === 'not_sent' && op.moneyRequests.length > 0) bad.push(v('not_sent, yet a money request was sent', `${op.tag}: ${op.moneyRequests.length} (${op.moneyRequests.map((r) => r.fault).join(',')})`));
        if ((o === 'not_sent' || o === 'rejected') && op.executedKeys.length > 0) bad.push(v(`${o}, yet executed`, `${op.tag}: ${op.executedKeys[0]}`));
      }
      return bad;
    },
  },
  {
    title: 'repeating a call that threw, with reference: error.reference, executes nothing new',
    what: 'repeats',
    run: ({ runs }) => runs.flatMap((run) => run.ops.filter((o) => o.repeat).flatMap((op) => repeatViolations(run, op))),
  },
  {
    title: 'no secret or token in any error',
    what: 'errors holding a secret or token',
    run: ({ name, sb, runs, secrets }) => {
      const wire = wireSecrets(runs.flatMap((r) => r.records));
      if (TOKEN_PROVIDERS.has(name)) assert.ok(wire.size > 0, 'the tokens (or Authorization values) the run used were seen');
      // the detector itself: a 16-character piece of each secret, in an error's message or cause, is found
      for (const s of [...SECRET_FIELDS[name].map((k) => sb.credentials[name][k]), ...wire].filter((x) => x.length >= 8)) {
        const planted = s.length > 20 ? s.slice(2, 18) : s;
        assert.ok(leaks(secrets, new Error(`x${planted}x`)), 'a planted secret piece is detected in a message');
        assert.ok(leaks(secrets, new Error('x', { cause: new Error(`y${planted}`) })), 'a planted secret piece is detected in a cause');
      }
      const bad = [];
      for (const { error, label } of thrownErrors(runs)) {
        const hit = leaks(secrets, error);
        if (hit === undefined) continue;
        const text = errorText(error);
        const at = text.indexOf(hit);
        // the text before it, with every secret piece blanked (the failure message must not leak either)
        let where = text.slice(Math.max(0, at - 60), at).replace(/\s+/g, ' ');
        for (const s of secrets) where = where.split(s).join('<secret>');
        bad.push(v(`${error?.name} holding a secret piece`, `${label}: ${describeError(error)}: ${hit.length} characters after "…${where}"`));
      }
      return bad;
    },
  },
];

/** What is wrong with the repeat of one call that threw. */
function repeatViolations(run, op) {
  const { reference, keys, result } = op.repeat;
  if (!result) return [v('no reference to repeat the call with', `${op.tag}: ${describeError(op.result.error)}`)];
  const bad = [];
  if (op.result.error?.reference === undefined) bad.push(v("the error carried no reference (repeated with the caller's)", op.tag));
  for (const k of keys) if (k !== reference) bad.push(v('the repeat sent another key', `${op.tag}: ${k}, not ${reference}`));
  const before = run.executedBefore.get(reference) ?? 0;
  const now = run.execAfter.get(reference) ?? 0;
  // a key that had not executed may execute once now (that is the safe retry); one that had, never again
  if (now > 1 || (before === 1 && now !== 1)) bad.push(v('the repeat executed again', `${op.tag}: ${reference} executed ${before} time(s) before the repeat, ${now} after`));
  // the key has executed: a repeat that fails must not tell the caller that nothing moved
  if (!result.ok && !result.hung && now > 0 && ['not_sent', 'rejected'].includes(result.error?.outcome)) {
    bad.push(v(`the repeat of an executed call says ${result.error.outcome}`, `${op.tag}: ${describeError(result.error)}`));
  }
  if (result.ok && result.value?.reference !== reference) bad.push(v('the repeat resolved under another reference', `${op.tag}: ${result.value?.reference}, not ${reference}`));
  return bad;
}

// ---------------------------------------------------------------------------------------------- the tests

describe('chaos: every provider through a fault-injecting proxy', { concurrency: true }, () => {
  for (const [name, p] of Object.entries(PROVIDERS)) {
    describe(name, { concurrency: true }, () => {
      const ctx = { name, sb: null, runs: [], secrets: [] };

      before(async () => {
        // callbacks only after the run (close() cancels them); ViralPAY's per-minute limit raised so the run measures
        // the proxy's faults
        ctx.sb = await startSandbox({
          finalDelayMs: 50,
          callbackDelayMs: 120_000,
          viralpay: { rateLimitPerMinute: 100_000, ...DISTINCT_SECRETS.viralpay },
          cinetpay: DISTINCT_SECRETS.cinetpay,
        });
        for (const seed of SEEDS) ctx.runs.push(await runSeed(name, p, ctx.sb, seed));
        const creds = ctx.sb.credentials[name];
        const publicValues = Object.entries(creds).filter(([k]) => !SECRET_FIELDS[name].includes(k)).map(([, x]) => String(x));
        const wire = wireSecrets(ctx.runs.flatMap((r) => r.records));
        ctx.secrets = secretPieces([...SECRET_FIELDS[name].map((k) => creds[k]), ...wire], publicValues);
        summarise(name, ctx.runs);
      }, { timeout: 45_000 });
      after(() => ctx.sb?.close());

      for (const check of CHECKS) test(check.title, () => noViolations(check.run(ctx), check.what));
    });
  }
});

test('no unhandled rejection during the run', async () => {
  await sleep(50); // a rejection left unhandled at the end of the run surfaces on the next turns
  noViolations(unhandled.map((r) => v('unhandled rejection', `${r?.name ?? typeof r}: ${r?.message ?? String(r)}`.slice(0, 200))), 'unhandled rejections');
});
