// redisTokenStore against a real redis-server (started here on 127.0.0.1, stopped at the end), through both
// client libraries (node-redis and ioredis): SET with EX, the single-flight lock (one login for a fleet of
// processes, counted by the sandbox's request log), and the same store as the webhook handlers' dedupe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Unipesa, redisTokenStore, webhookHandler } from '../../pkg/node.js';
import { startSandbox, signUnipesa } from '../../js/sandbox/index.js';
import { connect, startRedis } from './redis-support.mjs';

const FLAVORS = ['node-redis', 'ioredis'];
let redis;
let sb;
const clients = {};

before(async () => {
  redis = await startRedis();
  sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 });
  for (const flavor of FLAVORS) clients[flavor] = await connect(flavor, redis.url);
});
after(async () => {
  for (const c of Object.values(clients)) await c.quit();
  await sb?.close();
  await redis?.stop();
});

/** A second connection's view of the server, to read what a store wrote (raw commands, either library). */
const raw = () => clients.ioredis.client;

for (const flavor of FLAVORS) {
  test(`${flavor}: set stores with EX, get reads it back; a miss takes the lock, set stores and drops it`, async () => {
    const store = redisTokenStore(clients[flavor].client);
    const key = `payrail:test:${flavor}:a`;
    assert.equal(await store.get(key), null, 'a miss');
    assert.equal(await raw().exists(`${key}:lock`), 1, 'the miss took the lock');
    const lockTtl = await raw().pttl(`${key}:lock`);
    assert.ok(lockTtl > 0 && lockTtl <= 5000, `the lock expires by itself (PX 5000): ${lockTtl}`);
    await store.set(key, '{"token":"t1"}', 120);
    assert.equal(await raw().get(key), '{"token":"t1"}');
    const ttl = await raw().ttl(key);
    assert.ok(ttl > 100 && ttl <= 120, `EX 120: ${ttl}`);
    assert.equal(await raw().exists(`${key}:lock`), 0, 'set dropped the lock');
    assert.equal(await store.get(key), '{"token":"t1"}');
    assert.equal(await raw().exists(`${key}:lock`), 0, 'a hit takes no lock');
  });

  test(`${flavor}: while one store holds the lock, another waits for the value instead of fetching`, async () => {
    const other = FLAVORS.find((f) => f !== flavor);
    const a = redisTokenStore(clients[flavor].client);
    const b = redisTokenStore(clients[other].client);
    const key = `payrail:test:${flavor}:b`;
    assert.equal(await a.get(key), null);
    const started = Date.now();
    const waiting = b.get(key);
    setTimeout(() => a.set(key, 'v-from-a', 60), 150);
    assert.equal(await waiting, 'v-from-a', 'the waiter got the holder\'s value');
    assert.ok(Date.now() - started >= 140, 'it waited for it');
  });

  test(`${flavor}: a lock whose holder never stores (a failed login) expires, then the next one takes it`, async () => {
    const a = redisTokenStore(clients[flavor].client, { lockMs: 200 });
    const b = redisTokenStore(clients[flavor].client, { lockMs: 200 });
    const key = `payrail:test:${flavor}:c`;
    assert.equal(await a.get(key), null);
    const started = Date.now();
    assert.equal(await b.get(key), null, 'b took the lock once it expired');
    const waited = Date.now() - started;
    assert.ok(waited >= 150 && waited < 2000, `waited for the expiry: ${waited} ms`);
    // release() (what the webhook handler calls when onCallback fails) drops b's lock at once.
    await b.release(key);
    assert.equal(await raw().exists(`${key}:lock`), 0);
  });
}

test('redisTokenStore refuses what is not a Redis client, and bad timings', () => {
  assert.throws(() => redisTokenStore({}), TypeError);
  assert.throws(() => redisTokenStore(clients.ioredis.client, { lockMs: 0 }), TypeError);
});

/** Runs one child process (tests/js/redis-child.mjs); `go()` lets it call, `result` is its JSON line. */
function child(input) {
  const proc = spawn(process.execPath, [fileURLToPath(new URL('./redis-child.mjs', import.meta.url)), JSON.stringify(input)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (c) => { err += c; });
  const ready = new Promise((resolve) => proc.stdout.on('data', (c) => { out += c; if (out.includes('ready\n')) resolve(); }));
  const result = new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`child timed out: ${err}`)); }, 20_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      else resolve(JSON.parse(out.split('\n').filter(Boolean).at(-1)));
    });
  });
  return { ready, result, go: () => proc.stdin.write('go\n') };
}

const tokenRequests = () => sb.requests().filter((r) => r.provider === 'momo' && r.path.startsWith('/collection/token')).length;

for (const pair of [['node-redis', 'node-redis'], ['ioredis', 'ioredis'], ['node-redis', 'ioredis']]) {
  test(`two processes (${pair.join(' + ')}) sharing one Redis log in to MoMo once`, async () => {
    // A fresh API user per run: its token key is new, so the first call of each process misses the store.
    const { apiUser, apiKey } = await import('../../pkg/node.js').then(({ MtnMomo }) =>
      MtnMomo.provisionSandboxUser({ subscriptionKey: sb.credentials.momo.subscriptionKey, providerCallbackHost: 'localhost', baseUrl: sb.baseUrls.momo }));
    const momo = { ...sb.credentials.momo, apiUser, apiKey, baseUrl: sb.baseUrls.momo };
    const before = tokenRequests();
    const procs = pair.map((flavor, i) => child({ flavor, url: redis.url, momo, phone: `4673300005${i}` }));
    await Promise.all(procs.map((p) => p.ready));
    for (const p of procs) p.go();
    const results = await Promise.all(procs.map((p) => p.result));
    assert.deepEqual(results.map((r) => r.status), ['pending', 'pending']);
    assert.equal(tokenRequests() - before, 1, 'one login for the two processes');
    const executed = sb.executions().filter((e) => results.some((r) => r.reference === e.key));
    assert.equal(executed.length, 2, 'both collects went through with the shared token');
  });
}

test('as a dedupe store: two instances (own connections) handle a callback delivered to both once', async () => {
  const seen = [];
  const onCallback = async (cb) => { await new Promise((r) => setTimeout(r, 50)); seen.push(cb.reference); };
  const handlers = FLAVORS.map((flavor) =>
    webhookHandler(new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa }), { onCallback, dedupe: redisTokenStore(clients[flavor].client) }));
  const fields = {
    merchant_id: sb.credentials.unipesa.merchantId, operation_type: 17, customer_id: '254700000001', amount: 100,
    order_id: `redis-dedupe-${Date.now()}`, transaction_id: '7', transaction_ref: 'SB.00000007', status: 2, provider_id: 14,
    destination_id: '', result: { code: 0, message: 'OK' },
  };
  const body = JSON.stringify({ ...fields, signature: signUnipesa(JSON.stringify(fields), sb.credentials.unipesa.secretKey) });
  const deliver = (h) => h(new Request('http://127.0.0.1/cb', { method: 'POST', body })).then((r) => r.json());
  const answers = await Promise.all([deliver(handlers[0]), deliver(handlers[1]), deliver(handlers[0])]);
  assert.deepEqual(seen, [fields.order_id]);
  assert.equal(answers.filter((a) => a.duplicate).length, 2);
  const keys = await raw().keys(`payrail:webhook:unipesa:${fields.order_id}:*`);
  assert.deepEqual(keys.filter((k) => !k.endsWith(':lock')).length, 1, 'one remembered key, with its TTL');
  assert.ok((await raw().ttl(keys.find((k) => !k.endsWith(':lock')))) > 600_000);
});
