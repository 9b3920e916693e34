// Secrets (issue 7, part 4; SECURITY.md): every provider runs with recognisable credentials ("SECRET-…") through
// flows that succeed and that fail in many ways — bad input, wrong credentials, every transport fault on the
// token and API calls, a server that echoes the request back, forged callbacks, an unreachable host — and
// then every thrown error (message, String, stack, JSON, util.inspect with hidden fields), every result, every
// line written to the console, stdout or stderr or emitted as a warning, and every String / JSON.stringify /
// util.inspect of the SDK objects is searched for each secret, for the access tokens the sandbox issued, for
// the Basic credentials built from them, and for any 12-character piece of any of them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, format } from 'node:util';
import { Unipesa, MtnMomo, CinetPay, ViralPay, AliansPay, PayrailError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';
import { startCallbackReceiver, sleep } from './support/callbacks.mjs';

/** The credentials that are secret (ids and user names are not). */
const SECRETS = {
  unipesa: { secretKey: 'SECRET-unipesa-key-7f3a9c1e5b2d4f60' },
  momo: { subscriptionKey: 'SECRET-momo-subkey-2b8e4d6f0a1c3e57', apiKey: 'SECRET-momo-apikey-9d1f3b5c7e2a4068' },
  cinetpay: { apiKey: 'SECRET-cinetpay-apikey-4c6e8a0b2d1f3579', password: 'SECRET-cinetpay-pass-8e0a2c4b6d1f3e57' },
  viralpay: { clientSecret: 'SECRET-viralpay-client-1a3c5e7b9d0f2468', password: 'SECRET-viralpay-pass-6b8d0f2a4c1e3579' },
  alianspay: { guid: 'SECRET-alianspay-guid-3e5a7c9b1d0f2468' },
};
/** Wrong credentials are secrets too: a refused login must not echo them. (No field names inside: an error may
 * rightly name the field.) */
const WRONG = (provider, field) => `SECRET-WRONG-${provider}-${Object.keys(SECRETS[provider]).indexOf(field)}-5d7f9b1a3c`;

const CLASSES = { unipesa: Unipesa, momo: MtnMomo, cinetpay: CinetPay, viralpay: ViralPay, alianspay: AliansPay };

const sandboxes = {}; // one per provider, so the providers' flows run side by side
let cb;
const thrown = []; // every error the SDK threw
const results = []; // every value it returned
const clients = []; // every SDK object made
const output = []; // everything written to the console, stdout, stderr, or emitted as a warning
const restore = [];

function capture() {
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir']) {
    const original = console[m];
    console[m] = (...args) => {
      output.push(format(...args));
      return original.apply(console, args);
    };
    restore.push(() => { console[m] = original; });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = function write(chunk, ...rest) {
      output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return original.call(this, chunk, ...rest);
    };
    restore.push(() => { stream.write = original; });
  }
  const onWarning = (w) => output.push(`${w.name}: ${w.message}\n${w.stack}`);
  process.on('warning', onWarning);
  restore.push(() => process.off('warning', onWarning));
}

before(async () => {
  capture();
  for (const provider of Object.keys(SECRETS)) {
    sandboxes[provider] = await startSandbox({ ...SECRETS, finalDelayMs: 30, callbackDelayMs: 10, slowDelayMs: 600 });
  }
  cb = await startCallbackReceiver();
});
after(async () => {
  for (const r of restore.splice(0)) r();
  for (const sb of Object.values(sandboxes)) await sb.close();
  await cb?.close();
});

/** Tokens seen in the answers (even cut ones): a token read from an answer the SDK then could not parse is never
 * sent back, so the request log alone would miss it. */
const answeredTokens = new Set();
async function recordingFetch(url, init) {
  const res = await fetch(url, init);
  try {
    const text = await res.clone().text();
    for (const m of text.matchAll(/"(?:access_token|token)"\s*:\s*"([^"]{12,})/g)) answeredTokens.add(m[1]);
  } catch {
    /* a reset or cut body: the SDK sees the same */
  }
  return res;
}

const make = (provider, extra = {}) => {
  const sb = sandboxes[provider];
  const c = new CLASSES[provider]({ ...sb.credentials[provider], baseUrl: sb.baseUrls[provider], timeoutMs: 300, maxRetries: 1, fetch: recordingFetch, ...extra });
  clients.push(c);
  return c;
};

/** Runs fn, keeping what it returned or threw; returns the value or the error. */
async function run(fn) {
  try {
    const v = await fn();
    results.push(v);
    return v;
  } catch (e) {
    thrown.push(e);
    return e;
  }
}

/** A fetch that answers every request with the request itself (URL, headers, body), as some proxies' errors do. */
const echoFetch = (status) => async (url, init = {}) => {
  const headers = Object.fromEntries(new Headers(init.headers ?? {}).entries());
  const body = typeof init.body === 'string' ? init.body : init.body ? new TextDecoder().decode(init.body) : null;
  return new Response(JSON.stringify({ code: 'ECHO', message: 'echo', url: String(url), headers, body }), { status, headers: { 'content-type': 'application/json' } });
};

