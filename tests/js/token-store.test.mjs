// The tokenStore option: two client instances (as two edge isolates would be) share one token through a store,
// so the sandbox sees one login; keys never contain a secret; a broken store never fails a payment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MtnMomo, CinetPay, ViralPay, memoryTokenStore, ValidationError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';

let sb;
before(async () => { sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 }); });
after(async () => { await sb.close(); });

const tokenCalls = (provider, suffix) => sb.requests().filter((r) => r.provider === provider && r.path.endsWith(suffix)).length;

/** A store that records its keys, as a KV namespace would hold them. */
function recordingStore() {
  const inner = memoryTokenStore();
  const keys = [];
  return { keys, get: (k) => inner.get(k), set: (k, v, ttl) => { keys.push({ k, v, ttl }); return inner.set(k, v, ttl); } };
}

test('two MtnMomo instances sharing a store fetch one collection token', async () => {
  const store = recordingStore();
  const opts = { ...sb.credentials.momo, baseUrl: sb.baseUrls.momo, tokenStore: store };
  const before = tokenCalls('momo', '/collection/token/');
  const a = new MtnMomo(opts);
  const b = new MtnMomo(opts);
  await a.collect({ amount: '10', currency: 'EUR', phone: '46733000010' });
  await b.collect({ amount: '11', currency: 'EUR', phone: '46733000011' });
  await b.balance();
  assert.equal(tokenCalls('momo', '/collection/token/') - before, 1);
  // balance() reads all three products: one token each, each stored once.
  assert.deepEqual(store.keys.map((e) => e.k.split(':')[4]).sort(), ['collection', 'disbursement', 'remittance']);
  const { k, v, ttl } = store.keys[0];
  assert.match(k, /^payrail:momo:sandbox:/);
  assert.ok(!k.includes(sb.credentials.momo.apiKey) && !k.includes(sb.credentials.momo.subscriptionKey), k);
  assert.ok(JSON.parse(v).token.length > 10 && ttl > 60);
});

test('two CinetPay instances sharing a store log in once; the key names the account by fingerprint', async () => {
  const store = recordingStore();
  const opts = { ...sb.credentials.cinetpay, baseUrl: sb.baseUrls.cinetpay, tokenStore: store };
  const before = tokenCalls('cinetpay', '/auth/login');
  await new CinetPay(opts).balance();
  await new CinetPay(opts).balance();
  assert.equal(tokenCalls('cinetpay', '/auth/login') - before, 1);
  assert.match(store.keys[0].k, /^payrail:cinetpay:[0-9a-f]{24}:/);
  assert.ok(!store.keys[0].k.includes(sb.credentials.cinetpay.apiKey));
});

test('two ViralPay instances sharing a store ask for one token', async () => {
  const store = recordingStore();
  const opts = { ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay, tokenStore: store };
  const before = tokenCalls('viralpay', '/v1/token');
  await new ViralPay(opts).balance();
  await new ViralPay(opts).balance();
  assert.equal(tokenCalls('viralpay', '/v1/token') - before, 1);
  const { k } = store.keys[0];
  assert.match(k, /^payrail:viralpay:[0-9a-f]{24}:/);
  for (const secret of [sb.credentials.viralpay.clientSecret, sb.credentials.viralpay.password]) assert.ok(!k.includes(secret));
});

test('a store that throws or holds garbage is a miss, never a failure', async () => {
  const broken = { get: () => { throw new Error('kv down'); }, set: async () => { throw new Error('kv down'); } };
  const m = new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo, tokenStore: broken });
  assert.equal((await m.collect({ amount: '12', currency: 'EUR', phone: '46733000012' })).status, 'pending');
  const garbage = { get: async () => 'not json', set: async () => {} };
  const c = new CinetPay({ ...sb.credentials.cinetpay, baseUrl: sb.baseUrls.cinetpay, tokenStore: garbage });
  assert.ok(Array.isArray(await c.balance()));
});

test('a tokenStore without get/set is refused, naming the option', () => {
  assert.throws(() => new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo, tokenStore: {} }),
    (e) => e instanceof ValidationError && e.field === 'tokenStore');
});
