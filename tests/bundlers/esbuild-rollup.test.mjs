// esbuild and Rollup, which leave `new URL('./x.wasm', import.meta.url)` as it is (the wasm is neither copied
// nor rewritten, so a page would fetch /payrail_bg.wasm from its own root and get a 404): they take the inline
// entries (`payrail/inline`, `payrail/<entry>/inline`, the wasm as base64 in the JS). Each app is built by the
// bundler's CLI with its defaults from a fresh install of the packed package, served on 127.0.0.1, and run in
// Chromium against the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSandbox } from '../../js/sandbox/index.js';
import { BROWSER_TAIL, bin, checkResult, closeBrowser, elapsed, importLines, installPacked, listFiles, pageHtml, run, runBrowserApp, writeApp, writeIn } from './support.mjs';

let consumer;
before(async () => { consumer = await installPacked('esbuild-rollup'); });
after(async () => { await closeBrowser(); consumer?.cleanup(); });

export const SETUPS = [
  {
    name: 'esbuild-esm',
    label: 'esbuild --bundle --format=esm, payrail/momo/inline + payrail/crypto/inline',
    app: { provider: 'momo', entry: 'payrail/momo/inline', cryptoEntry: 'payrail/crypto/inline' },
    build: ['esbuild', ['main.js', '--bundle', '--format=esm', '--outfile=dist/app.js']],
    page: pageHtml('/app.js'),
  },
  {
    name: 'esbuild-iife',
    label: 'esbuild --bundle (default iife), payrail/inline',
    app: { provider: 'momo', entry: 'payrail/inline', cryptoEntry: 'payrail/inline' },
    build: ['esbuild', ['main.js', '--bundle', '--outfile=dist/app.js']],
    page: pageHtml('/app.js', { module: false }),
  },
  {
    name: 'rollup',
    label: 'rollup + @rollup/plugin-node-resolve (defaults), payrail/unipesa/inline + payrail/crypto/inline',
    app: { provider: 'unipesa', entry: 'payrail/unipesa/inline', cryptoEntry: 'payrail/crypto/inline' },
    // Rollup's default output format is ES modules; node-resolve with its defaults (conditions default, module, import).
    build: ['rollup', ['main.js', '--plugin', 'node-resolve', '--file', 'dist/app.js']],
    page: pageHtml('/app.js'),
  },
];

for (const s of SETUPS) {
  test(`${s.label}: builds, and the page collects on the sandbox, signs, types its errors`, { timeout: 90_000 }, async (t) => {
    const start = performance.now();
    const dir = writeApp(join(consumer.dir, s.name), { 'main.js': `${importLines(s.app)}\n${BROWSER_TAIL}` });
    const { stderr } = await run(bin(s.build[0]), s.build[1], { cwd: dir, timeoutMs: 60_000 });
    // Rollup only warns about an import it could not resolve, and leaves it in the bundle: that is a failure here.
    assert.doesNotMatch(stderr, /Unresolved dependencies/, `${s.name}: ${stderr}`);
    const built = elapsed(start);
    writeIn(dir, 'dist/index.html', s.page);
    const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
    try {
      const { result, problems, served } = await runBrowserApp(sb, s.app.provider, { '/': join(dir, 'dist') });
      t.diagnostic(`${s.name}: conditions ${JSON.stringify(result.conditions)}; built in ${built} ms; ${JSON.stringify(listFiles(join(dir, 'dist')))}`);
      checkResult(result, sb, s.app.provider, s.name, { lazy: true });
      assert.deepEqual(problems, [], `${s.name}: no page error, no console warning`);
      assert.deepEqual(served.filter((x) => x.path.endsWith('.wasm')), [], `${s.name}: the inline entry fetches no .wasm`);
    } finally {
      await sb.close();
    }
    t.diagnostic(`${s.name}: ${elapsed(start)} ms`);
  });
}
