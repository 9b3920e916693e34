// examples/cloudflare-worker in the real workerd (npm miniflare), configured from its wrangler.toml (main,
// compatibility_date, the KV binding) and bundled as wrangler bundles it (esbuild, conditions workerd/worker/
// browser, the .wasm left as a CompiledWasm module). Miniflare listens on 127.0.0.1, so the sandbox's callbacks
// reach the Worker's webhook routes; MoMo's token and the webhook dedupe live in the (local) KV namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { startSandbox } from '../../js/sandbox/index.js';
import { EXAMPLES, PKG, checkExample, linkPayrail, sandboxEnv } from './support.mjs';

const DIR = join(EXAMPLES, 'cloudflare-worker');

/** The three settings of wrangler.toml this Worker needs (a line-based read: the file is written plainly). */
function wranglerConfig() {
  const text = readFileSync(join(DIR, 'wrangler.toml'), 'utf8');
  const value = (key) => new RegExp(`^${key}\\s*=\\s*"([^"]+)"`, 'm').exec(text)?.[1];
  const kv = [...text.matchAll(/^\[\[kv_namespaces\]\]\s*\nbinding\s*=\s*"([^"]+)"/gm)].map((m) => m[1]);
  const vars = Object.fromEntries([...(/^\[vars\]\n([\s\S]*?)(?:\n\[|$)/m.exec(text)?.[1] ?? '').matchAll(/^(\w+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1], m[2]]));
  return { main: value('main'), compatibilityDate: value('compatibility_date'), kv, vars };
}

test('examples/cloudflare-worker in workerd: collect, signed and forged callbacks, MoMo by PUT, bad input', { timeout: 60_000 }, async () => {
  const config = wranglerConfig();
  assert.deepEqual([config.main, config.kv], ['src/index.js', ['PAYRAIL_KV']]);
  linkPayrail('cloudflare-worker');
  const out = mkdtempSync(join(tmpdir(), 'payrail-worker-'));
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: DIR,
    entryPoints: [join(DIR, config.main)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['*.wasm'],
    outfile: join(out, 'index.js'),
    logLevel: 'silent',
  });
  copyFileSync(join(PKG, 'payrail_bg.wasm'), join(out, 'payrail_bg.wasm'));

  const sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 });
  const mf = new Miniflare({
    modulesRoot: out,
    modules: [
      { type: 'ESModule', path: join(out, 'index.js') },
      { type: 'CompiledWasm', path: join(out, 'payrail_bg.wasm') },
    ],
    compatibilityDate: config.compatibilityDate,
    kvNamespaces: config.kv,
    bindings: { ...config.vars, ...sandboxEnv(sb) },
    host: '127.0.0.1',
    port: 0,
    cf: false, // no request.cf fetch from workers.cloudflare.com: network only to 127.0.0.1
  });
  try {
    const url = await mf.ready;
    await checkExample(sb, url.origin, '', 'cloudflare-worker');
    // MoMo's token went through the KV store (one login), keyed without a secret.
    const kv = await mf.getKVNamespace('PAYRAIL_KV');
    const keys = (await kv.list()).keys.map((k) => k.name);
    assert.ok(keys.some((k) => k.startsWith('payrail:momo:sandbox:')), keys.join(', '));
    assert.ok(keys.some((k) => k.startsWith('payrail:webhook:unipesa:')), 'the handled callbacks are remembered in KV');
    assert.ok(!keys.join(' ').includes(sb.credentials.momo.apiKey));
  } finally {
    await sb.close();
    await mf.dispose().catch(() => {});
    rmSync(out, { recursive: true, force: true });
  }
});
