// No bundler: a plain page whose import map points `payrail/momo` and `payrail/crypto` at the files the exports
// map's `browser` condition names in node_modules/payrail (installed from the packed tarball), served as they are
// on 127.0.0.1. The entry fetches its wasm from next to itself. Then the same page with that wasm answering 404:
// the import still succeeds, and the failure rejects the calls' promises instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startSandbox } from '../../js/sandbox/index.js';
import { resolveWith } from '../runtimes/support/harness.mjs';
import { BROWSER_TAIL, checkResult, closeBrowser, elapsed, importLines, installPacked, pageHtml, runBrowserApp, writeApp } from './support.mjs';

let consumer;
let dir;
let imports;
before(async () => {
  consumer = await installPacked('importmap');
  const app = { provider: 'momo', entry: 'payrail/momo', cryptoEntry: 'payrail/crypto', conditions: false };
  const pkg = realpathSync(join(consumer.dir, 'node_modules', 'payrail'));
  // What a user writes in the map: the file each specifier's `browser` condition names (esbuild's resolver).
  imports = {};
  for (const spec of [app.entry, app.cryptoEntry]) imports[spec] = `/node_modules/payrail/${relative(pkg, await resolveWith(consumer.dir, spec))}`;
  const head = `<script type="importmap">${JSON.stringify({ imports })}</script>\n`;
  dir = writeApp(join(consumer.dir, 'importmap'), { 'main.js': `${importLines(app)}\n${BROWSER_TAIL}`, 'index.html': pageHtml('/main.js', { head }) });
});
after(async () => { await closeBrowser(); consumer?.cleanup(); });

const site = () => ({ '/node_modules/': join(consumer.dir, 'node_modules'), '/': dir });

test('import map, no bundler (payrail/momo + payrail/crypto): the page collects on the sandbox, signs, types its errors', { timeout: 120_000 }, async (t) => {
  const start = performance.now();
  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  try {
    const { result, problems, served } = await runBrowserApp(sb, 'momo', site());
    t.diagnostic(`importmap: ${JSON.stringify(imports)}`);
    checkResult(result, sb, 'momo', 'importmap', { lazy: true });
    assert.deepEqual(problems, [], 'no page error, no console warning (a wrong wasm MIME type would warn)');
    const wasm = served.filter((x) => x.path.endsWith('.wasm'));
    assert.ok(wasm.length >= 1 && wasm.every((x) => x.type === 'application/wasm'), `the wasm next to the entry, fetched: ${JSON.stringify(wasm)}`);
  } finally {
    await sb.close();
  }
  t.diagnostic(`importmap: ${elapsed(start)} ms`);
});

test('import map, the wasm answering 404: the import succeeds, the calls reject', { timeout: 120_000 }, async (t) => {
  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  try {
    const { result, served } = await runBrowserApp(sb, 'momo', site(), { refuse: (path) => path.endsWith('.wasm') });
    t.diagnostic(`wasm 404: ${JSON.stringify(result)}`);
    assert.ok(served.some((x) => x.path.endsWith('.wasm') && x.status === 404), 'the wasm was asked for, and refused');
    // The page's module ran (it reported): the import did not fail. The sync helper says to init; the collect rejects.
    assert.deepEqual([result.beforeInit.ok, result.beforeInit.isPayrailError], [false, true], JSON.stringify(result.beforeInit));
    assert.ok(result.fatal, 'the collect rejected');
    assert.equal(sb.requests().length, 0, 'nothing sent');
  } finally {
    await sb.close();
  }
});
