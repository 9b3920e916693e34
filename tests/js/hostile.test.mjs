// No panics (issue 7, part 3): every export of the built package and every method of every class, called with
// hostile inputs — wrong types, huge strings, deep nesting, cycles, throwing getters, invalid UTF-8 in bodies,
// NaN, negative and huge amounts — and fed hostile answers by a `fetch` that lies (invalid UTF-8, cut and
// deeply nested JSON, huge bodies, non-Responses, throws, never answers) and a token store that lies.
//
// Each call must return, or throw/reject with a PayrailError that is not an `internal_error` (what a wasm trap
// or any unexpected JS exception becomes). After each call a known-good call must still give the right answer:
// a Rust panic aborts the wasm instance (panic = "abort"), and every later call would fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as pkg from '../../pkg/node.js';
import { toPayrailError } from '../../pkg/errors.js'; // internal: what every thrown thing goes through
import { startSandbox, signUnipesa as sandboxSign } from '../../js/sandbox/index.js';

const { PayrailError, Unipesa, MtnMomo, CinetPay, ViralPay, AliansPay } = pkg;

// ---- hostile values

function deepObject(depth) {
  let v = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
function deepArray(depth) {
  let v = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
const cyclic = { amount: '1' };
cyclic.self = cyclic;
// The caller's own exceptions: thrown by their getters and proxies, they may pass through unchanged (wrapping
// them would hide the caller's bug); nothing else may.
const GETTER_ERROR = new Error('getter says no');
const PROXY_ERROR = new Error('proxy says no');
const CALLERS_OWN = new Set([GETTER_ERROR, PROXY_ERROR]);
const throwingGetter = Object.defineProperty({}, 'amount', { enumerable: true, get() { throw GETTER_ERROR; } });
const throwingToJson = { toJSON() { throw new Error('toJSON says no'); } };
const throwingProxy = new Proxy({}, { get() { throw PROXY_ERROR; }, ownKeys() { throw PROXY_ERROR; } });
const HUGE = 'x'.repeat(4 * 1024 * 1024);
const INVALID_UTF8 = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x7d]);

/** [label, value] pairs: every kind of thing a caller can pass by mistake or malice. */
const HOSTILE = [
  ['undefined', undefined],
  ['null', null],
  ['true', true],
  ['0', 0],
  ['-1', -1],
  ['-0', -0],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['MAX_VALUE', Number.MAX_VALUE],
  ['2^64', 2 ** 64],
  ['bigint', 10n ** 40n],
  ['empty string', ''],
  ['NUL string', '\u0000'],
  ['lone surrogate', '\ud800'],
  ['RTL override', '\u202e123'],
  ['huge string', HUGE],
  ['number string', '1e400'],
  ['symbol', Symbol('s')],
  ['function', () => 1],
  ['array', [1, 2]],
  ['empty object', {}],
  ['null-prototype object', Object.create(null)],
  ['date', new Date(NaN)],
  ['map', new Map([['a', 1]])],
  ['deep object', deepObject(20000)],
  ['deep array', deepArray(20000)],
  ['cyclic object', cyclic],
  ['throwing getter', throwingGetter],
  ['throwing toJSON', throwingToJson],
  ['throwing proxy', throwingProxy],
  ['invalid UTF-8 bytes', INVALID_UTF8],
  ['ArrayBuffer', INVALID_UTF8.buffer],
  ['JSON text, deep', '['.repeat(100000)],
  ['JSON text, NaN', '{"amount": NaN, "signature": "00"}'],
  ['JSON text, huge number', '{"amount": 1e99999, "status": 99999999999999999999999}'],
];

/** Amounts that must be refused (or, for the huge but finite, refused or read exactly) — never a crash. */
const BAD_AMOUNTS = [NaN, Infinity, -1, -0.01, 0.001, 1e21, Number.MAX_VALUE, 2 ** 64, '1e400', '-5', '0x10', ' ', '1,5', '99999999999999999999999999', 10n ** 30n, {}, [], true];

// ---- a fetch that lies, a token store that lies

