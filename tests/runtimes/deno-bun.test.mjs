// Deno and Bun, from their npm packages: a consumer project's script imports the bare `payrail`; Deno resolves
// it from node_modules (package.json present: "bring your own node_modules") with its `deno` condition, Bun with
// its `bun` condition. Each makes a real collect against the sandbox on 127.0.0.1 through its own fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandbox } from '../../js/sandbox/index.js';
import { EXPORTS, PKG, ROOT, bunBinary, checkProbe, denoBinary, elapsed, makeConsumer, probeInput, runScript, writeIn, writeInput } from './support/harness.mjs';

let consumer;
before(() => { consumer = makeConsumer('deno-bun'); });
after(() => consumer.cleanup());

// As in node.test.mjs: loading the package must not draw random numbers.
const MAIN = `
const getRandomValues = globalThis.crypto.getRandomValues;
globalThis.crypto.getRandomValues = () => { throw new Error('random number drawn at import time'); };
const payrail = await import('payrail');
globalThis.crypto.getRandomValues = getRandomValues;
const { probe } = await import('./probe.mjs');
const out = await probe(payrail, (await import('./input.json', { with: { type: 'json' } })).default);
out.entry = import.meta.resolve('payrail');
out.runtime = globalThis.Deno ? 'deno ' + Deno.version.deno : globalThis.Bun ? 'bun ' + Bun.version : 'other';
console.log('RESULT ' + JSON.stringify(out));
`;

const runtimes = [
  {
    label: 'Deno (exports: deno)',
    binary: denoBinary,
    // Least privilege: talk to 127.0.0.1 only. No --allow-read: the Deno entry has its wasm inlined (the probe's
    // input is a JSON module import, which needs no permission either).
    args: () => ['run', '--quiet', '--allow-net=127.0.0.1', 'main.mjs'],
    condition: 'deno',
    runtime: /^deno 2\./,
  },
  {
    label: 'Bun (exports: bun)',
    binary: bunBinary,
    args: () => ['run', 'main.mjs'],
    condition: 'bun',
    runtime: /^bun 1\./,
  },
];

for (const rt of runtimes) {
  test(`${rt.label}: Unipesa and MoMo collect on the sandbox, helpers on vectors, typed errors`, { timeout: 45_000 }, async (t) => {
    const start = performance.now();
    const { path, version } = rt.binary();
    const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
    try {
      writeInput(consumer.dir, probeInput(sb));
      writeIn(consumer.dir, 'main.mjs', MAIN);
      const result = await runScript(path, rt.args(), { cwd: consumer.dir, timeoutMs: 40_000 });
      assert.match(result.runtime, rt.runtime);
      assert.equal(result.entry, pathToFileURL(join(PKG, EXPORTS[rt.condition])).href, `the exports map's ${rt.condition} condition chose this entry`);
      await checkProbe(result, sb, rt.label);
    } finally {
      await sb.close();
    }
    t.diagnostic(`${rt.label} [${version}, ${relative(ROOT, path)}]: ${elapsed(start)} ms`);
  });
}