/** Each provider: a payout that succeeds, a status, a balance if any, and how to read a callback. */
const FLOWS = {
  unipesa: {
    payout: (c, reference) => c.payout({ amount: '500', currency: 'XOF', phone: '2250705145655', providerId: 2306, reference, callbackUrl: cb.url, extra: { customer_name: 'Awa' } }),
    badPayout: (c) => c.payout({ amount: '-5', currency: 'XOF', phone: 'abc', providerId: 2306 }),
    status: (c, reference) => c.status(reference),
    ref: (n) => `sec-up-${n}1`,
    parse: (c, body) => c.parseCallback(body),
  },
  momo: {
    payout: (c, reference) => c.payout({ amount: '7', currency: 'EUR', phone: '46733000014', reference, callbackUrl: cb.url }),
    badPayout: (c) => c.payout({ amount: NaN, currency: 'EUR', phone: '+' }),
    status: (c, reference) => c.status({ reference, kind: 'transfer' }),
    balance: (c) => c.balance({ product: 'disbursement' }),
    ref: () => crypto.randomUUID(),
    parse: (c, body, reference) => c.parseCallback(body, {}, { reference, kind: 'transfer' }),
    confirm: (c, body, reference) => c.confirmCallback(body, undefined, { reference, kind: 'transfer' }),
  },
  cinetpay: {
    payout: (c, reference) => c.payout({ amount: 500, phone: '+2250707000051', callbackUrl: cb.url, name: 'Awa', surname: 'Koné', email: 'awa@example.com', reference }),
    badPayout: (c) => c.payout({ amount: 12.5, phone: '0707', callbackUrl: cb.url, name: 'A', surname: 'B', email: 'nope' }),
    status: (c, reference) => c.status(reference),
    balance: (c) => c.balance(),
    ref: (n) => `secCp${n}1`,
    parse: (c, body) => c.parseCallback(body),
    confirm: (c, body) => c.confirmCallback(body),
  },
  viralpay: {
    payout: (c, reference) => c.payout({ amount: '500', currency: 'XAF', phone: '237650000001', country: 'cm', operator: 'mtn', reference, callbackUrl: cb.url }),
    badPayout: (c) => c.payout({ amount: -1, currency: 'XOF', phone: 'abc', country: 'sn' }),
    status: (c, reference) => c.status(reference),
    balance: (c) => c.balance(),
    ref: (n) => `sec-vp-${n}1`,
    parse: (c, body) => c.parseCallback(body),
    confirm: (c, body) => c.confirmCallback(body),
  },
  alianspay: {
    payout: (c, reference) => c.payout({ moyenPayment: 'MOMO', amount: 1000, currency: 'XAF', phone: '237650000000', reference, callbackUrl: cb.url }),
    badPayout: (c) => c.payout({ moyenPayment: 'TMONEY', amount: 0, currency: 'XOF', phone: '1' }),
    status: (c, reference) => c.status(reference),
    balance: (c) => c.balance(),
    ref: (n) => `sec-ap-${n}1`,
    parse: (c, body) => c.parseCallback(body),
    confirm: (c, body) => c.confirmCallback(body),
  },
};

const TRANSPORT_FAULTS = ['429', '500', '502', '503', 'reset', 'slow', 'truncated-json', 'wrong-content-type', 'empty-body',
  '500-after', 'truncated-json-after', 'wrong-content-type-after', 'empty-body-after', 'reset-after'];

async function callbackBodies(provider, reference, count = 1) {
  const sb = sandboxes[provider];
  const end = Date.now() + 3000;
  for (;;) {
    const got = sb.callbacks().filter((c) => c.provider === provider && c.reference === reference && c.status !== null);
    if (got.length >= count || Date.now() > end) return got.map((c) => c.body);
    await sleep(10);
  }
}

