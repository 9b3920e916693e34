// The webhook handlers end to end: the sandbox delivers each provider's real callbacks (signed, forged,
// duplicated, by PUT and POST) to a node:http server on 127.0.0.1 whose routes are payrail's handlers, once as
// nodeWebhookHandler (node:http) and once as webhookHandler (a WHATWG Request made from the node request, as
// @hono/node-server or Next.js do). What the provider saw is read from the sandbox's own log (sb.callbacks():
// the status and body our route answered), what the application saw from onCallback. The bodies are made by
// the sandbox (its own Unipesa signature code, js/sandbox/lib/unipesa-signature.js), never by payrail.
// The same again with each provider's own entry (payrail/<provider>, whose bundle has only that provider's
// webhook rules: js/webhook-rules.js), and crossed: a client of one provider entry served by the handler of
// another (the rules come with the client).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Unipesa, MtnMomo, CinetPay, ViralPay, AliansPay, nodeWebhookHandler, webhookHandler } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const CLASSES = { unipesa: 'Unipesa', momo: 'MtnMomo', cinetpay: 'CinetPay', viralpay: 'ViralPay', alianspay: 'AliansPay' };
const PROVIDER_ENTRIES = Object.fromEntries(
  await Promise.all(Object.keys(CLASSES).map(async (p) => [p, await import(`../../pkg/${p}/node.js`)])),
);
/** The provider after `p` in CLASSES (the last one's is the first): whose entry's handler serves p's client, crossed. */
const nextOf = (p) => {
  const all = Object.keys(CLASSES);
  return all[(all.indexOf(p) + 1) % all.length];
};
const MODES = {
  node: 'nodeWebhookHandler (node:http)',
  whatwg: 'webhookHandler (WHATWG Request)',
  entries: "each provider's entry (payrail/<provider>): its client and its nodeWebhookHandler",
  crossed: "a provider entry's client served by another provider entry's webhookHandler",
};

/** Serves a WHATWG handler from node:http: the request's raw bytes become a Request, its Response is written. */
function servedAsFetch(handler) {
  return async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const hasBody = !['GET', 'HEAD'].includes(req.method);
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
      body: hasBody ? Buffer.concat(chunks) : undefined,
    });
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}

/**
 * A server whose first path segment picks the provider's route; `received[provider]` holds what onCallback got,
 * `errors[provider]` what onError was told. `failNext(provider)` makes its onCallback throw once.
 */
