// The clients and the webhook handlers, made on the first request of a server process (not at import: `next
// build` imports every route, without the secrets) and kept. Credentials from the environment (.env.local, or
// the host's settings; see ../../README.md).
import { MtnMomo, Unipesa, webhookHandler } from 'payrail';

/** Your database: one map for every route of this process. */
export const orders = (globalThis.payrailExampleOrders ??= new Map());

let made;
export function payrail() {
  if (made) return made;
  const env = process.env;
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
  const onCallback = async (cb) => {
    orders.set(cb.reference, { status: cb.status, reason: cb.reason, verified: cb.verified, amount: cb.amount });
  };
  made = {
    unipesa,
    momo,
    unipesaWebhook: webhookHandler(unipesa, { onCallback }),
    momoWebhook: webhookHandler(momo, { onCallback }), // the reference: the URL's last segment
  };
  return made;
}

/** Where the providers reach this app. */
export const publicUrl = (request) => process.env.PUBLIC_URL ?? new URL(request.url).origin;
