// The sandbox framework over raw HTTP (global fetch, node:http): CORS, every fault, injected faults,
// `-after` faults and idempotency, the request log, callbacks, control endpoints, close().
// A small test provider ("echo", passed through options.providers) keeps these tests independent of the
// real providers' behaviour.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox, loadProviderModules, FAULT_NAMES } from '../../../js/sandbox/index.js';
import { eventually, sleep, startReceiver } from './support.mjs';

const INDEX_URL = new URL('../../../js/sandbox/index.js', import.meta.url).href;

/** A provider with an idempotent money-moving call, callbacks and a few odd routes. */
function echoProvider(ctx) {
  let store = new Map();
  const sendCb = (rec, url) =>
    ctx.sendCallback(url, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: rec.key, status: 'done', signature: 'abcd' }),
      provider: 'echo',
      reference: rec.key,
    });
  return {
    name: 'echo',
    prefix: '/echo',
    credentials: { token: 'echo-token' },
    async handle(req) {
      if (req.path === '/missing') return null;
      if (req.path === '/boom') throw new Error('boom');
      if (req.path === '/text') return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'plain text' };
      if (req.path === '/pay' && req.method === 'POST') {
        const key = req.json?.key;
        if (store.has(key)) return { status: 200, body: store.get(key).body };
        ctx.recordExecution({ provider: 'echo', operation: 'payout', key, amount: req.json.amount });
        const rec = { key, body: { key, amount: req.json.amount, id: ctx.randomId('tx_'), padding: 'p'.repeat(30) } };
        store.set(key, rec);
        if (req.json.callbackUrl) {
          rec.callbackUrl = req.json.callbackUrl;
          ctx.setTimer(() => sendCb(rec, rec.callbackUrl), Number(req.json.callbackInMs ?? 5));
        }
        return { status: 201, body: rec.body };
      }
      return {
        status: 200,
        body: {
          method: req.method,
          path: req.path,
          query: Object.fromEntries(req.query),
          json: req.json ?? null,
          form: req.form ?? null,
          fault: req.fault,
          hasHeaders: typeof req.headers === 'object' && req.headers['x-test'] === 'yes',
        },
      };
    },
    triggerCallback(reference) {
      const rec = store.get(reference);
      if (!rec) return false;
      sendCb(rec, rec.callbackUrl);
      return true;
    },
    reset() {
      store = new Map();
    },
  };
}

function post(url, json, headers = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(json),
    signal: AbortSignal.timeout(5000),
  });
}