const enc = new TextEncoder();
const json = { 'content-type': 'application/json' };
const BAD_ANSWERS = [
  () => new Response(INVALID_UTF8, { status: 200, headers: json }),
  () => new Response(new Uint8Array([0xff, 0xfe, 0x00, 0x00]), { status: 500, headers: json }),
  () => new Response('{"access_token":"t","expires_in":1e999,"code":"0","data":{"token":"t"},"status":', { status: 200, headers: json }),
  () => new Response('{"a":'.repeat(50000), { status: 200, headers: json }),
  () => new Response(`${'['.repeat(50000)}${']'.repeat(50000)}`, { status: 200, headers: json }),
  () => new Response(enc.encode(`{"message":"${'9'.repeat(8 * 1024 * 1024)}"}`), { status: 400, headers: json }),
  () => new Response('{"access_token":null,"expires_in":-5,"code":NaN,"data":[[[]]],"status":{"a":[]},"amount":-1e308}', { status: 200, headers: json }),
  () => new Response('{"access_token":"t","token_type":"x","expires_in":18446744073709551616,"code":0,"data":{"token":"t","available":"-1e400"},"status":"SUCCESSFUL","amount":"1e400","availableBalance":"NaN","currency":"\\ud800"}', { status: 200, headers: json }),
  () => new Response('<html>502</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
  () => new Response('', { status: 429, headers: { 'retry-after': '99999999999999999999999' } }),
  () => new Response('', { status: 429, headers: { 'retry-after': '-1' } }),
  () => new Response(null, { status: 299 }),
  () => 42,
  () => undefined,
  () => ({ status: 'nope', headers: 5, text: 'x' }),
  () => { throw 'a string'; },
  () => { throw null; },
  () => { throw new RangeError('fetch blew up'); },
  () => new Response(new ReadableStream({ start(c) { c.error(new Error('stream broke')); } }), { status: 200 }),
];
let answerIndex = 0;
const lyingFetch = async () => BAD_ANSWERS[answerIndex++ % BAD_ANSWERS.length]();
const hangingFetch = (_url, init) => new Promise((_resolve, reject) => {
  init?.signal?.addEventListener('abort', () => reject(init.signal.reason ?? new Error('aborted')));
});

const lyingStores = [
  { get: async () => 42, set: async () => {} },
  { get: async () => ({ not: 'a string' }), set: async () => { throw new Error('set fails'); } },
  { get: async () => HUGE, set: async () => {} },
  { get: () => { throw new Error('get throws'); }, set: () => {} },
  { get: async () => '{"value":"t","expiresAt":1e999}', set: async () => {} },
];

// ---- the checks

async function settle(fn) {
  try {
    const v = fn();
    return { ok: true, value: v && typeof v.then === 'function' ? await v : v };
  } catch (e) {
    return { ok: false, error: e };
  }
}

let canaryCfg;
let canaryBody;
let canarySignature;
let calls = 0;

/** The module still answers, and correctly: a pure call and a wasm-backed client call. */
async function assertAlive(after) {
  assert.equal(pkg.signUnipesa('{"b":2,"a":"x"}', 'canary-key'), canarySignature, `signUnipesa after ${after}`);
  const parsed = await new Unipesa(canaryCfg).parseCallback(canaryBody);
  assert.equal(parsed.verified, true, `parseCallback after ${after}`);
}

/** Untyped errors seen, by test: `${what}: ${error}`. */
const violations = [];

/**
 * Calls fn; it must return or throw a typed, non-internal PayrailError (else it is recorded as a violation);
 * then the module must still work (else the test fails at once).
 */
async function hostile(what, fn) {
  calls++;
  const r = await settle(fn);
  if (!r.ok && !CALLERS_OWN.has(r.error)) {
    const e = r.error;
    if (!(e instanceof PayrailError) || e.code === 'internal_error' || typeof e.message !== 'string') {
      let text;
      try {
        text = `${e?.name ?? typeof e}: ${e?.message ?? String(e)}`;
      } catch {
        text = typeof e;
      }
      violations.push(`${what}: threw ${text}`);
    }
  }
  await assertAlive(what);
  return r;
}

/**
 * Known gaps: none. (The four MtnMomo methods that destructured a null options argument and toPayrailError on
 * unprintable throws were found here and fixed.) An entry added here is listed by the test at the end.
 */
const KNOWN_GAPS = [];
const knownSeen = [];

function assertNoViolations() {
  const found = violations.splice(0);
  const unknown = found.filter((v) => !KNOWN_GAPS.some((re) => re.test(v)));
  knownSeen.push(...found.filter((v) => KNOWN_GAPS.some((re) => re.test(v))));
  assert.deepEqual(unknown, [], `untyped errors:\n${unknown.join('\n')}`);
}

/** A test whose untyped errors (other than the known gaps) fail it. */
const htest = (name, fn) => test(name, async () => {
  await fn();
  assertNoViolations();
});

let sb;
before(async () => {
  sb = await startSandbox(); // only for its credentials; nothing here talks to it
  canaryCfg = { ...sb.credentials.unipesa, baseUrl: 'http://127.0.0.1:9' };
  canarySignature = sandboxSign('{"b":2,"a":"x"}', 'canary-key');
  const body = { merchant_id: canaryCfg.merchantId, order_id: 'canary-1', transaction_id: '1', status: 2, result: { code: 0, message: 'OK' } };
  canaryBody = JSON.stringify({ ...body, signature: sandboxSign(body, canaryCfg.secretKey) });
});
after(async () => {
  await sb.close();
});

// ---- the providers: credentials, a good request per creating method, the methods and their argument shapes

const BASE = { baseUrl: 'http://127.0.0.1:9', timeoutMs: 200, maxRetries: 0 };
const PROVIDERS = () => ({
  Unipesa: {
    Cls: Unipesa,
    options: { ...sb.credentials.unipesa, ...BASE },
    good: {
      collect: { amount: '1100', currency: 'XOF', phone: '2250705145655', providerId: 14, country: 'CI' },
      payout: { amount: '500', currency: 'XOF', phone: '2250705145655', providerId: 14, country: 'CI' },
      confirmPayout: { amount: '500', currency: 'XOF', phone: '2250705145655', providerId: 14, reference: 'r-1', confirmation: { otp: '1234' } },
      status: 'r-1',
    },
  },
  MtnMomo: {
    Cls: MtnMomo,
    options: { ...sb.credentials.momo, ...BASE },
    tokenStore: true,
    good: {
      collect: { amount: '1', currency: 'EUR', phone: '46733000001' },
      payout: { amount: '1', currency: 'EUR', phone: '46733000001' },
      requestToPay: { amount: '1', currency: 'EUR', phone: '46733000001' },
      transfer: { amount: '1', currency: 'EUR', phone: '46733000001' },
      status: '6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b',
      balance: { product: 'collection' },
      validateAccountHolderStatus: { accountHolderId: '46733000001' },
      getBasicUserinfo: { msisdn: '46733000001' },
    },
    static: { provisionSandboxUser: { subscriptionKey: 'k', providerCallbackHost: 'localhost', baseUrl: 'http://127.0.0.1:9' } },
  },
  CinetPay: {
    Cls: CinetPay,
    options: { ...sb.credentials.cinetpay, ...BASE },
    tokenStore: true,
    good: {
      payout: { amount: 500, phone: '+2250707000051', callbackUrl: 'http://127.0.0.1:9/cb', name: 'A', surname: 'B', email: 'a@b.ci' },
      addContacts: [{ phone: '+2250707000051', name: 'A', surname: 'B', email: 'a@b.ci' }],
      sendMoney: [{ phone: '+2250707000051', amount: 500, callbackUrl: 'http://127.0.0.1:9/cb' }],
      status: 'r1',
      balance: undefined,
      confirmCallback: 'transaction_id=1&client_transaction_id=r1&treatment_status=VAL&amount=500',
    },
  },
  ViralPay: {
    Cls: ViralPay,
    options: { ...sb.credentials.viralpay, ...BASE },
    tokenStore: true,
    good: {
      collect: { amount: '500', currency: 'XAF', phone: '237650000001', country: 'cm', operator: 'mtn' },
      payout: { amount: '500', currency: 'XAF', phone: '237650000001', country: 'cm', operator: 'mtn' },
      status: 'r-1',
      balance: undefined,
      account: undefined,
      transactions: { size: 5 },
      confirmCallback: '{"request_id":1,"timestamp":1,"data":{"order_id":"r-1","status":"Success","amount":"500"}}',
    },
  },
  AliansPay: {
    Cls: AliansPay,
    options: { ...sb.credentials.alianspay, ...BASE },
    good: {
      collect: { moyenPayment: 'MOMO', amount: 1000, currency: 'XAF', phone: '237650000000' },
      payout: { moyenPayment: 'MOMO', amount: 1000, currency: 'XAF', phone: '237650000000' },
      status: 'r-1',
      balance: undefined,
      confirmCallback: '{"status":"SUCCESSFUL","externalTransactionId":"r-1","amount":1000}',
    },
  },
});

const methodsOf = (Cls) => Object.getOwnPropertyNames(Cls.prototype).filter((m) => m !== 'constructor');

test('every export is covered by this test', () => {
  const known = new Set([
    'AliansPay', 'CinetPay', 'MtnMomo', 'Unipesa', 'ViralPay', 'PayrailError', 'AuthError', 'NetworkError', 'ParseError',
    'ProviderError', 'RateLimitError', 'SignatureError', 'TimeoutError', 'UnsupportedError', 'ValidationError',
    'aliansPayOtp', 'memoryTokenStore', 'workersKvTokenStore', 'signUnipesa', 'totp', 'unipesaStringToSign',
    'verifyUnipesaSignature', 'webhookHandler', 'nodeWebhookHandler', 'redisTokenStore', 'init',
  ]);
  const missing = Object.keys(pkg).filter((k) => !known.has(k));
  assert.deepEqual(missing, [], 'a new export: add it to hostile.test.mjs');
});

htest('the free functions, each argument hostile', async () => {
  const fns = {
    signUnipesa: ['{"a":1}', 'key'],
    verifyUnipesaSignature: ['{"a":1,"signature":"00"}', 'key'],
    unipesaStringToSign: ['{"a":1}'],
    totp: ['secret', { unixTime: 59 }],
    aliansPayOtp: ['otp-secret', 59],
  };
  for (const [name, good] of Object.entries(fns)) {
    for (let i = 0; i < good.length; i++) {
      for (const [label, v] of HOSTILE) {
        const args = good.slice();
        args[i] = v;
        await hostile(`${name} arg ${i} = ${label}`, () => pkg[name](...args));
      }
    }
  }
  // totp's options, each hostile
  for (const opt of ['unixTime', 'period', 'digits', 'algorithm', 'encoding']) {
    for (const [label, v] of HOSTILE) {
      await hostile(`totp ${opt} = ${label}`, () => pkg.totp('secret', { [opt]: v }));
    }
  }
  for (const [label, v] of HOSTILE) {
    await hostile(`totp base32 secret = ${label}`, () => pkg.totp(typeof v === 'string' ? `${v}===!` : v, { encoding: 'base32' }));
  }
});

htest('the token-store factories and the error mapping never take the module down', async () => {
  // The factories are plain JS: they may throw JS errors on nonsense (workersKvTokenStore says what it needs),
  // but the wasm module must keep answering.
  for (const [label, v] of HOSTILE) {
    for (const name of ['memoryTokenStore', 'workersKvTokenStore']) {
      try {
        pkg[name](v, v);
      } catch {
        /* a JS error is allowed here */
      }
      await assertAlive(`${name}(${label})`);
    }
    // toPayrailError is what every thrown thing goes through: it must always give a PayrailError
    await hostile(`toPayrailError(${label})`, () => {
      const e = toPayrailError(v);
      if (!(e instanceof PayrailError)) throw new TypeError(`toPayrailError gave ${String(e)}`);
    });
  }
  assert.ok(toPayrailError('{"category": "validation", "code": "x"') instanceof PayrailError, 'cut JSON text');
});

htest('the webhook handlers: hostile clients, options and requests; redisTokenStore on non-clients', async () => {
  const unipesa = new Unipesa(canaryCfg);
  const handler = pkg.webhookHandler(unipesa, { onCallback() {} });
  for (const [label, v] of HOSTILE) {
    for (const make of ['webhookHandler', 'nodeWebhookHandler']) {
      await hostile(`${make}(${label}, options)`, () => pkg[make](v, { onCallback() {} }));
      await hostile(`${make}(client, ${label})`, () => pkg[make](unipesa, v));
      await hostile(`${make}(client, { onCallback: ${label} })`, () => pkg[make](unipesa, { onCallback: v }));
      await hostile(`${make}(client, { dedupe: ${label} })`, () => pkg[make](unipesa, { onCallback() {}, dedupe: v }));
    }
    // Whatever arrives as the request, the handler answers it (an error status), never throws.
    await hostile(`webhookHandler(...)(${label})`, async () => {
      const res = await handler(v);
      if (!(res instanceof Response) || res.status < 400) throw new TypeError(`answered ${res?.status}`);
    });
    // redisTokenStore is plain JS over the caller's client: a TypeError for a non-client is allowed.
    try {
      pkg.redisTokenStore(v, v);
    } catch {
      /* a JS error is allowed here */
    }
    await assertAlive(`redisTokenStore(${label})`);
  }
});

// The provider table needs the sandbox's credentials, known only once before() ran: each test reads it then.
for (const name of ['Unipesa', 'MtnMomo', 'CinetPay', 'ViralPay', 'AliansPay']) {
  const p = () => PROVIDERS()[name];
  htest(`${name}: the constructor with hostile options`, async () => {
    const P = p();
    for (const [label, v] of HOSTILE) {
      await hostile(`new ${name}(${label})`, () => new P.Cls(v));
    }
    const fields = [...new Set([...Object.keys(P.options), 'fetch', 'tokenStore', 'paths', 'lang', 'headerNames'])];
    for (const field of fields) {
      for (const [label, v] of HOSTILE) {
        await hostile(`new ${name}({ ${field}: ${label} })`, () => new P.Cls({ ...P.options, [field]: v }));
      }
    }
  });

  htest(`${name}: every method with hostile arguments`, async () => {
    const P = p();
    const client = new P.Cls({ ...P.options, fetch: lyingFetch });
    for (const m of methodsOf(P.Cls)) {
      for (const [label, v] of HOSTILE) {
        await hostile(`${name}.${m}(${label})`, () => client[m](v, v, v));
        await hostile(`${name}.${m}(good, ${label})`, () => client[m](P.good[m] ?? 'r-1', v, v));
      }
    }
    for (const [s, good] of Object.entries(P.static ?? {})) {
      for (const [label, v] of HOSTILE) {
        await hostile(`${name}.${s}(${label})`, () => P.Cls[s](v));
        for (const field of Object.keys(good)) {
          await hostile(`${name}.${s}({ ${field}: ${label} })`, () => P.Cls[s]({ ...good, [field]: v, fetch: lyingFetch }));
        }
      }
    }
  });

  htest(`${name}: NaN, negative and huge amounts in every creating call`, async () => {
    const P = p();
    const client = new P.Cls({ ...P.options, fetch: lyingFetch });
    for (const [m, good] of Object.entries(P.good)) {
      if (!good || typeof good !== 'object') continue;
      for (const amount of BAD_AMOUNTS) {
        const req = Array.isArray(good) ? good.map((g) => ({ ...g, amount })) : { ...good, amount };
        const r = await hostile(`${name}.${m}(amount ${String(amount)})`, () => client[m](req));
        if (!['1e21', String(Number.MAX_VALUE), String(2 ** 64), '99999999999999999999999999', String(10n ** 30n)].includes(String(amount))) {
          assert.ok(!r.ok, `${name}.${m} accepted amount ${String(amount)}`);
        }
      }
    }
  });

  htest(`${name}: good requests against a lying server (invalid UTF-8, cut, deep and huge bodies, non-Responses, throws)`, async () => {
    const P = p();
    const client = new P.Cls({ ...P.options, fetch: lyingFetch });
    for (const [m, good] of Object.entries(P.good)) {
      for (let i = 0; i < BAD_ANSWERS.length; i++) {
        await hostile(`${name}.${m} with answer #${answerIndex % BAD_ANSWERS.length}`, () => client[m](good));
      }
    }
    // a fetch that never answers: the time-out fires, typed
    const hung = new P.Cls({ ...P.options, fetch: hangingFetch });
    const [m, good] = Object.entries(P.good).find(([, g]) => g !== undefined && typeof g !== 'string') ?? Object.entries(P.good)[0];
    const r = await hostile(`${name}.${m} with a fetch that never answers`, () => hung[m](good));
    assert.equal(r.ok, false);
    assert.ok(['timeout', 'network_error'].includes(r.error.code), r.error.code);
    // and a token store that lies
    if (P.tokenStore) {
      for (const [i, store] of lyingStores.entries()) {
        const c = new P.Cls({ ...P.options, fetch: lyingFetch, tokenStore: store });
        await hostile(`${name} with lying token store #${i}`, () => c.status(P.good.status));
      }
    }
  });

  htest(`${name}: callbacks with hostile bodies`, async () => {
    const P = p();
    const client = new P.Cls({ ...P.options, fetch: lyingFetch });
    const bodies = [
      ...HOSTILE,
      ['form junk', 'a=%ZZ&&=&%&b=%E0%A4%A'],
      ['deep JSON', `${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}`],
      ['huge JSON', `{"status":"${HUGE}"}`],
      ['huge form', `treatment_status=${HUGE}`],
      ['wrong types', '{"status":[],"amount":{},"order_id":1e400,"referenceId":null,"data":"x","signature":5}'],
    ];
    for (const m of ['parseCallback', 'confirmCallback'].filter((x) => typeof client[x] === 'function')) {
      for (const [label, body] of bodies) {
        await hostile(`${name}.${m}(${label})`, () => client[m](body, { 'x-any': 'header' }, { reference: '6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b' }));
      }
    }
  });
}

test('the module still answers after everything above', async () => {
  assert.ok(calls > 1000, `only ${calls} hostile calls ran`);
  await assertAlive('the whole run');
});

test('known gaps: none left', () => {
  assert.deepEqual(knownSeen, []);
});