describe('every provider', { concurrency: true }, () => {
for (const [provider, f] of Object.entries(FLOWS)) {
  test(`${provider}: flows that succeed and fail in many ways`, async () => {
    const sb = sandboxes[provider];
    let n = 0;
    // the happy path, with its callback (genuine, duplicated, forged)
    const c = make(provider);
    for (const fault of [null, 'duplicate-callback', 'forged-callback']) {
      const ref = f.ref(++n);
      if (fault) sb.injectFault({ provider, method: 'POST', fault });
      await run(() => f.payout(c, ref));
      await run(() => f.status(c, ref));
      for (const body of await callbackBodies(provider, ref, fault === 'duplicate-callback' ? 2 : 1)) {
        await run(() => f.parse(c, body, ref));
        if (f.confirm) await run(() => f.confirm(c, body, ref));
        await run(() => f.parse(c, `${body}tampered`, ref));
      }
    }
    if (f.balance) await run(() => f.balance(c));

    // bad input
    await run(() => f.badPayout(c));
    await run(() => f.parse(c, '{"not": "a callback"', 'x'));

    // wrong credentials, one at a time
    for (const field of Object.keys(SECRETS[provider])) {
      const wrong = make(provider, { [field]: WRONG(provider, field) });
      await run(() => f.status(wrong, f.ref(++n)));
      await run(() => f.payout(wrong, f.ref(++n)));
    }

    // every transport fault, on the first call of a cold client (the token request, where there is one) and on
    // the API call itself, once and twice in a row
    for (const fault of TRANSPORT_FAULTS) {
      for (const times of [1, 2]) {
        sb.injectFault({ provider, fault, times, retryAfter: 0, delayMs: 600 });
        const cold = make(provider);
        await run(() => f.status(cold, f.ref(++n)));
        await run(() => f.payout(cold, f.ref(++n)));
        await fetch(`${sb.url}/__sandbox/faults`, { method: 'DELETE' });
        sb.injectFault({ provider, method: 'POST', fault, times, retryAfter: 0, delayMs: 600 });
        await run(() => f.payout(c, f.ref(++n)));
        await fetch(`${sb.url}/__sandbox/faults`, { method: 'DELETE' });
      }
    }
    await sleep(700); // the slow faults' requests finish

    // a server that echoes each request back (the credentials it was sent included), with various statuses
    for (const status of [200, 400, 401, 403, 500, 503]) {
      const echo = make(provider, { fetch: echoFetch(status), maxRetries: 0 });
      await run(() => f.status(echo, f.ref(++n)));
      await run(() => f.payout(echo, f.ref(++n)));
      if (f.balance) await run(() => f.balance(echo));
    }

    // nobody listening
    const down = make(provider, { baseUrl: 'http://127.0.0.1:9', maxRetries: 0 });
    await run(() => f.payout(down, f.ref(++n)));

    assert.ok(thrown.some((e) => e instanceof PayrailError), 'the flows produced errors to search');
  });
}
});

/** Every string to look for: the secrets, wrong secrets, issued tokens, Basic credentials, and their pieces. */
function needles() {
  const whole = new Set();
  for (const [provider, fields] of Object.entries(SECRETS)) {
    for (const [field, v] of Object.entries(fields)) {
      whole.add(v);
      whole.add(WRONG(provider, field));
    }
  }
  const { momo: m, viralpay: v } = sandboxes.momo.credentials;
  whole.add(Buffer.from(`${m.apiUser}:${m.apiKey}`).toString('base64'));
  whole.add(Buffer.from(`${v.clientId}:${v.clientSecret}`).toString('base64'));
  // the access tokens the sandboxes issued, as the SDK sent them back
  const tokens = new Set();
  for (const r of Object.values(sandboxes).flatMap((sb) => sb.requests())) {
    const auth = r.headers?.authorization;
    if (typeof auth === 'string' && /^bearer /i.test(auth)) tokens.add(auth.slice(7).trim());
    if (typeof r.query?.token === 'string' && r.query.token) tokens.add(r.query.token);
  }
  for (const t of answeredTokens) tokens.add(t);
  for (const t of tokens) whole.add(t);
  const pieces = new Set();
  for (const s of whole) {
    if (s.length < 12) continue;
    for (let i = 0; i + 12 <= s.length; i++) pieces.add(s.slice(i, i + 12));
  }
  return { whole: [...whole], pieces: [...pieces], tokens: [...tokens] };
}

function errorTexts(e) {
  const own = Object.getOwnPropertyNames(e).map((k) => {
    try {
      return `${k}=${typeof e[k] === 'string' ? e[k] : JSON.stringify(e[k])}`;
    } catch {
      return k;
    }
  });
  return [e.message, String(e), e.stack, JSON.stringify(e), inspect(e, { showHidden: true, depth: null }), ...own].map(String);
}

test('no secret, token or piece of one in any error, result, object or output', () => {
  const { whole, pieces, tokens } = needles();
  assert.ok(whole.length >= 18, `the secrets and issued tokens: ${whole.length}`);
  assert.ok(tokens.length >= 3, `issued tokens harvested (MoMo, CinetPay, ViralPAY): ${tokens.length}`);
  assert.ok(thrown.length > 100, `errors to search: ${thrown.length}`);
  const places = [
    ...thrown.flatMap((e, i) => errorTexts(e).map((t) => [`error #${i} (${e?.name}: ${e?.message?.slice(0, 80)})`, t])),
    ...results.map((r, i) => [`result #${i}`, `${JSON.stringify(r)}\n${inspect(r, { depth: null })}`]),
    ...clients.map((c, i) => [`client #${i}`, `${String(c)}\n${JSON.stringify(c)}\n${inspect(c, { showHidden: true, depth: null })}\n${Object.keys(c)}`]),
    ...output.map((line, i) => [`output line #${i}`, line]),
  ];
  const leaks = [];
  for (const [where, text] of places) {
    const hit = whole.find((s) => text.includes(s)) ?? pieces.find((s) => text.includes(s));
    if (hit) leaks.push(`${where} contains ${JSON.stringify(hit)}`);
  }
  assert.deepEqual(leaks, []);
});

test('the search can fail: a planted secret is found', () => {
  const { whole } = needles();
  const planted = new PayrailError({ message: `oops ${whole[0].slice(3, 15)}` });
  const texts = errorTexts(planted).join('\n');
  const { pieces } = needles();
  assert.ok(pieces.some((p) => texts.includes(p)), 'a 12-character piece of a secret is detected');
});
