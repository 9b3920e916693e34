// Vite's dev server (no config): it pre-bundles dependencies into node_modules/.vite/deps/, where a
// `new URL('./payrail_bg.wasm', import.meta.url)` would point next to the pre-bundled file; the page must still
// load the wasm and collect on the sandbox. The input comes from public/input.json (Vite serves public/ as is).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSandbox } from '../../js/sandbox/index.js';
import { BROWSER_TAIL, bin, checkInput, checkResult, closeBrowser, elapsed, freePort, importLines, installPacked, pageHtml, runPage, startProcess, writeApp } from './support.mjs';

let consumer;
after(async () => { await closeBrowser(); consumer?.cleanup(); });

test('vite dev server (no config), import payrail/unipesa + payrail/crypto: the page collects on the sandbox, signs, types its errors', { timeout: 120_000 }, async (t) => {
  const start = performance.now();
  consumer = await installPacked('vite-dev');
  const app = { provider: 'unipesa', entry: 'payrail/unipesa', cryptoEntry: 'payrail/crypto' };
  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  const dir = writeApp(join(consumer.dir, 'vite-dev'), {
    'main.js': `${importLines(app)}\n${BROWSER_TAIL}`,
    'index.html': pageHtml('/main.js'),
    'public/input.json': JSON.stringify(checkInput(sb, app.provider)),
  });
  const port = await freePort();
  const server = await startProcess(bin('vite'), ['--port', String(port), '--host', '127.0.0.1', '--strictPort'], { cwd: dir, ready: /Local:/, timeoutMs: 30_000 });
  try {
    const { result, problems } = await runPage(`http://127.0.0.1:${port}/`);
    t.diagnostic(`vite dev: conditions ${JSON.stringify(result.conditions)}`);
    checkResult(result, sb, app.provider, 'vite dev', { lazy: true });
    assert.deepEqual(problems, [], 'no page error, no console warning');
  } finally {
    await server.stop();
    await sb.close();
  }
  t.diagnostic(`vite dev: ${elapsed(start)} ms`);
});
