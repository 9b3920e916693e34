// Shared plumbing of the bundler tests (tests/bundlers/*.test.mjs, issue 13): the package as a stranger gets it
// (`npm pack pkg/`, then `npm install` of the tarball into a fresh folder), a tiny app per setup importing an entry
// (app/check.mjs does the same work everywhere), built by the bundler's own CLI with its default configuration,
// served on 127.0.0.1 and run in Chromium, or run by its runtime, against the sandbox; then the checks.
//
// A package `conditions-probe` is installed next to payrail: one subpath per export condition, each resolving to
// the condition's name when the condition is active and to null otherwise, so an app reports which conditions
// its bundler used (what payrail's exports map must serve).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startSandbox } from '../../js/sandbox/index.js';
import { CHROMIUM, CHROMIUM_FLAGS, PKG, ROOT, SIGNATURE_VECTOR, startStaticServer, writeIn } from '../runtimes/support/harness.mjs';
import { installPacked as installTarball, run } from './packed.mjs';

export { ROOT, PKG, SIGNATURE_VECTOR, startStaticServer, writeIn };
import { elapsed } from '../runtimes/support/harness.mjs';
export { elapsed };
export { denoBinary, runScript } from '../runtimes/support/harness.mjs';
export { freePort, startProcess } from '../examples/support.mjs';

const CHECK = join(ROOT, 'tests', 'bundlers', 'app', 'check.mjs');
/** A tool of the root devDependencies (node_modules/.bin). */
export const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

export { run };

export const CONDITIONS = ['edge-light', 'workerd', 'worker', 'deno', 'bun', 'node', 'browser', 'react-server', 'module', 'import', 'require', 'webpack', 'production', 'development'];

/** node_modules/conditions-probe in `dir`: `conditions-probe/<c>` is the string c when c is active, else null. */
function writeConditionsProbe(dir) {
  const base = join(dir, 'node_modules', 'conditions-probe');
  const exports = {};
  writeIn(base, 'no.js', 'export default null;\n');
  for (const c of CONDITIONS) {
    exports[`./${c}`] = { [c]: `./yes/${c}.js`, default: './no.js' };
    writeIn(base, `yes/${c}.js`, `export default ${JSON.stringify(c)};\n`);
  }
  writeIn(base, 'package.json', JSON.stringify({ name: 'conditions-probe', version: '1.0.0', type: 'module', exports }, null, 2));
}

/** The module an app imports its conditions from (`conditions.js` ESM or `conditions.cjs` CommonJS). */
function conditionsModule(style) {
  if (style === 'cjs') return `module.exports = [\n${CONDITIONS.map((c) => `  require('conditions-probe/${c}').default,`).join('\n')}\n].filter(Boolean);\n`;
  return `${CONDITIONS.map((c, i) => `import c${i} from 'conditions-probe/${c}';`).join('\n')}\nexport default [${CONDITIONS.map((_, i) => `c${i}`).join(', ')}].filter(Boolean);\n`;
}

/**
 * A fresh consumer folder with payrail installed from the packed tarball (packed.mjs), and conditions-probe. Apps
 * are its subfolders; they resolve `payrail` from its node_modules.
 */
export async function installPacked(label, options) {
  const consumer = await installTarball(label, options);
  writeConditionsProbe(consumer.dir);
  return consumer;
}

/** What each provider's app collects, and with which client class. */
export const PROVIDERS = {
  momo: { cls: 'MtnMomo', collect: { amount: '100', currency: 'EUR', phone: '46733000001', description: 'bundler test' }, amount: '100' },
  unipesa: { cls: 'Unipesa', collect: { amount: '100', currency: 'KES', phone: '254700000000', providerId: 14 }, amount: '100.00' },
};

/** The input app/check.mjs takes: the provider's sandbox client options, its collect, the signature vector. */
export function checkInput(sb, provider) {
  return {
    client: { ...sb.credentials[provider], baseUrl: sb.baseUrls[provider] },
    collect: PROVIDERS[provider].collect,
    vector: { payload_json: SIGNATURE_VECTOR.payload_json, secret_key: SIGNATURE_VECTOR.secret_key },
  };
}

/**
 * The import lines of an app: the provider's client, PayrailError and init from `entry`, signUnipesa, the
 * PayrailError and init of `cryptoEntry`, the conditions (unless `conditions` is false), check(); gathered as `api`.
 * `rel` is the way from the app's file to the app folder (where check.mjs and conditions.js are).
 */
