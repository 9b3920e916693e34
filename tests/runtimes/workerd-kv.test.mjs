// Issue 6, "beyond one instance": two Workers (two workerd isolates in miniflare) bound to ONE real KV namespace,
// each with an MtnMomo client whose tokenStore is workersKvTokenStore(env.TOKENS). The first logs in and stores the
// token; the second takes it from KV: the sandbox's log shows a single token request. The KV keys hold no secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { startSandbox } from '../../js/sandbox/index.js';
import { bundleWorker, elapsed, makeConsumer } from './support/harness.mjs';

let consumer;
before(() => { consumer = makeConsumer('workerd-kv'); });
after(() => consumer.cleanup());

const WORKER = `
import { MtnMomo, workersKvTokenStore } from 'payrail';

export default {
  async fetch(request, env) {
    try {
      const { momo, phone } = await request.json();
      const client = new MtnMomo({ ...momo, tokenStore: workersKvTokenStore(env.TOKENS) });
      const tx = await client.collect({ amount: '5', currency: 'EUR', phone });
      const keys = (await env.TOKENS.list()).keys.map((k) => k.name);
      return Response.json({ reference: tx.reference, status: tx.status, keys });
    } catch (e) {
      return new Response(String(e && e.stack || e), { status: 500 });
    }
  },
};
`;

test('workerd: two Worker isolates share one MoMo token through a real KV namespace', { timeout: 45_000 }, async (t) => {
  const start = performance.now();
  const { script } = await bundleWorker(consumer.dir, WORKER);
  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  const worker = (name) => ({
    name,
    modulesRoot: join(consumer.dir, 'dist'),
    modules: [
      { type: 'ESModule', path: script },
      { type: 'CompiledWasm', path: join(consumer.dir, 'dist', 'payrail_bg.wasm') },
    ],
    compatibilityDate: '2026-04-01',
    kvNamespaces: { TOKENS: 'payrail-tokens' }, // the same namespace id in both workers: one shared KV
  });
  const mf = new Miniflare({ workers: [worker('isolate-a'), worker('isolate-b')], cf: false });
  try {
    const momo = { ...sb.credentials.momo, baseUrl: sb.baseUrls.momo };
    const results = [];
    for (const [name, phone] of [['isolate-a', '46733000101'], ['isolate-b', '46733000102']]) {
      const w = await mf.getWorker(name);
      const res = await w.fetch('http://worker.test/', { method: 'POST', body: JSON.stringify({ momo, phone }) });
      const text = await res.text();
      assert.equal(res.status, 200, `${name}: ${text}`);
      results.push(JSON.parse(text));
    }
    const tokenRequests = sb.requests().filter((r) => r.provider === 'momo' && r.path === '/collection/token/');
    assert.equal(tokenRequests.length, 1, 'one login for both isolates');
    const collects = sb.requests().filter((r) => r.provider === 'momo' && r.path === '/collection/v1_0/requesttopay');
    assert.deepEqual(collects.map((r) => r.headers['x-reference-id']), results.map((r) => r.reference));
    assert.deepEqual(results.map((r) => r.status), ['pending', 'pending']);
    const [key] = results[1].keys;
    assert.equal(results[1].keys.length, 1);
    assert.match(key, /^payrail:momo:sandbox:momo:collection:/);
    for (const secret of [sb.credentials.momo.apiKey, sb.credentials.momo.subscriptionKey]) assert.ok(!key.includes(secret), key);
  } finally {
    await sb.close();
    await mf.dispose().catch(() => {});
  }
  t.diagnostic(`workerd KV: ${elapsed(start)} ms`);
});
