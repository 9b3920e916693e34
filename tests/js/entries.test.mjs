// The package's entries (scripts/bundle-entries.mjs): payrail, payrail/<provider>, payrail/crypto and their
// /inline variants. Each carries its own names and its own wasm (only its provider's code), every entry throws the
// one set of error classes (ESM and CommonJS alike), and the browser and inline entries load nothing at import:
// `init()` or the first asynchronous call loads the module, a failed load rejects that call and the next retries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../js/sandbox/index.js';

const require = createRequire(import.meta.url);
const PKG = new URL('../../pkg/', import.meta.url);
const vector = JSON.parse(readFileSync(new URL('../vectors/unipesa_signature.json', import.meta.url), 'utf8')).cases.find(
  (c) => c.name === 'seed_postdata_example',
);

const ERRORS = ['AuthError', 'NetworkError', 'ParseError', 'PayrailError', 'ProviderError', 'RateLimitError', 'SignatureError', 'TimeoutError', 'UnsupportedError', 'ValidationError'];
const COMMON = [...ERRORS, 'init', 'memoryTokenStore', 'nodeWebhookHandler', 'redisTokenStore', 'webhookHandler', 'workersKvTokenStore'];
const HELPERS = ['aliansPayOtp', 'signUnipesa', 'totp', 'unipesaStringToSign', 'verifyUnipesaSignature'];
/** Entry folder -> the client class it exports and the wasm-bindgen class behind it. */
const PROVIDERS = {
  unipesa: ['Unipesa', 'unipesacore'],
  momo: ['MtnMomo', 'momocore'],
  cinetpay: ['CinetPay', 'cinetpaycore'],
  viralpay: ['ViralPay', 'viralpaycore'],
  alianspay: ['AliansPay', 'alianspaycore'],
};
const EXPECTED = {
  '': [...COMMON, ...HELPERS, ...Object.values(PROVIDERS).map(([c]) => c)].sort(),
  crypto: [...ERRORS, ...HELPERS, 'init'].sort(),
  ...Object.fromEntries(Object.entries(PROVIDERS).map(([dir, [cls]]) => [dir, [...COMMON, cls].sort()])),
};
const at = (dir, file) => new URL(`${dir === '' ? '' : `${dir}/`}${file}`, PKG);

test('each entry exports its own names, in every runtime file', async () => {
  for (const [dir, names] of Object.entries(EXPECTED)) {
    for (const file of ['node.js', 'browser.js', 'inline.js']) {
      assert.deepEqual(Object.keys(await import(at(dir, file))).sort(), names, `${dir || 'payrail'}/${file}`);
    }
    assert.deepEqual(Object.keys(require(fileURLToPath(at(dir, 'node.cjs')))).sort(), names, `${dir || 'payrail'}/node.cjs`);
  }
});

test("each provider entry's wasm holds that provider's code and no other's", () => {
  // The wasm's exports have short names (scripts/wasm-names.mjs): the build's names.json gives wasm-bindgen's.
  const classesOf = (dir) => {
    const short = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(at(dir, 'payrail_bg.wasm')))).map((e) => e.name);
    const renamed = JSON.parse(readFileSync(new URL(`../../target/wasm-bindgen/${dir || 'all'}/names.json`, import.meta.url), 'utf8')).exports;
    const names = Object.keys(renamed).filter((n) => short.includes(renamed[n]));
    assert.equal(names.length + 1, short.length, `${dir}: names.json is not of this wasm`);
    return Object.values(PROVIDERS).map(([, core]) => core).filter((core) => names.some((n) => n.startsWith(`${core}_`)));
  };
  assert.deepEqual(classesOf(''), Object.values(PROVIDERS).map(([, core]) => core), 'payrail: all five');
  for (const [dir, [, core]] of Object.entries(PROVIDERS)) assert.deepEqual(classesOf(dir), [core], dir);
  assert.deepEqual(classesOf('crypto'), [], 'payrail/crypto: no client');
});

