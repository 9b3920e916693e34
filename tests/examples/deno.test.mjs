// examples/deno run by Deno (npm's binary), as a user runs it: `deno run --allow-net --allow-env main.js` (no
// --allow-read: the package's Deno entry has its wasm inlined), payrail from the example's node_modules
// (package.json present: Deno resolves npm packages there).
import { test } from 'node:test';
import { join } from 'node:path';
import { startSandbox } from '../../js/sandbox/index.js';
import { denoBinary } from '../runtimes/support/harness.mjs';
import { EXAMPLES, checkExample, linkPayrail, sandboxEnv, startProcess } from './support.mjs';

test('examples/deno (Deno.serve): collect, signed and forged callbacks, MoMo by PUT, bad input', { timeout: 60_000 }, async () => {
  linkPayrail('deno');
  const deno = denoBinary();
  const sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 });
  const app = await startProcess(deno.path, ['run', '--allow-net', '--allow-env', 'main.js'], {
    cwd: join(EXAMPLES, 'deno'),
    // No update check, no telemetry: Deno talks to 127.0.0.1 only.
    env: { ...sandboxEnv(sb), PORT: '0', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', NO_COLOR: '1' },
  });
  try {
    await checkExample(sb, app.url, '', 'deno');
  } finally {
    await app.stop();
    await sb.close();
  }
});
