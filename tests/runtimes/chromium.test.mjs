// Chromium (Debian's, driven by playwright-core): a page served from 127.0.0.1 imports the bare `payrail` through
// an import map pointing at the file the exports map's `browser` condition names (resolved by esbuild exactly as a
// browser bundler would); browser.js fetches payrail_bg.wasm from next to itself (served as application/wasm, so
// streaming compilation is used) and the collect goes cross-origin to the sandbox on 127.0.0.1 (CORS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { relative } from 'node:path';
import { chromium } from 'playwright-core';
import { startSandbox } from '../../js/sandbox/index.js';
import { CHROMIUM, CHROMIUM_FLAGS, EXPORTS, PKG, PROBE, checkProbe, elapsed, makeConsumer, probeInput, resolveWith, startStaticServer } from './support/harness.mjs';

let consumer;
before(() => { consumer = makeConsumer('chromium'); });
after(() => consumer.cleanup());

/** The file `import 'payrail'` lands on for a browser bundler (esbuild platform browser: conditions browser, import). */
const browserEntry = async (dir) => relative(realpathSync(PKG), await resolveWith(dir, 'payrail'));

/** A static server on 127.0.0.1: the test page at /, the probe at /probe.mjs, the package at /pkg/. */
const startSite = (page) => startStaticServer({ pages: { '/': page, '/probe.mjs': readFileSync(PROBE, 'utf8') }, dirs: { '/pkg/': PKG } });

// As in the other runtimes: loading the package must not draw random numbers.
const pageFor = (entry) => `<!doctype html>
<meta charset="utf-8">
<title>payrail runtime smoke test</title>
<link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports: { payrail: `/pkg/${entry}` } })}</script>
<script type="module">
  import { probe } from '/probe.mjs';
  window.runProbe = async (input) => {
    const getRandomValues = crypto.getRandomValues;
    crypto.getRandomValues = () => { throw new Error('random number drawn at import time'); };
    let payrail;
    try { payrail = await import('payrail'); } finally { crypto.getRandomValues = getRandomValues; }
    return probe(payrail, input);
  };
  window.probeReady = true;
</script>`;

test('Chromium (exports: browser): page collects with Unipesa and MoMo on the sandbox, helpers on vectors, typed errors', { timeout: 45_000 }, async (t) => {
  const start = performance.now();
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup.sh --browser`);
  const entry = await browserEntry(consumer.dir);
  assert.equal(entry, EXPORTS.browser.replace('./', ''), 'the exports map browser condition chose this entry');

  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  let site;
  let browser;
  try {
    site = await startSite(pageFor(entry));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 30_000 });
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    await page.goto(`${site.url}/`);
    await page.waitForFunction(() => window.probeReady === true, null, { timeout: 10_000 });
    const result = await page.evaluate((input) => window.runProbe(input), probeInput(sb));
    await checkProbe(result, sb, 'chromium');
    assert.deepEqual(problems, [], 'no page error and no console warning (a wrong wasm MIME type would warn)');
    const wasm = site.served.filter((s) => s.path.endsWith('.wasm'));
    assert.deepEqual(wasm, [{ path: '/pkg/payrail_bg.wasm', type: 'application/wasm' }], 'the wasm next to browser.js, fetched once');
  } finally {
    // Whatever failed, nothing of this test may keep the process (and the suite) alive.
    await browser?.close().catch(() => {});
    await site?.close();
    await sb.close();
  }
  t.diagnostic(`chromium: ${elapsed(start)} ms`);
});