test('one set of error classes for every entry, through import and require', async () => {
  const all = await import(at('', 'node.js'));
  const classes = [all.PayrailError, all.ValidationError];
  for (const dir of Object.keys(EXPECTED)) {
    for (const m of [await import(at(dir, 'node.js')), await import(at(dir, 'browser.js')), require(fileURLToPath(at(dir, 'node.cjs')))]) {
      assert.equal(m.PayrailError, classes[0], dir);
      assert.equal(m.ValidationError, classes[1], dir);
    }
  }
  // An error made by payrail/momo's core is an instance of the classes payrail and payrail/unipesa export.
  const momo = require(fileURLToPath(at('momo', 'node.cjs')));
  const unipesa = await import(at('unipesa', 'node.js'));
  assert.throws(
    () => new momo.MtnMomo({ subscriptionKey: 'k', apiUser: 'u', apiKey: 'a', targetEnvironment: 'sandbox', timeoutMs: -1 }),
    (e) => e instanceof all.ValidationError && e instanceof unipesa.PayrailError && e.field === 'timeoutMs',
  );
});

// Each node.js bundles its own copy of js/errors.js (one module fewer at start-up); the copies agree through the
// realm's registry, where the first one to run publishes its classes for good.
test('the error classes: one set per realm under the registry symbol, named, and not replaceable', async () => {
  const all = await import(at('', 'node.js'));
  const errors = await import(new URL('errors.js', PKG));
  const key = Symbol.for('payrail.errors.v1');
  const published = Object.getOwnPropertyDescriptor(globalThis, key);
  assert.ok(published, 'published on globalThis');
  assert.equal(published.writable, false);
  assert.equal(published.configurable, false);
  assert.ok(Object.isFrozen(published.value));
  assert.throws(() => {
    'use strict';
    globalThis[key] = {};
  }, TypeError);
  for (const name of ERRORS) {
    assert.equal(published.value[name], all[name], name);
    assert.equal(errors[name], all[name], `errors.js ${name}`);
    for (const dir of Object.keys(EXPECTED)) {
      const m = await import(at(dir, 'node.js'));
      assert.equal(m[name], all[name], `${dir || 'payrail'}/node.js ${name}`);
      assert.equal(m[name].name, name, `${dir || 'payrail'}/node.js: the class keeps its name`);
    }
  }
  assert.equal(errors.errorFromInfo, published.value.errorFromInfo);
  assert.ok(errors.errorFromInfo({ category: 'auth', message: 'x' }) instanceof all.AuthError);
});

test('the error classes: an entry loaded where the registry key holds something else keeps classes of its own', () => {
  // In a fresh process: the key taken by an unrelated value before payrail loads. The entry neither uses nor
  // replaces it, and what it throws is still an instance of the classes it exports.
  const momo = JSON.stringify(at('momo', 'node.js').href);
  const script =
    "const key = Symbol.for('payrail.errors.v1'); globalThis[key] = { PayrailError: class {} };" +
    `import(${momo}).then((m) => {` +
    "  if (globalThis[key].PayrailError === m.PayrailError) throw new Error('the foreign value was used');" +
    "  try { new m.MtnMomo({ subscriptionKey: 'k', apiUser: 'u', apiKey: 'a', targetEnvironment: 'sandbox', timeoutMs: -1 }); }" +
    "  catch (e) { if (!(e instanceof m.ValidationError && e instanceof m.PayrailError && e.field === 'timeoutMs')) throw e; console.log('own classes'); }" +
    '});';
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'own classes');
});

test('payrail/crypto signs the provider reference vector (docs/providers/unipesa.md)', async () => {
  for (const file of ['node.js']) {
    const crypto = await import(at('crypto', file));
    assert.equal(crypto.signUnipesa(vector.payload_json, vector.secret_key), vector.signature);
  }
  const cjs = require(fileURLToPath(at('crypto', 'node.cjs')));
  assert.equal(cjs.signUnipesa(vector.payload_json, vector.secret_key), vector.signature);
});