export function importLines({ provider, entry, cryptoEntry, style = 'esm', conditions = true, rel = './' }) {
  const { cls } = PROVIDERS[provider];
  const api = `{ Client, PayrailError, init, signUnipesa, CryptoPayrailError, initCrypto, conditions }`;
  if (style === 'cjs') {
    return [
      `const { ${cls}: Client, PayrailError, init } = require(${JSON.stringify(entry)});`,
      `const { signUnipesa, PayrailError: CryptoPayrailError, init: initCrypto } = require(${JSON.stringify(cryptoEntry)});`,
      conditions ? `const conditions = require('${rel}conditions.cjs');` : 'const conditions = null;',
      `const { check } = require('${rel}check.mjs');`,
      `const api = ${api};`,
    ].join('\n');
  }
  return [
    `import { ${cls} as Client, PayrailError, init } from ${JSON.stringify(entry)};`,
    `import { signUnipesa, PayrailError as CryptoPayrailError, init as initCrypto } from ${JSON.stringify(cryptoEntry)};`,
    conditions ? `import conditions from '${rel}conditions.js';` : 'const conditions = null;',
    `import { check } from '${rel}check.mjs';`,
    `const api = ${api};`,
  ].join('\n');
}

/** The browser tail: fetch the input from the page's server, run check(), show the JSON in <pre id="result">. */
export const BROWSER_TAIL = `
const show = (o) => { const el = document.createElement('pre'); el.id = 'result'; el.textContent = JSON.stringify(o); document.body.append(el); };
fetch('/input.json').then((r) => r.json()).then((input) => check(api, input)).then(show, (e) => show({ fatal: { message: String(e && e.stack || e) } }));
`;

/** Writes an app folder `dir`: check.mjs, the conditions module, and `files` ({ name: text }). */
export function writeApp(dir, files, { style = 'esm' } = {}) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(CHECK, join(dir, 'check.mjs'));
  writeIn(dir, style === 'cjs' ? 'conditions.cjs' : 'conditions.js', conditionsModule(style));
  for (const [name, text] of Object.entries(files)) writeIn(dir, name, text);
  return dir;
}

/** A page loading `src` as a module script (`module`) or a classic one. */
export const pageHtml = (src, { module = true, head = '' } = {}) =>
  `<!doctype html>\n<meta charset="utf-8">\n<title>payrail bundler test</title>\n<link rel="icon" href="data:,">\n${head}<script ${module ? 'type="module" ' : ''}src="${src}"></script>\n`;

/** Every file under `dir` with its size, for the report. */
export function listFiles(dir, prefix = '') {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, `${prefix}${name}/`) : [{ file: `${prefix}${name}`, bytes: statSync(path).size }];
  });
}

let browser;
/** One Chromium per test file (closed by closeBrowser), a fresh context per page. */
async function sharedBrowser() {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 30_000 });
  return browser;
}
export const closeBrowser = async () => { await browser?.close().catch(() => {}); browser = undefined; };

