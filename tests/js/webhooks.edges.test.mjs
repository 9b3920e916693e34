// The webhook handlers at their edges, called directly (a WHATWG Request in, a Response out; a node:http-shaped
// req/res pair): methods, sizes, bad bodies, the dedupe store (shared by two handlers, concurrent deliveries,
// a store that fails), the option checks, and the raw body of a framework. Unipesa bodies are signed with the
// sandbox's own signature code (js/sandbox/lib/unipesa-signature.js, checked against the provider's PHP by the
// sandbox's tests), never with payrail's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Unipesa, MtnMomo, CinetPay, ValidationError, memoryTokenStore, nodeWebhookHandler, webhookHandler } from '../../pkg/node.js';
import { startSandbox, signUnipesa } from '../../js/sandbox/index.js';

let sb;
let unipesa;
before(async () => {
  sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 });
  unipesa = new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa });
});
after(async () => { await sb.close(); });

/** A Unipesa callback body (seed 003's fields, in its order), signed with `key` (default: the merchant's). */
function unipesaBody(orderId, { status = 2, key = sb.credentials.unipesa.secretKey } = {}) {
  const fields = {
    merchant_id: sb.credentials.unipesa.merchantId,
    operation_type: 17,
    customer_id: '254700000001',
    amount: 100,
    order_id: orderId,
    transaction_id: '4242',
    transaction_ref: 'SB.00000001',
    status,
    provider_id: 14,
    destination_id: '',
    result: { code: 0, message: 'OK' },
  };
  return JSON.stringify({ ...fields, signature: signUnipesa(JSON.stringify(fields), key) });
}

const post = (body, init = {}) => new Request('http://127.0.0.1/unipesa/cb', { method: 'POST', body, ...init });
const recorder = () => {
  const seen = [];
  return { seen, onCallback: (cb) => { seen.push(cb); } };
};

test('a signed body through a WHATWG Request: 200, handled once; a tampered one: 401', async () => {
  const r = recorder();
  const handler = webhookHandler(unipesa, r);
  const body = unipesaBody('edge-1');
  const ok = await handler(post(body));
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(await ok.json(), { received: true });
  assert.deepEqual(r.seen.map((cb) => [cb.reference, cb.status, cb.verified, cb.transactionId]), [['edge-1', 'success', true, '4242']]);
  const tampered = body.replace('"amount":100', '"amount":100000');
  const forged = await handler(post(tampered));
  assert.deepEqual([forged.status, await forged.json()], [401, { error: 'signature_mismatch' }]);
  const otherKey = await handler(post(unipesaBody('edge-1b', { key: 'f'.repeat(128) })));
  assert.equal(otherKey.status, 401);
  assert.equal(r.seen.length, 1);
});

test('methods: MoMo takes PUT and POST, the others POST; CinetPay answers GET and HEAD pings', async () => {
  const momo = webhookHandler(new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo }), recorder());
  const get = await momo(new Request(`http://127.0.0.1/momo/${randomUUID()}`));
  assert.deepEqual([get.status, get.headers.get('allow'), await get.json()], [405, 'POST, PUT', { error: 'method_not_allowed' }]);
  const uni = await webhookHandler(unipesa, recorder())(post(unipesaBody('edge-2'), { method: 'PUT' }));
  assert.deepEqual([uni.status, uni.headers.get('allow')], [405, 'POST']);
  const cinetpay = webhookHandler(new CinetPay({ ...sb.credentials.cinetpay, baseUrl: sb.baseUrls.cinetpay }), recorder());
  const ping = await cinetpay(new Request('http://127.0.0.1/cinetpay/notify'));
  assert.deepEqual([ping.status, await ping.text()], [200, 'OK']);
  const head = await cinetpay(new Request('http://127.0.0.1/cinetpay/notify', { method: 'HEAD' }));
  assert.equal(head.status, 200);
});