// The lazy entries in Node, with what a page has: a global fetch that serves the wasm file next to the entry.
const realFetch = globalThis.fetch;
let fetched = [];
let failNext = 0;
before(() => {
  globalThis.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith('file:')) return realFetch(input, init);
    fetched.push(url);
    if (failNext > 0) {
      failNext -= 1;
      return new Response('not found', { status: 404 });
    }
    return new Response(readFileSync(fileURLToPath(url)), { headers: { 'content-type': 'application/wasm' } });
  };
});
after(() => {
  globalThis.fetch = realFetch;
});
let copies = 0;
/** A fresh copy of a lazy entry (its api.js too: a query string on each makes a new module instance). */
async function fresh(dir, file) {
  copies += 1;
  const text = readFileSync(at(dir, file), 'utf8').replaceAll("from './api.js'", `from './api.js?copy=${copies}'`);
  return import(`data:text/javascript,${encodeURIComponent(text.replaceAll("'./api.js", `'${at(dir, 'api.js').href}`).replaceAll("'../", `'${PKG.href}`).replaceAll("'./browser-guard.js", `'${PKG.href}browser-guard.js`).replaceAll("new URL('./payrail_bg.wasm', import.meta.url)", `new URL('${at(dir, 'payrail_bg.wasm').href}')`))}`);
}

test('browser entry: nothing loads at import; a synchronous helper before init() names the fix', async () => {
  fetched = [];
  const crypto = await fresh('crypto', 'browser.js');
  assert.deepEqual(fetched, [], 'no fetch at import');
  assert.throws(
    () => crypto.signUnipesa(vector.payload_json, vector.secret_key),
    (e) => e instanceof crypto.UnsupportedError && e.code === 'not_initialized' && /await init\(\)/.test(e.message),
  );
  await crypto.init();
  await crypto.init(); // idempotent
  assert.equal(fetched.length, 1, 'fetched once');
  assert.match(fetched[0], /\/crypto\/payrail_bg\.wasm$/);
  assert.equal(crypto.signUnipesa(vector.payload_json, vector.secret_key), vector.signature);
});

test('browser entry: a failed load rejects the call (not the import), and the next call loads it', async () => {
  const sb = await startSandbox({ finalDelayMs: 20, callbackDelayMs: 10 });
  try {
    fetched = [];
    const momo = await fresh('momo', 'browser.js');
    const client = new momo.MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo, targetEnvironment: 'sandbox' });
    failNext = 1;
    await assert.rejects(client.collect({ amount: '100', currency: 'EUR', phone: '46733123450' }), (e) => {
      assert.ok(e instanceof momo.NetworkError, e.stack);
      assert.equal(e.code, 'wasm_load_failed');
      assert.equal(e.retryable, true);
      assert.match(e.message, /\/inline/);
      return true;
    });
    assert.equal(sb.requests().length, 0, 'nothing was sent');
    const t = await client.collect({ amount: '100', currency: 'EUR', phone: '46733123450' });
    assert.equal(t.provider, 'momo');
    assert.equal(fetched.length, 2, 'the second call fetched the module again');
  } finally {
    failNext = 0;
    await sb.close();
  }
});

test('inline entry: the module comes from the file itself, never fetched', async () => {
  fetched = [];
  const unipesa = await fresh('unipesa', 'inline.js');
  const crypto = await fresh('crypto', 'inline.js');
  await crypto.init();
  assert.equal(crypto.signUnipesa(vector.payload_json, vector.secret_key), vector.signature);
  const sb = await startSandbox({ finalDelayMs: 20, callbackDelayMs: 10 });
  try {
    const client = new unipesa.Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa });
    const t = await client.collect({ amount: '100', currency: 'KES', phone: '254700000000', providerId: 14 });
    assert.equal(t.status, 'pending');
  } finally {
    await sb.close();
  }
  assert.deepEqual(fetched, []);
});

