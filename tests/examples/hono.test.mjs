// examples/hono run as a user runs it (`node server.js`, @hono/node-server) against the sandbox.
import { test } from 'node:test';
import { join } from 'node:path';
import { startSandbox } from '../../js/sandbox/index.js';
import { EXAMPLES, checkExample, linkPayrail, sandboxEnv, startProcess } from './support.mjs';

test('examples/hono: collect, signed and forged callbacks, MoMo by PUT, bad input', { timeout: 60_000 }, async () => {
  linkPayrail('hono');
  const sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 });
  const app = await startProcess(process.execPath, ['server.js'], { cwd: join(EXAMPLES, 'hono'), env: { ...sandboxEnv(sb), PORT: '0' } });
  try {
    await checkExample(sb, app.url, '', 'hono');
  } finally {
    await app.stop();
    await sb.close();
  }
});