test('a body past maxBodyBytes is answered 413, with or without a content-length', async () => {
  const r = recorder();
  const handler = webhookHandler(unipesa, { ...r, maxBodyBytes: 1024 });
  const big = 'x'.repeat(2048);
  assert.equal((await handler(post(big))).status, 413);
  const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
  const streamed = await handler(new Request('http://127.0.0.1/unipesa/cb', { method: 'POST', body: stream, duplex: 'half' }));
  assert.deepEqual([streamed.status, await streamed.json()], [413, { error: 'body_too_large' }]);
  assert.equal(r.seen.length, 0);
});

test('a body that is no callback is answered 400 with the error code only; an unsigned one 401', async () => {
  const handler = webhookHandler(unipesa, recorder());
  assert.deepEqual(await (await handler(post('{}'))).json(), { error: 'signature_mismatch' });
  for (const body of ['not json', '[]', '']) {
    const res = await handler(post(body));
    assert.equal(res.status, 400, body);
    const answer = await res.json();
    assert.deepEqual(Object.keys(answer).filter((k) => k !== 'field'), ['error'], body);
    assert.match(answer.error, /^[a-z_]+$/);
  }
});

test('two handlers (two instances) sharing a dedupe store handle a callback once', async () => {
  const store = memoryTokenStore();
  const r = recorder();
  const a = webhookHandler(new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa }), { ...r, dedupe: store });
  const b = webhookHandler(new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa }), { ...r, dedupe: store });
  const body = unipesaBody('edge-3');
  assert.deepEqual(await (await a(post(body))).json(), { received: true });
  assert.deepEqual(await (await b(post(body))).json(), { received: true, duplicate: true });
  assert.equal(r.seen.length, 1);
  // Another status of the same operation is another callback.
  assert.deepEqual(await (await b(post(unipesaBody('edge-3', { status: 3 })))).json(), { received: true });
  assert.deepEqual(r.seen.map((cb) => cb.status), ['success', 'failed']);
});

test('the same callback delivered five times at once reaches onCallback once', async () => {
  const seen = [];
  const handler = webhookHandler(unipesa, { onCallback: async (cb) => { await new Promise((res) => setTimeout(res, 20)); seen.push(cb); } });
  const body = unipesaBody('edge-4');
  const answers = await Promise.all(Array.from({ length: 5 }, () => handler(post(body)).then((res) => res.json())));
  assert.equal(seen.length, 1);
  assert.equal(answers.filter((a) => a.duplicate).length, 4);
});

test('dedupe: false hands every delivery to onCallback', async () => {
  const r = recorder();
  const handler = webhookHandler(unipesa, { ...r, dedupe: false });
  const body = unipesaBody('edge-5');
  await handler(post(body));
  await handler(post(body));
  assert.equal(r.seen.length, 2);
});

test('a dedupe store that cannot be read is answered 503 (the provider retries), onCallback not called', async () => {
  const r = recorder();
  const errors = [];
  const down = { get: async () => { throw new Error('redis down'); }, set: async () => {} };
  const handler = webhookHandler(unipesa, { ...r, dedupe: down, onError: (e, ctx) => { errors.push(ctx.status); throw new Error('a broken logger'); } });
  const res = await handler(post(unipesaBody('edge-6')));
  assert.deepEqual([res.status, await res.json()], [503, { error: 'dedupe_store_unavailable' }]);
  assert.equal(r.seen.length, 0);
  assert.deepEqual(errors, [503], 'onError was told, and its own failure changed nothing');
});

