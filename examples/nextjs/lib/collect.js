import { PayrailError } from 'payrail';
import { orders, payrail, publicUrl } from './payrail.js';

/** A route handler that collects with payrail()[provider], the callback URL made by `callbackPath(reference)`. */
export const collectRoute = (provider, callbackPath) => async (request) => {
  try {
    const reference = crypto.randomUUID();
    const body = await request.json();
    const tx = await payrail()[provider].collect({ ...body, reference, callbackUrl: publicUrl(request) + callbackPath(reference) });
    orders.set(tx.reference, { status: tx.status });
    return Response.json({ reference: tx.reference, status: tx.status }, { status: 201 });
  } catch (e) {
    if (!(e instanceof PayrailError)) throw e;
    return Response.json({ code: e.code, field: e.field, outcome: e.outcome, reference: e.reference }, { status: e.category === 'validation' ? 400 : 502 });
  }
};
