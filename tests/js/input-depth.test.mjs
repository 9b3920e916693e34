// The depth limit on inputs (32 levels: js/util.js plainInput, and the core's own reader, src/core/input.rs): a
// deeper object is refused with a ValidationError naming the argument, and nothing is sent (issue 16).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AliansPay, ValidationError } from '../../pkg/node.js';

function nested(depth) {
  let v = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

test('a request nested deeper than 32 levels is a ValidationError naming `request`, and nothing is fetched', async () => {
  let fetched = 0;
  const client = new AliansPay({ guid: 'g'.repeat(32), baseUrl: 'http://127.0.0.1:9', fetch: async () => { fetched += 1; return new Response('{}'); } });
  const request = { moyenPayment: 'AP', amount: 100, currency: 'XOF', phone: '221770000000', extra: nested(40) };
  await assert.rejects(client.collect(request), (e) => e instanceof ValidationError && e.field === 'request' && /nested more than 32 levels/.test(e.message));
  assert.equal(fetched, 0);
});