async function startRoutes(sb, mode) {
  const received = {};
  const errors = {};
  const failing = new Set();
  const all = { Unipesa, MtnMomo, CinetPay, ViralPay, AliansPay, nodeWebhookHandler, webhookHandler };
  // Where each provider's client class and handler come from: the all-in-one entry, or the provider entries.
  const entryOf = (p) => (mode === 'entries' || mode === 'crossed' ? PROVIDER_ENTRIES[p] : all);
  const clients = Object.fromEntries(
    Object.entries(CLASSES).map(([p, cls]) => [p, new (entryOf(p)[cls])({ ...sb.credentials[p], baseUrl: sb.baseUrls[p] })]),
  );
  const routes = {};
  for (const [provider, client] of Object.entries(clients)) {
    received[provider] = [];
    errors[provider] = [];
    const opts = {
      onCallback: async (cb, context) => {
        assert.equal(context.provider, provider);
        assert.ok(context.request instanceof Request, 'the context carries a WHATWG Request');
        if (failing.delete(provider)) throw new Error('database down');
        received[provider].push(cb);
      },
      onError: (e, ctx) => errors[provider].push({ name: e?.name, code: e?.code, status: ctx.status }),
    };
    if (mode === 'crossed') routes[provider] = servedAsFetch(entryOf(nextOf(provider)).webhookHandler(client, opts));
    else if (mode === 'node' || mode === 'entries') routes[provider] = entryOf(provider).nodeWebhookHandler(client, opts);
    else routes[provider] = servedAsFetch(entryOf(provider).webhookHandler(client, opts));
  }
  const server = http.createServer((req, res) => {
    const route = routes[req.url.split('/')[1]];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    clients,
    received,
    errors,
    failNext: (provider) => failing.add(provider),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

for (const [mode, title] of Object.entries(MODES)) {
  describe(`${title}: the sandbox's callbacks`, () => {
    let sb;
    let r;
    before(async () => {
      sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 });
      r = await startRoutes(sb, mode);
    });
    after(async () => {
      await r.close();
      await sb.close();
    });

    /** The sandbox's deliveries of `reference`'s callback once `count` of them have been answered. */
    async function delivered(provider, reference, count) {
      const deadline = Date.now() + 5000;
      for (;;) {
        const done = sb.callbacks().filter((c) => c.provider === provider && c.reference === reference && (c.status !== null || c.error));
        if (done.length >= count) return done;
        if (Date.now() > deadline) assert.fail(`${provider} ${reference}: ${done.length} of ${count} callbacks answered`);
        await sleep(10);
      }
    }
    const answers = (deliveries) => deliveries.map((d) => [d.status, JSON.parse(d.responseBody)]);
    const of = (provider, reference) => r.received[provider].filter((cb) => cb.reference === reference);

    test('Unipesa: a signed callback reaches onCallback once, verified; a second delivery is a duplicate', async () => {
      const tx = await r.clients.unipesa.collect({ amount: 1500, currency: 'XOF', phone: '2250705145655', providerId: 9197, callbackUrl: `${r.base}/unipesa/cb`, extra: { otp: '5647' } });
      assert.deepEqual(answers(await delivered('unipesa', tx.reference, 1)), [[200, { received: true }]]);
      const [cb] = of('unipesa', tx.reference);
      assert.deepEqual([cb.status, cb.verified, cb.amount, cb.operation], ['success', true, '1500', 'payment_c2b']);
      // The same callback again (Unipesa re-sends when it doubts the first was received): answered 200, not handled.
      assert.equal(sb.triggerCallback('unipesa', tx.reference), true);
      assert.deepEqual(answers(await delivered('unipesa', tx.reference, 2))[1], [200, { received: true, duplicate: true }]);
      assert.equal(of('unipesa', tx.reference).length, 1);
    });

    test('Unipesa: a forged callback is answered 401 and never reaches onCallback', async () => {
      const tx = await r.clients.unipesa.collect({ amount: '100', currency: 'KES', phone: '254700000003', providerId: 14, callbackUrl: `${r.base}/unipesa/cb` });
      const errorsBefore = r.errors.unipesa.length;
      sb.triggerCallback('unipesa', tx.reference, { fault: 'forged-callback' });
      const [d] = await delivered('unipesa', tx.reference, 1);
      assert.deepEqual([d.fault, d.status, JSON.parse(d.responseBody)], ['forged-callback', 401, { error: 'signature_mismatch' }]);
      assert.equal(of('unipesa', tx.reference).length, 0);
      assert.deepEqual(r.errors.unipesa.slice(errorsBefore), [{ name: 'SignatureError', code: 'signature_mismatch', status: 401 }]);
      // The genuine callback of the same operation still goes through.
      sb.triggerCallback('unipesa', tx.reference);
      assert.equal((await delivered('unipesa', tx.reference, 2))[1].status, 200);
      assert.deepEqual(of('unipesa', tx.reference).map((cb) => cb.status), ['pending']);
    });

    test('Unipesa: a callback delivered twice at once (duplicate-callback) reaches onCallback once', async () => {
      sb.injectFault({ provider: 'unipesa', path: '/payment_c2b', fault: 'duplicate-callback' });
      const tx = await r.clients.unipesa.collect({ amount: 1200, currency: 'XOF', phone: '2250705145656', providerId: 9197, callbackUrl: `${r.base}/unipesa/cb`, extra: { otp: '5647' } });
      const deliveries = await delivered('unipesa', tx.reference, 2);
      assert.deepEqual(deliveries.map((d) => d.status), [200, 200]);
      assert.deepEqual(deliveries.map((d) => JSON.parse(d.responseBody).duplicate ?? false).sort(), [false, true]);
      assert.equal(of('unipesa', tx.reference).length, 1);
    });

    test('Unipesa: onCallback failing is answered 500 and not remembered, so the next delivery is handled', async () => {
      const tx = await r.clients.unipesa.collect({ amount: '100', currency: 'KES', phone: '254700000001', providerId: 14, callbackUrl: `${r.base}/unipesa/cb` });
      r.failNext('unipesa');
      sb.triggerCallback('unipesa', tx.reference);
      const [first] = await delivered('unipesa', tx.reference, 1);
      assert.deepEqual([first.status, JSON.parse(first.responseBody)], [500, { error: 'callback_handler_failed' }]);
      assert.equal(of('unipesa', tx.reference).length, 0);
      sb.triggerCallback('unipesa', tx.reference);
      assert.deepEqual(answers(await delivered('unipesa', tx.reference, 2))[1], [200, { received: true }]);
      assert.equal(of('unipesa', tx.reference).length, 1);
    });

    test('MoMo: the callback by PUT, the reference from the path; again by POST: a duplicate', async () => {
      const reference = randomUUID();
      await r.clients.momo.collect({ amount: '9', currency: 'EUR', phone: '46733000021', reference, callbackUrl: `${r.base}/momo/${reference}` });
      const [put] = await delivered('momo', reference, 1);
      assert.deepEqual([put.method, put.status, JSON.parse(put.responseBody)], ['PUT', 200, { received: true }]);
      const [cb] = of('momo', reference);
      assert.deepEqual([cb.reference, cb.status, cb.verified, cb.amount], [reference, 'success', true, '9']);
      assert.match(cb.transactionId, /^\d+$/);
      sb.triggerCallback('momo', reference, { method: 'POST' });
      const post = (await delivered('momo', reference, 2))[1];
      assert.deepEqual([post.method, post.status, JSON.parse(post.responseBody)], ['POST', 200, { received: true, duplicate: true }]);
      assert.equal(of('momo', reference).length, 1);
    });

    test('MoMo: the reference and kind from the query; a failed transfer is delivered as failed', async () => {
      const reference = randomUUID();
      await r.clients.momo.payout({ amount: '7', currency: 'EUR', phone: '46733123451', reference, callbackUrl: `${r.base}/momo/transfers?reference=${reference}&kind=transfer` });
      assert.equal((await delivered('momo', reference, 1))[0].status, 200);
      const [cb] = of('momo', reference);
      assert.deepEqual([cb.status, cb.reason, cb.providerStatus, cb.verified], ['failed', 'rejected', 'FAILED', true]);
    });

    test('MoMo: a forged callback (the opposite outcome, a larger amount) is answered 401, never handled', async () => {
      const reference = randomUUID();
      sb.injectFault({ provider: 'momo', path: '/requesttopay', fault: 'forged-callback' });
      await r.clients.momo.collect({ amount: '9', currency: 'EUR', phone: '46733000022', reference, callbackUrl: `${r.base}/momo/${reference}` });
      const [d] = await delivered('momo', reference, 1);
      assert.equal(JSON.parse(d.body).status, 'FAILED', 'the sandbox forged a failure of a successful payment');
      assert.deepEqual([d.status, JSON.parse(d.responseBody)], [401, { error: 'signature_mismatch' }]);
      assert.equal(of('momo', reference).length, 0);
    });

    test('MoMo: a callback without a reference in its URL is answered 400 naming `reference`', async () => {
      const reference = randomUUID();
      await r.clients.momo.collect({ amount: '9', currency: 'EUR', phone: '46733000023', reference });
      await sleep(60);
      sb.triggerCallback('momo', reference, { url: `${r.base}/momo/callback` });
      const [d] = await delivered('momo', reference, 1);
      assert.deepEqual([d.status, JSON.parse(d.responseBody)], [400, { error: 'validation_error', field: 'reference' }]);
    });

    test('CinetPay: the liveness GET (and an empty POST) is answered 200 OK without onCallback', async () => {
      const before = r.received.cinetpay.length;
      const get = await fetch(`${r.base}/cinetpay/notify`);
      assert.deepEqual([get.status, await get.text()], [200, 'OK']);
      const empty = await fetch(`${r.base}/cinetpay/notify`, { method: 'POST', body: '' });
      assert.deepEqual([empty.status, await empty.text()], [200, 'OK']);
      assert.equal(r.received.cinetpay.length, before);
    });

    test('CinetPay: a notification is confirmed with check/money and handled once, however often it comes', async () => {
      sb.injectFault({ provider: 'cinetpay', path: '/money/send', fault: 'duplicate-callback' });
      const tx = await r.clients.cinetpay.payout({ amount: 500, phone: '+2250707000101', callbackUrl: `${r.base}/cinetpay/notify`, name: 'Awa', surname: 'Koné', email: 'awa@example.com' });
      const deliveries = await delivered('cinetpay', tx.reference, 2);
      assert.deepEqual(deliveries.map((d) => d.status), [200, 200]);
      const cbs = of('cinetpay', tx.reference);
      assert.equal(cbs.length, 1);
      assert.deepEqual([cbs[0].status, cbs[0].verified, cbs[0].providerStatus], ['success', true, 'VAL']);
    });

    test('ViralPAY: a notification is confirmed and handled; a forged one is answered 401', async () => {
      const tx = await r.clients.viralpay.collect({ amount: 200, currency: 'XOF', phone: '0757230420', country: 'sn', operator: 'wave', lang: 'en', callbackUrl: `${r.base}/viralpay/notify` });
      assert.equal((await delivered('viralpay', tx.reference, 1))[0].status, 200);
      assert.deepEqual(of('viralpay', tx.reference).map((cb) => [cb.status, cb.verified]), [['success', true]]);
      sb.injectFault({ provider: 'viralpay', path: '/v1/payments', fault: 'forged-callback' });
      const forged = await r.clients.viralpay.collect({ amount: 100, currency: 'XOF', phone: '221770000003', country: 'sn', callbackUrl: `${r.base}/viralpay/notify` });
      const [d] = await delivered('viralpay', forged.reference, 1);
      assert.deepEqual([d.status, JSON.parse(d.responseBody)], [401, { error: 'signature_mismatch' }]);
      assert.equal(of('viralpay', forged.reference).length, 0);
    });

    test('AliansPay: a callback is confirmed and handled; a forged one is answered 401', async () => {
      const tx = await r.clients.alianspay.collect({ moyenPayment: 'OM', amount: 1500, currency: 'XAF', phone: '+237 696 98 56 98', callbackUrl: `${r.base}/alianspay/cb` });
      assert.equal((await delivered('alianspay', tx.reference, 1))[0].status, 200);
      assert.deepEqual(of('alianspay', tx.reference).map((cb) => [cb.status, cb.verified, cb.amount]), [['success', true, '1500']]);
      sb.injectFault({ provider: 'alianspay', path: '/api/v1/collection', fault: 'forged-callback' });
      const forged = await r.clients.alianspay.collect({ moyenPayment: 'OM', amount: 700, currency: 'XAF', phone: '237696985693', callbackUrl: `${r.base}/alianspay/cb` });
      const [d] = await delivered('alianspay', forged.reference, 1);
      assert.equal(d.status, 401);
      assert.equal(of('alianspay', forged.reference).length, 0);
    });
  });
}
