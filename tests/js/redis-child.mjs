// One process of the Redis fleet test (tests/js/redis.test.mjs): an MtnMomo client whose tokenStore is a
// redisTokenStore on its own connection. It says "ready", waits for "go" on stdin (so the processes start their
// call together), collects once and prints the result as one JSON line.
import { MtnMomo, redisTokenStore } from '../../pkg/node.js';
import { connect } from './redis-support.mjs';

const { flavor, url, momo, phone } = JSON.parse(process.argv[2]);
const { client, quit } = await connect(flavor, url);
const m = new MtnMomo({ ...momo, tokenStore: redisTokenStore(client) });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
try {
  const tx = await m.collect({ amount: '3', currency: 'EUR', phone });
  process.stdout.write(JSON.stringify({ reference: tx.reference, status: tx.status }) + '\n');
} finally {
  process.stdin.destroy();
  await quit();
}