describe('sandbox framework', () => {
  let sb;
  let rx;
  before(async () => {
    sb = await startSandbox({ providers: [echoProvider], finalDelayMs: 30, callbackDelayMs: 10 });
    rx = await startReceiver({ path: '/hook' });
  });
  after(async () => {
    await sb?.close();
    await rx?.close();
  });

  test('startSandbox resolves to the documented handle; baseUrls = url + prefix', () => {
    assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sb.baseUrls.echo, `${sb.url}/echo`);
    for (const [name, prefix] of Object.entries({
      unipesa: '/unipesa',
      momo: '/momo',
      cinetpay: '/cinetpay/v1',
      viralpay: '/viralpay',
      alianspay: '/alianspay',
    })) {
      if (sb.baseUrls[name] !== undefined) assert.equal(sb.baseUrls[name], sb.url + prefix);
    }
    assert.deepEqual(sb.credentials.echo, { token: 'echo-token' });
    for (const fn of ['requests', 'executions', 'callbacks', 'faultCounts', 'injectFault', 'triggerCallback', 'reset', 'close']) {
      assert.equal(typeof sb[fn], 'function', fn);
    }
  });

  test('routing: path after the prefix, query, JSON and form bodies, lower-cased headers reach the provider', async () => {
    let r = await fetch(`${sb.baseUrls.echo}/a/b?x=1&y=two`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Test': 'yes' },
      body: '{"n":1}',
    });
    assert.equal(r.status, 200);
    let b = await r.json();
    assert.deepEqual(b, {
      method: 'POST',
      path: '/a/b',
      query: { x: '1', y: 'two' },
      json: { n: 1 },
      form: null,
      fault: null,
      hasHeaders: true,
    });
    r = await fetch(`${sb.baseUrls.echo}/f`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=h%C3%A9',
    });
    b = await r.json();
    assert.deepEqual(b.form, { a: '1', b: 'hé' });
    assert.equal(b.json, null);
    r = await fetch(sb.baseUrls.echo);
    assert.equal((await r.json()).path, '/');
    r = await fetch(`${sb.baseUrls.echo}/text`);
    assert.equal(r.headers.get('content-type'), 'text/plain');
    assert.equal(await r.text(), 'plain text');
  });

  test('unknown prefix, provider returning null → 404 JSON; provider throwing → 500 JSON', async () => {
    let r = await fetch(`${sb.url}/nowhere/x`);
    assert.equal(r.status, 404);
    assert.equal((await r.json()).error, 'not_found');
    r = await fetch(`${sb.baseUrls.echo}/missing`);
    assert.equal(r.status, 404);
    assert.equal((await r.json()).error, 'not_found');
    const errorsBefore = sb.errors().length;
    r = await fetch(`${sb.baseUrls.echo}/boom`);
    assert.equal(r.status, 500);
    assert.match((await r.json()).message, /boom/);
    // errors() and GET /__sandbox/errors list the thrown error (js/sandbox/README.md)
    const logged = sb.errors().slice(errorsBefore);
    assert.equal(logged.length, 1);
    assert.match(logged[0].message, /boom/);
    const viaHttp = await (await fetch(`${sb.url}/__sandbox/errors`)).json();
    assert.ok(viaHttp.some((e) => /boom/.test(e.message)), JSON.stringify(viaHttp));
  });

  test('CORS: preflight 204 echoing the requested headers; every response allows any origin and exposes its headers', async () => {
    let r = await fetch(`${sb.baseUrls.echo}/pay`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-sandbox-fault,x-reference-id',
      },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.equal(r.headers.get('access-control-allow-headers'), 'content-type,x-sandbox-fault,x-reference-id');
    assert.match(r.headers.get('access-control-allow-methods'), /\bPOST\b/);
    assert.match(r.headers.get('access-control-allow-methods'), /\bDELETE\b/);
    assert.equal(await r.text(), '');
    // a preflight never consumes an injected fault
    sb.injectFault({ provider: 'echo', fault: '500' });
    await fetch(`${sb.baseUrls.echo}/x`, { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'GET' } });
    r = await fetch(`${sb.baseUrls.echo}/x`);
    assert.equal(r.status, 500);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    r = await fetch(`${sb.baseUrls.echo}/x`, { headers: { 'x-sandbox-fault': '429' } });
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('access-control-expose-headers'), /retry-after/);
    r = await fetch(`${sb.url}/__sandbox/info`);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
  });

  test('fault 429: Retry-After 1 by default, from x-sandbox-retry-after otherwise; nothing executed', async () => {
    sb.reset();
    let r = await post(`${sb.baseUrls.echo}/pay`, { key: 'k429', amount: '1' }, { 'x-sandbox-fault': '429' });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '1');
    await r.text();
    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'k429', amount: '1' }, {
      'x-sandbox-fault': '429',
      'x-sandbox-retry-after': '7',
    });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '7');
    await r.text();
    assert.equal(sb.executions().length, 0);
    assert.equal(sb.faultCounts()['429'], 2);
  });

  test('faults 500 and 503: JSON error statuses; 502: an HTML page; nothing executed', async () => {
    sb.reset();
    for (const [fault, status] of [
      ['500', 500],
      ['503', 503],
    ]) {
      const r = await post(`${sb.baseUrls.echo}/pay`, { key: `k${fault}`, amount: '1' }, { 'x-sandbox-fault': fault });
      assert.equal(r.status, status);
      assert.match(r.headers.get('content-type'), /^application\/json/);
      assert.equal(typeof (await r.json()).error, 'string');
    }
    const r = await post(`${sb.baseUrls.echo}/pay`, { key: 'k502', amount: '1' }, { 'x-sandbox-fault': '502' });
    assert.equal(r.status, 502);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    const html = await r.text();
    assert.match(html, /<html>/i);
    assert.match(html, /502 Bad Gateway/);
    assert.equal(sb.executions().length, 0);
    assert.deepEqual(sb.faultCounts(), { 500: 1, 503: 1, 502: 1 });
  });

  test('faults truncated-json, wrong-content-type, empty-body: 200 with a broken body; nothing executed', async () => {
    sb.reset();
    let r = await post(`${sb.baseUrls.echo}/pay`, { key: 'kt', amount: '1' }, { 'x-sandbox-fault': 'truncated-json' });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    const text = await r.text();
    assert.ok(text.startsWith('{'));
    assert.throws(() => JSON.parse(text), SyntaxError);

    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'kw', amount: '1' }, { 'x-sandbox-fault': 'wrong-content-type' });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(await r.text(), /<html/i);

    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'ke', amount: '1' }, { 'x-sandbox-fault': 'empty-body' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-length'), '0');
    assert.equal(await r.text(), '');

    assert.equal(sb.executions().length, 0);
    assert.deepEqual(sb.faultCounts(), { 'truncated-json': 1, 'wrong-content-type': 1, 'empty-body': 1 });
  });

  test('fault reset: the socket is destroyed without a response; nothing executed', async () => {
    sb.reset();
    await assert.rejects(
      post(`${sb.baseUrls.echo}/pay`, { key: 'kr', amount: '1' }, { 'x-sandbox-fault': 'reset' }),
      (err) => err instanceof TypeError && /ECONNRESET|socket|closed|terminated/i.test(String(err.cause?.code ?? err.cause?.message ?? err)),
    );
    assert.equal(sb.executions().length, 0);
    assert.equal(sb.faultCounts().reset, 1);
    const entry = sb.requests().at(-1);
    assert.equal(entry.fault, 'reset');
    assert.equal(entry.status, null);
  });

  test('fault slow: answers normally after x-sandbox-delay-ms; a client timeout fires first when shorter', async () => {
    sb.reset();
    const t0 = Date.now();
    const r = await fetch(`${sb.baseUrls.echo}/s`, { headers: { 'x-sandbox-fault': 'slow', 'x-sandbox-delay-ms': '150' } });
    const elapsed = Date.now() - t0;
    assert.equal(r.status, 200);
    assert.equal((await r.json()).path, '/s');
    assert.ok(elapsed >= 140, `answered after ${elapsed} ms`);
    await assert.rejects(
      fetch(`${sb.baseUrls.echo}/s`, {
        headers: { 'x-sandbox-fault': 'slow', 'x-sandbox-delay-ms': '1000' },
        signal: AbortSignal.timeout(100),
      }),
      (err) => err.name === 'TimeoutError',
    );
    assert.equal(sb.faultCounts().slow, 2);
    // the request was received whole: it is executed after the wait even though the client gave up
    await assert.rejects(
      fetch(`${sb.baseUrls.echo}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-fault': 'slow', 'x-sandbox-delay-ms': '120' },
        body: JSON.stringify({ key: 'slow-1', amount: '1' }),
        signal: AbortSignal.timeout(40),
      }),
      (err) => err.name === 'TimeoutError',
    );
    assert.equal(sb.executions().length, 0);
    assert.ok(await eventually(() => sb.executions().some((e) => e.key === 'slow-1'), 2000));
  });

  test('an unknown x-sandbox-fault is refused with 400 (typos do not pass silently)', async () => {
    const r = await fetch(`${sb.baseUrls.echo}/x`, { headers: { 'x-sandbox-fault': '5OO' } });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error, 'unknown_sandbox_fault');
    assert.throws(() => sb.injectFault({ fault: 'nope' }), /unknown sandbox fault/);
    assert.throws(() => sb.injectFault({ fault: '500', times: 0 }), /times/);
  });

  test('injectFault: matched by provider, method and path substring, applied `times` times, then gone', async () => {
    sb.reset();
    const spec = sb.injectFault({ provider: 'echo', method: 'post', path: '/pay', fault: '503', times: 2 });
    assert.equal(spec.fault, '503');
    assert.equal(spec.remaining, 2);
    // not matching: other path, other method
    let r = await fetch(`${sb.baseUrls.echo}/other`, { method: 'POST', body: '{}' });
    assert.equal(r.status, 200);
    await r.text();
    r = await fetch(`${sb.baseUrls.echo}/pay`);
    assert.equal(r.status, 200);
    await r.text();
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      r = await post(`${sb.baseUrls.echo}/pay`, { key: 'inj', amount: '5' });
      statuses.push(r.status);
      await r.text();
    }
    assert.deepEqual(statuses, [503, 503, 201]);
    assert.equal(sb.faultCounts()['503'], 2);
    assert.equal(sb.executions().length, 1);
    assert.deepEqual(sb.requests().map((e) => e.fault), [null, null, '503', '503', null]);
    // the header wins over an injected fault, and leaves it in place
    sb.injectFault({ provider: 'echo', fault: '500' });
    r = await fetch(`${sb.baseUrls.echo}/x`, { headers: { 'x-sandbox-fault': '502' } });
    assert.equal(r.status, 502);
    await r.text();
    r = await fetch(`${sb.baseUrls.echo}/x`);
    assert.equal(r.status, 500);
    await r.text();
    // a fault for another provider does not touch echo
    sb.injectFault({ provider: 'someone-else', fault: '500' });
    r = await fetch(`${sb.baseUrls.echo}/x`);
    assert.equal(r.status, 200);
    await r.text();
  });

  test('options.faults are installed at start and again after reset()', async () => {
    const local = await startSandbox({ providers: [echoProvider], faults: [{ provider: 'echo', fault: '503' }] });
    try {
      let r = await fetch(`${local.baseUrls.echo}/x`);
      assert.equal(r.status, 503);
      await r.text();
      r = await fetch(`${local.baseUrls.echo}/x`);
      assert.equal(r.status, 200);
      await r.text();
      local.reset();
      r = await fetch(`${local.baseUrls.echo}/x`);
      assert.equal(r.status, 503);
      await r.text();
    } finally {
      await local.close();
    }
  });

  test('500-after: executed, then the response is lost; the replay returns the stored result, executed once', async () => {
    sb.reset();
    let r = await post(`${sb.baseUrls.echo}/pay`, { key: 'idem-1', amount: '10' }, { 'x-sandbox-fault': '500-after' });
    assert.equal(r.status, 500);
    await r.text();
    assert.equal(sb.executions().length, 1);
    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'idem-1', amount: '10' });
    assert.equal(r.status, 200);
    const replay = await r.json();
    assert.equal(replay.key, 'idem-1');
    const ex = sb.executions();
    assert.equal(ex.length, 1);
    assert.deepEqual(
      { provider: ex[0].provider, operation: ex[0].operation, key: ex[0].key, amount: ex[0].amount },
      { provider: 'echo', operation: 'payout', key: 'idem-1', amount: '10' },
    );
    assert.equal(sb.faultCounts()['500-after'], 1);
  });

  test('reset-after and truncated-json-after: executed first; truncated body is the real JSON cut in half', async () => {
    sb.reset();
    await assert.rejects(post(`${sb.baseUrls.echo}/pay`, { key: 'idem-2', amount: '1' }, { 'x-sandbox-fault': 'reset-after' }));
    assert.equal(sb.executions().length, 1);

    let r = await post(`${sb.baseUrls.echo}/pay`, { key: 'idem-3', amount: '2' }, { 'x-sandbox-fault': 'truncated-json-after' });
    assert.equal(r.status, 200);
    const cut = await r.text();
    assert.equal(sb.executions().length, 2);
    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'idem-3', amount: '2' });
    const full = await r.text();
    assert.equal(cut, full.slice(0, Math.floor(full.length / 2)));
    assert.ok(cut.length > 10);

    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'idem-4', amount: '3' }, { 'x-sandbox-fault': 'wrong-content-type-after' });
    assert.equal(r.status, 201); // the real status, the real body, the wrong type
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.equal(JSON.parse(await r.text()).key, 'idem-4');

    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'idem-5', amount: '3' }, { 'x-sandbox-fault': '429-after' });
    assert.equal(r.status, 429);
    await r.text();
    assert.equal(sb.executions().length, 4);
    assert.equal(sb.executions().filter((e) => e.key === 'idem-3').length, 1);
    assert.deepEqual(sb.faultCounts(), {
      'reset-after': 1,
      'truncated-json-after': 1,
      'wrong-content-type-after': 1,
      '429-after': 1,
    });
  });

  test('requests() logs everything received, with seq, time, provider, method, path, query, headers, body, status, fault', async () => {
    const t = 1_700_000_000_000;
    const local = await startSandbox({ providers: [echoProvider], now: () => t });
    try {
      await (await post(`${local.baseUrls.echo}/pay?via=test`, { key: 'log-1', amount: '9' }, { 'X-Test': 'yes' })).text();
      await (await fetch(`${local.baseUrls.echo}/x`, { headers: { 'x-sandbox-fault': '503' } })).text();
      await (await fetch(`${local.url}/elsewhere`)).text();
      const log = local.requests();
      assert.equal(log.length, 3);
      const [a, b, c] = log;
      assert.equal(a.seq, 1);
      assert.equal(a.time, t);
      assert.equal(a.provider, 'echo');
      assert.equal(a.method, 'POST');
      assert.equal(a.path, '/pay');
      assert.deepEqual(a.query, { via: 'test' });
      assert.equal(a.headers['x-test'], 'yes');
      assert.equal(a.headers['content-type'], 'application/json');
      assert.deepEqual(a.body, { key: 'log-1', amount: '9' });
      assert.equal(a.status, 201);
      assert.equal(a.fault, null);
      assert.deepEqual([b.seq, b.status, b.fault, b.body], [2, 503, '503', null]);
      assert.deepEqual([c.seq, c.provider, c.status], [3, null, 404]);
      // control endpoints are not logged
      await (await fetch(`${local.url}/__sandbox/requests`)).text();
      assert.equal(local.requests().length, 3);
    } finally {
      await local.close();
    }
  });

  test('callbacks: delivered from provider timers, logged; duplicate-callback sends twice; forged-callback corrupts the signature', async () => {
    sb.reset();
    rx.received.length = 0;
    await (await post(`${sb.baseUrls.echo}/pay`, { key: 'cb-1', amount: '1', callbackUrl: rx.url })).text();
    assert.ok(await eventually(() => rx.received.length === 1 && sb.callbacks()[0]?.status === 200));
    assert.deepEqual(JSON.parse(rx.received[0].body), { key: 'cb-1', status: 'done', signature: 'abcd' });
    assert.equal(rx.received[0].headers['content-type'], 'application/json');
    const [entry] = sb.callbacks();
    assert.equal(entry.provider, 'echo');
    assert.equal(entry.reference, 'cb-1');
    assert.equal(entry.url, rx.url);
    assert.equal(entry.fault, null);

    rx.received.length = 0;
    await (await post(`${sb.baseUrls.echo}/pay`, { key: 'cb-2', amount: '1', callbackUrl: rx.url }, { 'x-sandbox-fault': 'duplicate-callback' })).text();
    assert.ok(await eventually(() => rx.received.length === 2));
    assert.equal(rx.received[0].body, rx.received[1].body);
    assert.equal(sb.faultCounts()['duplicate-callback'], 1);

    rx.received.length = 0;
    sb.injectFault({ provider: 'echo', path: '/pay', fault: 'forged-callback' });
    await (await post(`${sb.baseUrls.echo}/pay`, { key: 'cb-3', amount: '1', callbackUrl: rx.url })).text();
    assert.ok(await eventually(() => rx.received.length === 1));
    const forged = JSON.parse(rx.received[0].body);
    assert.equal(forged.key, 'cb-3');
    assert.notEqual(forged.signature, 'abcd');
    assert.equal(sb.faultCounts()['forged-callback'], 1);
    await sleep(30);
    assert.equal(rx.received.length, 1, 'a forged callback replaces the real one');
  });

  test('a callback to a dead URL is logged with an error, never thrown', async () => {
    sb.reset();
    const dead = await startReceiver({ path: '/hook' });
    const deadUrl = dead.url;
    await dead.close();
    await (await post(`${sb.baseUrls.echo}/pay`, { key: 'cb-dead', amount: '1', callbackUrl: deadUrl })).text();
    assert.ok(await eventually(() => sb.callbacks()[0]?.error));
    assert.equal(sb.callbacks()[0].status, null);
    assert.match(sb.callbacks()[0].error, /ECONNREFUSED|connect/);
  });

  test('control endpoints: info, requests, executions, callbacks, faults (GET/POST), callbacks trigger, reset', async () => {
    sb.reset();
    rx.received.length = 0;
    const base = `${sb.url}/__sandbox`;
    let r = await fetch(`${base}/info`);
    assert.equal(r.status, 200);
    const info = await r.json();
    assert.equal(info.url, sb.url);
    assert.deepEqual(info.baseUrls, sb.baseUrls);
    assert.deepEqual(info.credentials.echo, { token: 'echo-token' });
    assert.deepEqual(info.faults, FAULT_NAMES);

    r = await post(`${base}/faults`, { provider: 'echo', path: '/pay', fault: '502', times: 1 });
    assert.equal(r.status, 201);
    assert.equal((await r.json()).fault, '502');
    r = await post(`${base}/faults`, { fault: 'bogus' });
    assert.equal(r.status, 400);
    await r.text();
    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'ctl-1', amount: '4', callbackUrl: rx.url, callbackInMs: 60000 });
    assert.equal(r.status, 502);
    await r.text();
    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'ctl-1', amount: '4', callbackUrl: rx.url, callbackInMs: 60000 });
    assert.equal(r.status, 201);
    await r.text();

    r = await fetch(`${base}/faults`);
    const faults = await r.json();
    assert.deepEqual(faults.counts, { 502: 1 });
    assert.deepEqual(faults.pending, []);

    r = await fetch(`${base}/requests`);
    const reqs = await r.json();
    assert.deepEqual(reqs.map((e) => e.status), [502, 201]);
    r = await fetch(`${base}/executions`);
    const execs = await r.json();
    assert.deepEqual(execs.map((e) => e.key), ['ctl-1']);

    // the scheduled callback is a minute away: trigger it now; the endpoint answers once it is delivered
    r = await fetch(`${base}/callbacks/echo/ctl-1`, { method: 'POST' });
    assert.equal(r.status, 200);
    const trig = await r.json();
    assert.equal(trig.triggered, true);
    assert.equal(trig.callbacks.length, 1);
    assert.equal(trig.callbacks[0].status, 200);
    assert.equal(rx.received.length, 1);
    r = await fetch(`${base}/callbacks/echo/ctl-1`, { method: 'POST', headers: { 'x-sandbox-fault': 'duplicate-callback' } });
    assert.equal((await r.json()).callbacks.length, 2);
    assert.equal(rx.received.length, 3);
    r = await fetch(`${base}/callbacks`);
    assert.equal((await r.json()).length, 3);
    r = await fetch(`${base}/callbacks/echo/unknown-ref`, { method: 'POST' });
    assert.equal(r.status, 404);
    await r.text();
    r = await fetch(`${base}/callbacks/nobody/ctl-1`, { method: 'POST' });
    assert.equal(r.status, 404);
    await r.text();
    assert.equal(sb.triggerCallback('echo', 'ctl-1'), true);
    assert.equal(sb.triggerCallback('echo', 'nope'), false);
    assert.ok(await eventually(() => rx.received.length === 4));

    r = await fetch(`${base}/reset`, { method: 'POST' });
    assert.deepEqual(await r.json(), { reset: true });
    assert.equal(sb.requests().length, 0);
    assert.equal(sb.executions().length, 0);
    assert.equal(sb.callbacks().length, 0);
    assert.deepEqual(sb.faultCounts(), {});
    // provider state is gone too: the same key executes again
    r = await post(`${sb.baseUrls.echo}/pay`, { key: 'ctl-1', amount: '4' });
    assert.equal(r.status, 201);
    await r.text();

    r = await fetch(`${base}/nothing-here`);
    assert.equal(r.status, 404);
    await r.text();
  });

  test('loadProviderModules skips a provider file that does not exist', async () => {
    const mods = await loadProviderModules(['unipesa', 'no-such-provider']);
    assert.deepEqual(mods.map((m) => m.name), ['unipesa']);
    assert.equal(typeof mods[0].createProvider, 'function');
  });
});

describe('sandbox close()', () => {
  test('close() stops the server, kept-alive sockets, pending timers and callbacks', async () => {
    const rx = await startReceiver({ path: '/hook' });
    const sb = await startSandbox({ providers: [echoProvider] });
    try {
      // a kept-alive connection (undici keeps it) and a callback scheduled 150 ms later
      await (await post(`${sb.baseUrls.echo}/pay`, { key: 'c-1', amount: '1', callbackUrl: rx.url, callbackInMs: 150 })).text();
      // a request held by the slow fault
      const slow = fetch(`${sb.baseUrls.echo}/s`, { headers: { 'x-sandbox-fault': 'slow', 'x-sandbox-delay-ms': '3000' } });
      await sleep(30);
      const t0 = Date.now();
      await sb.close();
      assert.ok(Date.now() - t0 < 1000, 'close() does not wait for kept-alive sockets or slow responses');
      await assert.rejects(slow);
      await assert.rejects(fetch(`${sb.url}/__sandbox/info`), (err) => /ECONNREFUSED/.test(String(err.cause?.code)));
      await sleep(250);
      assert.equal(rx.received.length, 0, 'the pending callback timer was cleared');
      await sb.close(); // idempotent
    } finally {
      await rx.close();
    }
  });

  test('the payrail-sandbox CLI prints its URLs and credentials, serves, and exits 0 on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../../../js/sandbox/cli.js', import.meta.url));
    const child = spawn(process.execPath, [cli, '--port', '0', '--final-delay-ms', '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const killer = setTimeout(() => child.kill('SIGKILL'), 8000);
    try {
      assert.ok(await eventually(() => /Ctrl-C to stop/.test(out), 5000), out);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      assert.ok(url, out);
      assert.match(out, new RegExp(`unipesa\\s+${url}/unipesa`));
      assert.match(out, /secretKey: [0-9a-f]{128}/);
      const info = await (await fetch(`${url}/__sandbox/info`)).json();
      assert.equal(info.finalDelayMs, 20);
      assert.ok(info.providers.includes('unipesa'));
      await (await fetch(`${url}/unipesa/x/status?token=SECRET-IN-QUERY`, { method: 'POST', body: '{}' })).text();
      assert.ok(await eventually(() => /POST unipesa \/x\/status -> 404/.test(out), 2000), out);
      assert.doesNotMatch(out, /SECRET-IN-QUERY/);
      child.kill('SIGTERM');
      const { code } = await exited;
      assert.equal(code, 0);
      assert.match(out, /SIGTERM: stopping/);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  });

  test('a process that starts the sandbox, uses it and closes it exits by itself', async () => {
    const script = `
      const { startSandbox } = await import(${JSON.stringify(INDEX_URL)});
      const sb = await startSandbox({ finalDelayMs: 5000, callbackDelayMs: 5000 });
      const r = await fetch(sb.url + '/__sandbox/info');
      await r.json();
      await fetch(sb.baseUrls.unipesa + '/x/status', { method: 'POST', body: '{}' }).then((x) => x.text());
      await sb.close();
      console.log('closed');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => {
      const killer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('timeout');
      }, 5000);
      child.on('exit', (c) => {
        clearTimeout(killer);
        resolve(c);
      });
    });
    assert.equal(code, 0, `exit ${code}; stderr: ${err}`);
    assert.equal(out.trim(), 'closed');
  });
});