test('MoMo: a reference option reads the reference where the route keeps it', async () => {
  const momoClient = new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo });
  const reference = randomUUID();
  await momoClient.collect({ amount: '5', currency: 'EUR', phone: '46733000031', reference });
  await momoClient.waitForFinal(reference, { intervalMs: 20, timeoutMs: 3000 });
  const body = JSON.stringify({ amount: '5', currency: 'EUR', financialTransactionId: '1', externalId: '', payer: { partyIdType: 'MSISDN', partyId: '46733000031' }, status: 'SUCCESSFUL' });
  const r = recorder();
  const handler = webhookHandler(momoClient, { ...r, reference: (req) => req.headers.get('x-order') });
  const res = await handler(new Request('http://127.0.0.1/momo/callback', { method: 'PUT', body, headers: { 'x-order': reference } }));
  assert.equal(res.status, 200);
  assert.deepEqual(r.seen.map((cb) => [cb.reference, cb.status, cb.verified]), [[reference, 'success', true]]);
  // A reference the provider never made: MTN answers 404 to the status read, the callback 400.
  const unknown = await webhookHandler(momoClient, recorder())(new Request(`http://127.0.0.1/momo/${randomUUID()}`, { method: 'POST', body }));
  assert.equal(unknown.status, 400);
});

/** A node:http-shaped request (a Readable) and a response that records what was written. */
function nodePair(body, extra = {}) {
  const req = Object.assign(Readable.from(body === undefined ? [] : [Buffer.from(body)]), { method: 'POST', url: '/unipesa/cb', headers: { host: '127.0.0.1' } }, extra);
  const res = { statusCode: 0, headers: {}, body: undefined, setHeader(k, v) { this.headers[k] = v; }, end(b) { this.body = b; } };
  return { req, res };
}

test('nodeWebhookHandler takes the raw body a framework kept (req.rawBody, req.body as a Buffer or string)', async () => {
  const r = recorder();
  const handler = nodeWebhookHandler(unipesa, r);
  for (const [i, kept] of [['rawBody', 'edge-7a'], ['body', 'edge-7b']].entries()) {
    const body = unipesaBody(kept[1]);
    const { req, res } = nodePair(undefined, { [kept[0]]: i === 0 ? Buffer.from(body) : body });
    await handler(req, res);
    assert.deepEqual([res.statusCode, JSON.parse(res.body)], [200, { received: true }]);
  }
  assert.deepEqual(r.seen.map((cb) => cb.reference), ['edge-7a', 'edge-7b']);
});

test('nodeWebhookHandler after a JSON body parser: 500 raw_body_unavailable (the signed bytes are gone)', async () => {
  const r = recorder();
  const { req, res } = nodePair(undefined, { body: JSON.parse(unipesaBody('edge-8')) });
  req.resume();
  await new Promise((ok) => req.on('end', ok));
  await nodeWebhookHandler(unipesa, r)(req, res);
  assert.deepEqual([res.statusCode, JSON.parse(res.body)], [500, { error: 'raw_body_unavailable' }]);
  assert.equal(r.seen.length, 0);
});

test('the options are checked when the handler is made: a ValidationError naming the option', () => {
  const cases = [
    [() => webhookHandler({}, { onCallback() {} }), 'client'],
    [() => webhookHandler(unipesa, {}), 'onCallback'],
    [() => webhookHandler(unipesa, null), 'options'],
    [() => nodeWebhookHandler(unipesa, { onCallback() {}, dedupe: {} }), 'dedupe'],
    [() => webhookHandler(unipesa, { onCallback() {}, reference: 'abc' }), 'reference'],
    [() => webhookHandler(unipesa, { onCallback() {}, maxBodyBytes: -1 }), 'maxBodyBytes'],
    [() => webhookHandler(unipesa, { onCallback() {}, dedupeTtlSeconds: 1.5 }), 'dedupeTtlSeconds'],
  ];
  for (const [make, field] of cases) assert.throws(make, (e) => e instanceof ValidationError && e.field === field, field);
});

test('parseCallback given a Request reads its text, and verifies it', async () => {
  const cb = await unipesa.parseCallback(post(unipesaBody('edge-9')));
  assert.equal(cb.verified, true);
  assert.equal(cb.reference, 'edge-9');
  await assert.rejects(unipesa.parseCallback(post(unipesaBody('edge-9', { key: 'another-key' }))), (e) => e.code === 'signature_mismatch');
});
