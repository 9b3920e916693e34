// examples/express run as a user runs it (`node server.js`) against the sandbox.
import { test } from 'node:test';
import { join } from 'node:path';
import { startSandbox } from '../../js/sandbox/index.js';
import { EXAMPLES, checkExample, linkPayrail, sandboxEnv, startProcess } from './support.mjs';

test('examples/express: collect, signed and forged callbacks, MoMo by PUT, bad input', { timeout: 60_000 }, async () => {
  linkPayrail('express');
  const sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 });
  const app = await startProcess(process.execPath, ['server.js'], { cwd: join(EXAMPLES, 'express'), env: { ...sandboxEnv(sb), PORT: '0' } });
  try {
    await checkExample(sb, app.url, '', 'express');
  } finally {
    await app.stop();
    await sb.close();
  }
});
