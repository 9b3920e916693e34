// Next.js, an App Router route handler on the edge runtime (`export const runtime = 'edge'`) importing
// `payrail/momo` and `payrail/crypto`: `next build` (its default bundler, with its edge conditions) must succeed,
// and the route must collect on the sandbox under `next start`. Next and React are examples/nextjs's own install
// (its package-lock.json, `npm ci` there), linked into the app's node_modules next to payrail installed from the
// packed tarball. The app lives under target/bundlers/ (not the OS temp folder) because Turbopack only follows
// links that stay inside its root: the repository.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../../js/sandbox/index.js';
import { ROOT, checkInput, checkResult, elapsed, freePort, importLines, installPacked, run, startProcess, writeApp } from './support.mjs';

const NEXT_MODULES = join(ROOT, 'examples', 'nextjs', 'node_modules');
const NEXT = join(NEXT_MODULES, '.bin', 'next');
const APP = { provider: 'momo', entry: 'payrail/momo', cryptoEntry: 'payrail/crypto', rel: '../../../' };

let consumer;
before(async () => {
  assert.ok(existsSync(NEXT), 'examples/nextjs/node_modules is missing: run `npm ci` there (scripts/test.sh does)');
  consumer = await installPacked('next-edge', { parent: join(ROOT, 'target', 'bundlers') });
  for (const name of readdirSync(NEXT_MODULES)) {
    if (name.startsWith('.') || name === 'payrail') continue;
    symlinkSync(join(NEXT_MODULES, name), join(consumer.dir, 'node_modules', name), 'dir');
  }
});
after(() => consumer?.cleanup());

const ROUTE = `${importLines(APP)}

export const runtime = 'edge';

export async function POST(request) {
  return Response.json(await check(api, await request.json()));
}
`;

// Next 16 builds with Turbopack by default; `next build --webpack` is its documented other bundler.
for (const [bundler, flags] of [['Turbopack', []], ['webpack', ['--webpack']]]) {
  test(`Next.js edge route handler (${bundler}; payrail/momo + payrail/crypto): next build, then the route collects on the sandbox under next start`, { timeout: 180_000 }, async (t) => {
    const start = performance.now();
    const dir = writeApp(consumer.dir, {
      'app/api/check/route.js': ROUTE,
      'next.config.mjs': `export default { turbopack: { root: ${JSON.stringify(ROOT)} }, outputFileTracingRoot: ${JSON.stringify(ROOT)} };\n`,
    });
    const env = { NEXT_TELEMETRY_DISABLED: '1' };
    const built = await run(NEXT, ['build', ...flags], { cwd: dir, env, timeoutMs: 150_000 });
    t.diagnostic(`next build ${bundler}: ${elapsed(start)} ms: ${built.stdout.split('\n').filter((l) => /api\/check|Compiled|Turbopack|webpack/.test(l)).map((l) => l.trim()).join(' | ')}`);
    const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
    const port = await freePort();
    const app = await startProcess(NEXT, ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd: dir, env, ready: /Ready in/ });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(checkInput(sb, APP.provider)) });
      const text = await res.text();
      assert.equal(res.status, 200, `${text}\n${app.output().slice(-3000)}`);
      const result = JSON.parse(text);
      t.diagnostic(`next edge ${bundler}: conditions ${JSON.stringify(result.conditions)}`);
      checkResult(result, sb, APP.provider, `next edge (${bundler})`, { lazy: false });
    } finally {
      await app.stop();
      await sb.close();
    }
    t.diagnostic(`next edge ${bundler}: ${elapsed(start)} ms`);
  });
}
