// payrail on Deno: `Deno.serve` hands each Request to a route; the webhook routes are payrail's WHATWG handlers
// as they are. Run: deno run --allow-net --allow-env main.js (no --allow-read: payrail's Deno entry carries its
// wasm inlined). With this package.json, `npm install` puts payrail in node_modules and Deno uses it.
import { MtnMomo, PayrailError, Unipesa, webhookHandler } from 'payrail';

const env = Deno.env.toObject();
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
const momoHook = webhookHandler(momo, { onCallback }); // the reference: the URL's last segment

let publicUrl;

async function collect(client, request, callbackUrl) {
  try {
    const reference = crypto.randomUUID();
    const tx = await client.collect({ ...(await request.json()), reference, callbackUrl: callbackUrl(reference) });
    orders.set(tx.reference, { status: tx.status });
    return Response.json({ reference: tx.reference, status: tx.status }, { status: 201 });
  } catch (e) {
    if (!(e instanceof PayrailError)) throw e;
    return Response.json({ code: e.code, field: e.field, outcome: e.outcome, reference: e.reference }, { status: e.category === 'validation' ? 400 : 502 });
  }
}

function route(request) {
  const { pathname } = new URL(request.url);
  if (pathname === '/webhooks/unipesa') return unipesaHook(request);
  if (pathname.startsWith('/webhooks/momo/')) return momoHook(request);
  if (request.method === 'POST' && pathname === '/pay/unipesa') return collect(unipesa, request, () => `${publicUrl}/webhooks/unipesa`);
  if (request.method === 'POST' && pathname === '/pay/momo') return collect(momo, request, (ref) => `${publicUrl}/webhooks/momo/${ref}`);
  const order = pathname.startsWith('/orders/') && orders.get(pathname.slice('/orders/'.length));
  return order ? Response.json(order) : Response.json({ error: 'not found' }, { status: 404 });
}

Deno.serve({
  hostname: '127.0.0.1',
  port: Number(env.PORT ?? 3000),
  onListen: ({ port }) => {
    publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
    console.log(`listening on http://127.0.0.1:${port}`);
  },
}, route);
