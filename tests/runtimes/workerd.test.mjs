// Cloudflare Workers: the real workerd binary (npm miniflare). A module worker that imports the bare `payrail` is
// bundled the way wrangler does it (esbuild, conditions workerd/worker/browser, the .wasm left as a CompiledWasm
// module), so the exports map's `workerd` entry is what runs: it hands the compiled module to initSync at start-up,
// where workerd forbids random numbers, timers and I/O. The handler collects with Unipesa and MTN MoMo on the
// sandbox on 127.0.0.1 through workerd's own fetch and returns the probe's result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Miniflare } from 'miniflare';
import { startSandbox } from '../../js/sandbox/index.js';
import { EXPORTS, PKG, bundleWorker, checkProbe, elapsed, makeConsumer, probeInput } from './support/harness.mjs';

let consumer;
before(() => { consumer = makeConsumer('workerd'); });
after(() => consumer.cleanup());

const WORKER = `
import * as payrail from 'payrail';
import { probe } from './probe.mjs';

export default {
  async fetch(request) {
    try {
      return Response.json(await probe(payrail, await request.json()));
    } catch (e) {
      return new Response(String(e && e.stack || e), { status: 500 });
    }
  },
};
`;

test('workerd (exports: workerd) via miniflare: module worker collects with Unipesa and MoMo on the sandbox, helpers on vectors, typed errors', { timeout: 45_000 }, async (t) => {
  const start = performance.now();
  const { script, inputs } = await bundleWorker(consumer.dir, WORKER);
  // The bundle holds the workerd entry (not node.js / browser.js): esbuild followed the `workerd` condition.
  const entries = inputs.map((p) => relative(PKG, join(consumer.dir, p))).filter((p) => !p.startsWith('..') && p.split('/').length === 1);
  assert.ok(entries.includes(EXPORTS.workerd.replace('./', '')), `bundled entries: ${entries.join(', ')}`);
  assert.ok(!entries.includes('node.js') && !entries.includes('browser.js'), `bundled entries: ${entries.join(', ')}`);
  assert.doesNotMatch(readFileSync(script, 'utf8'), /node:fs/, 'nothing Node-only in the Workers bundle');

  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  const mf = new Miniflare({
    modulesRoot: join(consumer.dir, 'dist'),
    modules: [
      { type: 'ESModule', path: script },
      { type: 'CompiledWasm', path: join(consumer.dir, 'dist', 'payrail_bg.wasm') },
    ],
    compatibilityDate: '2026-04-01',
    cf: false, // no request.cf fetch from workers.cloudflare.com: network only to 127.0.0.1
  });
  try {
    const res = await mf.dispatchFetch('http://worker.test/', { method: 'POST', body: JSON.stringify(probeInput(sb)) });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    await checkProbe(JSON.parse(text), sb, 'workerd');
  } finally {
    await sb.close();
    // dispose() rethrows a start-up failure (already reported by dispatchFetch): it must not keep the sandbox open.
    await mf.dispose().catch(() => {});
  }
  t.diagnostic(`workerd: ${elapsed(start)} ms`);
});
