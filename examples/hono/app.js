// payrail with Hono. The webhook routes hand Hono's raw WHATWG Request to payrail's webhookHandler, so the same
// app runs on Node (server.js), Bun, Deno or a Worker. Routes: POST /pay/unipesa, POST /pay/momo,
// POST /webhooks/unipesa, PUT|POST /webhooks/momo/:reference, GET /orders/:reference.
import { Hono } from 'hono';
import { MtnMomo, PayrailError, Unipesa, webhookHandler } from 'payrail';

/** The app for `env` (credentials, and `publicUrl`: where the providers reach this app). */
export function createApp(env) {
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
  });

  const orders = new Map(); // your database
  const onCallback = async (cb) => {
    orders.set(cb.reference, { status: cb.status, reason: cb.reason, verified: cb.verified, amount: cb.amount });
  };
  const unipesaHook = webhookHandler(unipesa, { onCallback });
  // MoMo's reference is the URL's last segment (a UUID), where the collect below put it.
  const momoHook = webhookHandler(momo, { onCallback });

  const app = new Hono();
  app.post('/webhooks/unipesa', (c) => unipesaHook(c.req.raw));
  app.on(['PUT', 'POST'], '/webhooks/momo/:reference', (c) => momoHook(c.req.raw));

  const collect = (client, callbackUrl) => async (c) => {
    try {
      const reference = crypto.randomUUID();
      const tx = await client.collect({ ...(await c.req.json()), reference, callbackUrl: callbackUrl(reference) });
      orders.set(tx.reference, { status: tx.status });
      return c.json({ reference: tx.reference, status: tx.status }, 201);
    } catch (e) {
      if (!(e instanceof PayrailError)) throw e;
      return c.json({ code: e.code, field: e.field, outcome: e.outcome, reference: e.reference }, e.category === 'validation' ? 400 : 502);
    }
  };
  app.post('/pay/unipesa', collect(unipesa, () => `${env.publicUrl}/webhooks/unipesa`));
  app.post('/pay/momo', collect(momo, (reference) => `${env.publicUrl}/webhooks/momo/${reference}`));
  app.get('/orders/:reference', (c) => {
    const order = orders.get(c.req.param('reference'));
    return order ? c.json(order) : c.json({ error: 'unknown order' }, 404);
  });
  return app;
}
