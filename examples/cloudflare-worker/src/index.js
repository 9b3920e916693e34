// payrail in a Cloudflare Worker. Routes: POST /pay/unipesa, POST /pay/momo, POST /webhooks/unipesa,
// PUT|POST /webhooks/momo/<reference>, GET /orders/<reference>. The clients are made on the first request of an
// isolate (the environment is known only then; workerd allows no random numbers at start-up) and kept for the
// next ones. Workers KV holds MoMo's access token for every isolate, the callbacks already handled (dedupe), and
// the orders (your database would).
import { MtnMomo, PayrailError, Unipesa, webhookHandler, workersKvTokenStore } from 'payrail';

let app;

function build(env) {
  const kv = workersKvTokenStore(env.PAYRAIL_KV);
  const unipesa = new Unipesa({
    publicId: env.UNIPESA_PUBLIC_ID,
    merchantId: env.UNIPESA_MERCHANT_ID,
    secretKey: env.UNIPESA_SECRET_KEY,
    baseUrl: env.UNIPESA_BASE_URL,
  });
  const momo = new MtnMomo({
    subscriptionKey: env.MOMO_SUBSCRIPTION_KEY,
    apiUser: env.MOMO_API_USER,
    apiKey: env.MOMO_API_KEY,
    targetEnvironment: env.MOMO_TARGET_ENVIRONMENT ?? 'sandbox',
    baseUrl: env.MOMO_BASE_URL,
    tokenStore: kv,
  });
  const onCallback = (cb) =>
    env.PAYRAIL_KV.put(`order:${cb.reference}`, JSON.stringify({ status: cb.status, reason: cb.reason, verified: cb.verified, amount: cb.amount }));
  return {
    unipesa,
    momo,
    unipesaHook: webhookHandler(unipesa, { onCallback, dedupe: kv }),
    momoHook: webhookHandler(momo, { onCallback, dedupe: kv }), // the reference: the URL's last segment
  };
}

async function collect(env, client, request, callbackUrl) {
  try {
    const reference = crypto.randomUUID();
    const tx = await client.collect({ ...(await request.json()), reference, callbackUrl: callbackUrl(reference) });
    await env.PAYRAIL_KV.put(`order:${tx.reference}`, JSON.stringify({ status: tx.status }));
    return Response.json({ reference: tx.reference, status: tx.status }, { status: 201 });
  } catch (e) {
    if (!(e instanceof PayrailError)) throw e;
    return Response.json({ code: e.code, field: e.field, outcome: e.outcome, reference: e.reference }, { status: e.category === 'validation' ? 400 : 502 });
  }
}

export default {
  async fetch(request, env) {
    app ??= build(env);
    const url = new URL(request.url);
    const base = env.PUBLIC_URL ?? url.origin;
    const { pathname } = url;
    if (pathname === '/webhooks/unipesa') return app.unipesaHook(request);
    if (pathname.startsWith('/webhooks/momo/')) return app.momoHook(request);
    if (request.method === 'POST' && pathname === '/pay/unipesa') return collect(env, app.unipesa, request, () => `${base}/webhooks/unipesa`);
    if (request.method === 'POST' && pathname === '/pay/momo') return collect(env, app.momo, request, (ref) => `${base}/webhooks/momo/${ref}`);
    if (pathname.startsWith('/orders/')) {
      const order = await env.PAYRAIL_KV.get(`order:${pathname.slice('/orders/'.length)}`);
      if (order) return new Response(order, { headers: { 'content-type': 'application/json' } });
    }
    return Response.json({ error: 'not found' }, { status: 404 });
  },
};