/** Opens `url`, waits for <pre id="result">, returns its JSON and the page's errors and console warnings. */
export async function runPage(url, { timeoutMs = 20_000 } = {}) {
  const context = await (await sharedBrowser()).newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    // An uncaught error (a module that failed to load or to link) means no result will come: stop waiting then.
    let uncaught;
    const failed = new Promise((resolve) => { uncaught = resolve; });
    page.on('pageerror', (e) => { problems.push(`pageerror: ${e.message}`); uncaught(null); });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    await page.goto(url);
    const el = await Promise.race([page.waitForSelector('#result', { state: 'attached', timeout: timeoutMs }).catch(() => null), failed]);
    if (!el) assert.fail(`${url}: no result; page problems: ${problems.join(' | ') || `none in ${timeoutMs} ms`}`);
    return { result: JSON.parse(await el.textContent()), problems };
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * Serves `dist` (plus /input.json for `provider` on `sb`) on 127.0.0.1, opens `page` in Chromium, and returns the
 * app's result with the page's problems and the paths served.
 */
export async function runBrowserApp(sb, provider, dirs, { page = '/', refuse } = {}) {
  const site = await startStaticServer({ pages: { '/input.json': JSON.stringify(checkInput(sb, provider)) }, dirs, refuse });
  try {
    const { result, problems } = await runPage(`${site.url}${page}`);
    return { result, problems, served: site.served };
  } finally {
    await site.close();
  }
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The checks every app's result must pass, against the sandbox `sb` that served it. `lazy`: a browser entry (the
 * wasm loads on init() or the first async call, so a synchronous helper before init() throws a PayrailError
 * saying so); otherwise the runtime loaded the wasm at import and the helper works at once.
 */
export function checkResult(result, sb, provider, label, { lazy }) {
  assert.equal(result.fatal, undefined, `${label}: ${JSON.stringify(result.fatal)}`);
  const b = result.beforeInit;
  if (!lazy) assert.deepEqual([b.ok, b.signature], [true, SIGNATURE_VECTOR.signature], `${label}: signUnipesa before init(), the wasm loaded at import: ${JSON.stringify(b)}`);
  else {
    assert.deepEqual([b.ok, b.isPayrailError], [false, true], `${label}: a helper before init() throws a PayrailError: ${JSON.stringify(b)}`);
    assert.match(b.message, /await init\(\)/, `${label}: the error says to await init() first`);
  }
  assert.deepEqual([result.init, result.initThenable], ['function', true], `${label}: init() exported, returns a promise, twice`);
  assert.equal(result.initCrypto, 'function', `${label}: the crypto entry exports init`);

  const c = result.collect;
  assert.deepEqual([c.provider, c.status, c.amount], [provider, 'pending', PROVIDERS[provider].amount], label);
  assert.match(c.reference, UUID_V4, `${label}: a generated reference`);
  assert.deepEqual(sb.executions().filter((e) => e.provider === provider).map((e) => e.key), [c.reference], `${label}: the sandbox executed it once`);
  assert.equal(result.signature, SIGNATURE_VECTOR.signature, `${label}: signUnipesa equals the provider PHP's value`);

  const v = result.validation;
  assert.equal(v.thrown, true, `${label}: a negative amount is refused`);
  assert.deepEqual([v.name, v.code, v.field], ['ValidationError', 'validation_error', 'amount'], label);
  assert.equal(v.isPayrailError, true, `${label}: instanceof the PayrailError of the provider entry`);
  assert.equal(v.isCryptoPayrailError, true, `${label}: instanceof the PayrailError of the crypto entry (one class)`);
  assert.equal(sb.executions().filter((e) => e.provider === provider).length, 1, `${label}: the invalid call executed nothing`);
}

/**
 * The tests of browser setups built by a bundler, one per setup, in one consumer folder (`label`). A setup:
 * `{ name, label, app (importLines' options), files(lines)?, build: [tool, args], page: [path, html] | null,
 * inline, ignore? }`: `files` writes the app (default main.js), `build` runs the root devDependency `tool` in the
 * app folder (output in dist/), `page` is the page written into dist/ (null: the bundler writes it), `inline`
 * whether the entry inlines the wasm (no .wasm fetched) or the bundler emits it (fetched as application/wasm),
 * `ignore` the build output lines that may say WARNING.
 */
export function browserSetupTests(label, setups) {
  let consumer;
  before(async () => { consumer = await installPacked(label); });
  after(async () => { await closeBrowser(); consumer?.cleanup(); });
  for (const s of setups) {
    test(`${s.label}: builds, and the page collects on the sandbox, signs, types its errors`, { timeout: 120_000 }, async (t) => {
      const start = performance.now();
      const lines = importLines(s.app);
      const dir = writeApp(join(consumer.dir, s.name), s.files ? s.files(lines) : { 'main.js': `${lines}\n${BROWSER_TAIL}` }, { style: s.app.style });
      const { stdout, stderr } = await run(bin(s.build[0]), s.build[1], { cwd: dir, timeoutMs: 100_000 });
      // Rollup only warns about an import it could not resolve (and leaves it in the bundle): any warning fails.
      const warnings = `${stdout}\n${stderr}`.split('\n').filter((l) => /WARNING|ERROR|Unresolved dependencies|\(!\)/.test(l) && !s.ignore?.test(l));
      assert.deepEqual(warnings, [], `${s.name}: the build warns:\n${stdout}\n${stderr}`);
      const built = elapsed(start);
      if (s.page) writeIn(dir, ...s.page);
      const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
      try {
        const { result, problems, served } = await runBrowserApp(sb, s.app.provider, { '/': join(dir, 'dist') });
        t.diagnostic(`${s.name}: conditions ${JSON.stringify(result.conditions)}; built in ${built} ms; ${JSON.stringify(listFiles(join(dir, 'dist')))}`);
        checkResult(result, sb, s.app.provider, s.name, { lazy: true });
        assert.deepEqual(problems, [], `${s.name}: no page error, no console warning (a wrong wasm MIME type would warn)`);
        const wasm = served.filter((x) => x.path.endsWith('.wasm'));
        if (s.inline) assert.deepEqual(wasm, [], `${s.name}: the inline entry fetches no .wasm`);
        else assert.ok(wasm.length >= 1 && wasm.every((x) => x.type === 'application/wasm'), `${s.name}: the wasm the bundler emitted, fetched: ${JSON.stringify(wasm)}`);
      } finally {
        await sb.close();
      }
      t.diagnostic(`${s.name}: ${elapsed(start)} ms`);
    });
  }
}
