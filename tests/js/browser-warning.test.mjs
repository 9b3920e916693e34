// The browser build's warning: a client given a credential for a production host, on a page not served from this
// machine, warns once in the console, without the credential; sandbox hosts and local pages do not warn. The
// browser entry (pkg/browser.js) is loaded in Node with what a page has: `location`, and a fetch that serves the
// .wasm file next to it. The warning is once per page (a flag on the global object, whichever entries the page
// loads): each case is a new page, a fresh copy of the entry (a query string) with the flag cleared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const realFetch = globalThis.fetch;
const realWarn = console.warn;
let warnings = [];
let copies = 0;

before(() => {
  globalThis.fetch = async (url) => new Response(readFileSync(fileURLToPath(url)), { headers: { 'content-type': 'application/wasm' } });
  console.warn = (...args) => warnings.push(args.join(' '));
});
after(() => {
  globalThis.fetch = realFetch;
  console.warn = realWarn;
  delete globalThis.location;
});

/** A fresh browser entry on a page served from `hostname`. */
async function onPage(hostname) {
  globalThis.location = { hostname };
  delete globalThis[Symbol.for('payrail.browser.warned')];
  warnings = [];
  copies += 1;
  return import(`../../pkg/browser.js?copy=${copies}`);
}

const UNIPESA = { publicId: '1a800cdc4f96860c6fbed04be3c98d6e', merchantId: '3944a19fedc9f652cf4ce870f2148fc62e65a802', secretKey: 'c0ffee'.repeat(20) };

test('a production Unipesa secret on a public page warns once, without the secret', async () => {
  const { Unipesa, MtnMomo } = await onPage('shop.example');
  const a = new Unipesa(UNIPESA);
  new Unipesa({ ...UNIPESA, baseUrl: 'https://api.msimbo.tech' });
  new MtnMomo({ subscriptionKey: 'k'.repeat(32), apiUser: '3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93', apiKey: 'a'.repeat(32), targetEnvironment: 'mtnghana' });
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0], /^payrail: Unipesa was given a production credential on a page served from shop\.example/);
  assert.match(warnings[0], /sandbox demos/);
  assert.ok(!warnings[0].includes(UNIPESA.secretKey) && !warnings[0].includes(UNIPESA.merchantId));
  assert.equal(a.toJSON().provider, 'unipesa', 'still the API class underneath');
});

test('sandbox hosts do not warn: the local sandbox, MoMo sandbox, ViralPAY sandbox', async () => {
  const { Unipesa, MtnMomo, ViralPay } = await onPage('demo.example');
  new Unipesa({ ...UNIPESA, baseUrl: 'http://127.0.0.1:8787/unipesa' });
  new MtnMomo({ subscriptionKey: 'k'.repeat(32), apiUser: '3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93', apiKey: 'a'.repeat(32), targetEnvironment: 'sandbox' });
  new ViralPay({ clientId: 'c', clientSecret: 's', username: 'u', password: 'p' });
  assert.deepEqual(warnings, []);
  // ...but a live host does.
  new ViralPay({ clientId: 'c', clientSecret: 's', username: 'u', password: 'p', baseUrl: 'https://api.viralpay.cm' });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /ViralPay/);
});

test('a page served from this machine never warns', async () => {
  for (const host of ['localhost', '127.0.0.1', '[::1]', 'app.localhost']) {
    const { Unipesa } = await onPage(host);
    new Unipesa(UNIPESA);
    assert.deepEqual(warnings, [], host);
  }
});

test('one page, two entries (payrail and payrail/unipesa): still one warning', async () => {
  const all = await onPage('shop.example');
  const alone = await import(`../../pkg/unipesa/browser.js?copy=${copies}`);
  new alone.Unipesa(UNIPESA);
  new all.Unipesa(UNIPESA);
  assert.equal(warnings.length, 1, warnings.join('\n'));
});

test('before init(), a bad option rejects the first call (and every later one); after it, the constructor throws', async () => {
  const browser = await onPage('localhost');
  const early = new browser.Unipesa({ ...UNIPESA, secretKey: 5 }); // nothing loaded: checked by the first call
  for (let i = 0; i < 2; i++) {
    await assert.rejects(early.status('order-1'), (e) => e instanceof browser.ValidationError && e.field === 'secretKey');
  }
  await browser.init();
  assert.throws(() => new browser.Unipesa({ ...UNIPESA, secretKey: 5 }), (e) => e instanceof browser.ValidationError && e.field === 'secretKey');
});

test('the browser classes are the API classes (instanceof, statics, errors)', async () => {
  const browser = await onPage('shop.example');
  await browser.init(); // the constructors check their options at once when the module is loaded
  const api = await import('../../pkg/api.js');
  const m = new browser.MtnMomo({ subscriptionKey: 'k'.repeat(32), apiUser: '3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93', apiKey: 'a'.repeat(32), targetEnvironment: 'sandbox' });
  assert.ok(m instanceof api.MtnMomo);
  assert.equal(typeof browser.MtnMomo.provisionSandboxUser, 'function');
  assert.throws(() => new browser.Unipesa({ ...UNIPESA, secretKey: 5 }), (e) => e instanceof browser.ValidationError && e.field === 'secretKey');
  assert.deepEqual(warnings, [], 'a refused construction does not warn');
});
