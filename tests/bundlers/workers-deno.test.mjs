// Cloudflare Workers and Deno, from the packed package.
// - A Worker built by wrangler itself (`wrangler deploy --dry-run --outdir dist`: its default esbuild config, its
//   default module rules, a .wasm import becoming a CompiledWasm module), then run as built in workerd (miniflare).
// - Deno running a provider entry with exactly the permissions README.md documents: none for payrail itself, only
//   --allow-net=127.0.0.1 for the app's own calls to the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { startSandbox } from '../../js/sandbox/index.js';
import { bin, checkInput, checkResult, denoBinary, elapsed, importLines, installPacked, listFiles, run, runScript, writeApp } from './support.mjs';

let consumer;
before(async () => { consumer = await installPacked('workers-deno'); });
after(() => consumer?.cleanup());

const COMPATIBILITY_DATE = '2026-04-01';
const WORKER = { provider: 'momo', entry: 'payrail/momo', cryptoEntry: 'payrail/crypto', rel: '../' };

test('wrangler deploy --dry-run (default build) then workerd: the Worker collects on the sandbox, signs, types its errors', { timeout: 150_000 }, async (t) => {
  const start = performance.now();
  const dir = writeApp(join(consumer.dir, 'worker'), {
    'wrangler.toml': `name = "payrail-bundler-test"\nmain = "src/index.js"\ncompatibility_date = "${COMPATIBILITY_DATE}"\n`,
    'src/index.js': `${importLines(WORKER)}\nexport default {\n  async fetch(request) {\n    return Response.json(await check(api, await request.json()));\n  },\n};\n`,
  });
  // Offline: no metrics, no update check (the banner's), nothing sent to Cloudflare by a dry run.
  const env = { WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CI: 'true', WRANGLER_LOG_PATH: join(dir, '.wrangler-logs') };
  await run(bin('wrangler'), ['deploy', '--dry-run', '--outdir', 'dist'], { cwd: dir, env, timeoutMs: 60_000 });
  const files = listFiles(join(dir, 'dist'));
  t.diagnostic(`wrangler: built in ${elapsed(start)} ms: ${JSON.stringify(files)}`);
  const modules = files.filter((f) => /\.(m?js|wasm)$/.test(f.file)).map((f) => ({ type: f.file.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path: join(dir, 'dist', f.file) }));
  // The entry module first (miniflare's main module).
  modules.sort((a, b) => (a.path.endsWith('/index.js') ? -1 : b.path.endsWith('/index.js') ? 1 : 0));
  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  const mf = new Miniflare({ modulesRoot: join(dir, 'dist'), modules, compatibilityDate: COMPATIBILITY_DATE, cf: false });
  try {
    const res = await mf.dispatchFetch('http://worker.test/', { method: 'POST', body: JSON.stringify(checkInput(sb, WORKER.provider)) });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const result = JSON.parse(text);
    t.diagnostic(`wrangler: conditions ${JSON.stringify(result.conditions)}`);
    checkResult(result, sb, WORKER.provider, 'wrangler+workerd', { lazy: false });
  } finally {
    await sb.close();
    await mf.dispose().catch(() => {});
  }
  t.diagnostic(`wrangler: ${elapsed(start)} ms`);
});

// The permissions README.md documents for Deno (payrail's own need: none).
export const DENO_PERMISSIONS = [];

test(`Deno, payrail/momo + payrail/crypto with ${DENO_PERMISSIONS.join(' ') || 'no permission'} (+ --allow-net=127.0.0.1 for the sandbox): collect, sign, typed errors`, { timeout: 120_000 }, async (t) => {
  const start = performance.now();
  const { path, version } = denoBinary();
  const app = { provider: 'momo', entry: 'payrail/momo', cryptoEntry: 'payrail/crypto' };
  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  try {
    const dir = writeApp(join(consumer.dir, 'deno'), {
      'input.json': JSON.stringify(checkInput(sb, app.provider)),
      'main.mjs': `${importLines(app)}\nimport input from './input.json' with { type: 'json' };\nconst out = await check(api, input);\nout.entry = import.meta.resolve(${JSON.stringify(app.entry)});\nconsole.log('RESULT ' + JSON.stringify(out));\n`,
    });
    const result = await runScript(path, ['run', '--quiet', '--no-prompt', ...DENO_PERMISSIONS, '--allow-net=127.0.0.1', 'main.mjs'], { cwd: dir, timeoutMs: 40_000 });
    t.diagnostic(`deno ${version}: ${result.entry}; conditions ${JSON.stringify(result.conditions)}`);
    checkResult(result, sb, app.provider, 'deno', { lazy: false });
  } finally {
    await sb.close();
  }
  t.diagnostic(`deno: ${elapsed(start)} ms`);
});
