// payrail with Express: POST /pay/unipesa and POST /pay/momo start a collection; the providers' callbacks come
// back to /webhooks/unipesa (signed: verified) and /webhooks/momo/<reference> (unsigned: confirmed by a status
// read); GET /orders/<reference> shows what the webhooks recorded. Credentials come from the environment
// (see ../README.md); against the local sandbox, `npx payrail-sandbox` prints them.
import express from 'express';
import { randomUUID } from 'node:crypto';
import { MtnMomo, PayrailError, Unipesa, nodeWebhookHandler } from 'payrail';

const env = process.env;
const unipesa = new Unipesa({
  publicId: env.UNIPESA_PUBLIC_ID,
  merchantId: env.UNIPESA_MERCHANT_ID,
  secretKey: env.UNIPESA_SECRET_KEY,
  baseUrl: env.UNIPESA_BASE_URL, // the sandbox's, or omit for Unipesa's own host
});
const momo = new MtnMomo({
  subscriptionKey: env.MOMO_SUBSCRIPTION_KEY,
  apiUser: env.MOMO_API_USER,
  apiKey: env.MOMO_API_KEY,
  targetEnvironment: env.MOMO_TARGET_ENVIRONMENT ?? 'sandbox',
  baseUrl: env.MOMO_BASE_URL,
});

// Your database. onCallback runs once per distinct callback; answer only after it is stored.
const orders = new Map();
const onCallback = async (cb) => {
  orders.set(cb.reference, { status: cb.status, reason: cb.reason, verified: cb.verified, amount: cb.amount });
};

const app = express();
// Webhook routes first: they read the raw body themselves (a JSON parser would lose the signed bytes).
app.post('/webhooks/unipesa', nodeWebhookHandler(unipesa, { onCallback }));
// MTN calls back by PUT or POST, with no reference in the body: it is the last segment of the URL we gave.
app.all('/webhooks/momo/:reference', nodeWebhookHandler(momo, { onCallback }));

app.use(express.json());
const publicUrl = () => env.PUBLIC_URL ?? `http://localhost:${server.address().port}`;

app.post('/pay/unipesa', async (req, res) => {
  try {
    const tx = await unipesa.collect({ ...req.body, callbackUrl: `${publicUrl()}/webhooks/unipesa` });
    orders.set(tx.reference, { status: tx.status });
    res.status(201).json({ reference: tx.reference, status: tx.status });
  } catch (e) {
    fail(res, e);
  }
});

app.post('/pay/momo', async (req, res) => {
  try {
    const reference = randomUUID(); // MoMo's X-Reference-Id, also the last segment of the callback URL
    const tx = await momo.collect({ ...req.body, reference, callbackUrl: `${publicUrl()}/webhooks/momo/${reference}` });
    orders.set(tx.reference, { status: tx.status });
    res.status(201).json({ reference: tx.reference, status: tx.status });
  } catch (e) {
    fail(res, e);
  }
});

app.get('/orders/:reference', (req, res) => {
  const order = orders.get(req.params.reference);
  if (order) res.json(order);
  else res.status(404).json({ error: 'unknown order' });
});

/** A PayrailError names the field and the rule, never a secret; its outcome says whether money may have moved. */
function fail(res, e) {
  if (!(e instanceof PayrailError)) throw e;
  res.status(e.category === 'validation' ? 400 : 502).json({ code: e.code, field: e.field, outcome: e.outcome, reference: e.reference, message: e.message });
}

const server = app.listen(Number(env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