test('the exports map: every entry and its /inline variant, with the same conditions in the same order', () => {
  const pkg = JSON.parse(readFileSync(at('', 'package.json'), 'utf8'));
  const order = ['types', 'workerd', 'edge-light', 'deno', 'bun', 'node', 'browser', 'default'];
  for (const dir of Object.keys(EXPECTED)) {
    const key = dir === '' ? '.' : `./${dir}`;
    for (const k of [key, key === '.' ? './inline' : `${key}/inline`]) {
      assert.deepEqual(Object.keys(pkg.exports[k]), order, k);
      assert.deepEqual(pkg.exports[k].node, { import: `./${dir === '' ? '' : `${dir}/`}node.js`, require: `./${dir === '' ? '' : `${dir}/`}node.cjs` }, k);
    }
    assert.match(pkg.exports[key].browser, /\/browser\.js$/);
    assert.match(pkg.exports[key === '.' ? './inline' : `${key}/inline`].browser, /\/inline\.js$/);
  }
});

test("each entry's api.js imports the shared errors.js by one statement, its node.js bundles the classes from the realm's registry; names kept", () => {
  const errorsImports = (text) => [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]*errors\.js)"/g)];
  for (const dir of Object.keys(EXPECTED)) {
    const api = readFileSync(at(dir, 'api.js'), 'utf8');
    const imports = errorsImports(api);
    assert.equal(imports.length, 1, `${dir || 'payrail'}/api.js: ${imports.map((m) => m[0]).join(' ; ')}`);
    assert.equal(imports[0][2], dir === '' ? './errors.js' : '../errors.js');
    assert.doesNotMatch(imports[0][1], /\bas\b/, `${dir || 'payrail'}/api.js: an error class renamed`);
    // node.js: one module for Node to load; the classes are the realm's one set (js/errors.js), not a copy of its own.
    const node = readFileSync(at(dir, 'node.js'), 'utf8');
    assert.equal(errorsImports(node).length, 0, `${dir || 'payrail'}/node.js imports errors.js`);
    assert.match(node, /Symbol\.for\("payrail\.errors\.v1"\)/, `${dir || 'payrail'}/node.js: the registry`);
    assert.doesNotMatch(node, /\b(?:Payrail|Validation|Network|Signature|Unsupported)Error\d\b/, `${dir || 'payrail'}/node.js: an error class renamed`);
  }
});

test("each provider entry bundles its own provider's webhook rules and no other's (js/webhook-rules.js)", () => {
  // A function of each provider's part, by its name in the bundle (identifiers are kept).
  const own = { unipesa: 'signed', momo: 'momoReference', cinetpay: 'cinetpayLiveness' };
  const confirming = ['momo', 'cinetpay', 'viralpay', 'alianspay'];
  for (const dir of [...Object.keys(PROVIDERS), '']) {
    const text = readFileSync(at(dir, 'api.js'), 'utf8');
    for (const [p, fn] of Object.entries(own)) {
      assert.equal(new RegExp(`function ${fn}\\(`).test(text), dir === '' || dir === p, `${dir || 'payrail'}: ${fn}`);
    }
    assert.equal(/function confirmedCallback\(/.test(text), dir === '' || confirming.includes(dir), `${dir || 'payrail'}: confirmedCallback`);
  }
});

test("the entries' bundles carry no wasm-bindgen free() (the provider classes never free their core early)", () => {
  for (const dir of Object.keys(EXPECTED)) {
    for (const file of ['api.js', 'node.js']) {
      const text = readFileSync(at(dir, file), 'utf8');
      assert.doesNotMatch(text, /\bfree\(\)\{|__destroy_into_raw|Symbol\.dispose/, `${dir || 'payrail'}/${file}`);
      // What does release a core stays: the FinalizationRegistry of each wasm class.
      if (dir !== 'crypto') assert.match(text, /Finalization=typeof FinalizationRegistry>"u"/, `${dir || 'payrail'}/${file}`);
    }
  }
});
