import { orders } from '../../../../lib/payrail.js';

export async function GET(_request, { params }) {
  const order = orders.get((await params).reference);
  return order ? Response.json(order) : Response.json({ error: 'unknown order' }, { status: 404 });
}
