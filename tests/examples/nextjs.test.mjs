// examples/nextjs: `next build`, then `next start` on 127.0.0.1, its App Router route handlers being payrail's
// WHATWG webhook handlers (`export const POST = ...`). Next and React are the example's own dependencies
// (examples/nextjs/package-lock.json), installed by scripts/test.sh with `npm ci` before this runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../../js/sandbox/index.js';
import { EXAMPLES, checkExample, freePort, sandboxEnv, startProcess } from './support.mjs';

const DIR = join(EXAMPLES, 'nextjs');
const NEXT = join(DIR, 'node_modules', '.bin', 'next');

test('examples/nextjs (route handlers): collect, signed and forged callbacks, MoMo by PUT, bad input', { timeout: 180_000 }, async () => {
  assert.ok(existsSync(NEXT), 'examples/nextjs/node_modules is missing: run `npm ci` there (scripts/test.sh does)');
  assert.ok(existsSync(join(DIR, 'node_modules', 'payrail', 'package.json')), 'examples/nextjs/node_modules/payrail (file:../../pkg) is missing: build pkg/ first');
  const quiet = { NEXT_TELEMETRY_DISABLED: '1' };
  // The build imports every route without the secrets: the clients are made on the first request.
  const built = spawnSync(NEXT, ['build'], { cwd: DIR, env: { ...process.env, ...quiet }, encoding: 'utf8', timeout: 150_000 });
  assert.equal(built.status, 0, `next build failed:\n${built.stdout}\n${built.stderr}`);
  const sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 });
  const port = await freePort();
  const app = await startProcess(NEXT, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: DIR,
    env: { ...sandboxEnv(sb), ...quiet, PUBLIC_URL: `http://localhost:${port}` },
    ready: /Ready in/,
  }).then((started) => ({ ...started, url: `http://127.0.0.1:${port}` }));
  try {
    await checkExample(sb, app.url, '/api', 'nextjs');
  } finally {
    await app.stop();
    await sb.close();
  }
});
