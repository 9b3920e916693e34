// Node 20, ESM and CommonJS: a consumer project imports / requires the bare `payrail`, so Node's resolver picks
// the exports map's `node.import` (node.js) and `node.require` (node.cjs) entries; each makes a real collect
// against the sandbox on 127.0.0.1 through Node's global fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandbox } from '../../js/sandbox/index.js';
import { EXPORTS, PKG, checkProbe, elapsed, makeConsumer, probeInput, runScript, writeIn, writeInput } from './support/harness.mjs';

let consumer;
before(() => { consumer = makeConsumer('node'); });
after(() => consumer.cleanup());

// ESM. The package is imported while crypto.getRandomValues throws: loading must draw no random number (as
// Workers demand); the call afterwards (a fresh UUID order_id) draws them.
const ESM_MAIN = `
const getRandomValues = globalThis.crypto.getRandomValues;
globalThis.crypto.getRandomValues = () => { throw new Error('random number drawn at import time'); };
const payrail = await import('payrail');
globalThis.crypto.getRandomValues = getRandomValues;
const { probe } = await import('./probe.mjs');
const out = await probe(payrail, (await import('./input.json', { with: { type: 'json' } })).default);
out.entry = import.meta.resolve('payrail');
console.log('RESULT ' + JSON.stringify(out));
`;

const CJS_MAIN = `
const payrail = require('payrail');
import('./probe.mjs')
  .then(({ probe }) => probe(payrail, require('./input.json')))
  .then((out) => {
    out.entry = require.resolve('payrail');
    console.log('RESULT ' + JSON.stringify(out));
  })
  .catch((e) => { console.error(e); process.exit(1); });
`;

for (const [label, file, text, expected] of [
  ['Node ESM (exports: node.import)', 'main.mjs', ESM_MAIN, pathToFileURL(join(PKG, EXPORTS.node.import)).href],
  ['Node CJS (exports: node.require)', 'main.cjs', CJS_MAIN, join(PKG, EXPORTS.node.require)],
]) {
  test(`${label}: Unipesa and MoMo collect on the sandbox, helpers on vectors, typed errors`, { timeout: 30_000 }, async (t) => {
    const start = performance.now();
    const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
    try {
      writeInput(consumer.dir, probeInput(sb));
      writeIn(consumer.dir, file, text);
      const result = await runScript(process.execPath, [file], { cwd: consumer.dir });
      assert.equal(result.entry, expected, 'the exports map condition chose this entry');
      await checkProbe(result, sb, label);
    } finally {
      await sb.close();
    }
    t.diagnostic(`${label}: ${elapsed(start)} ms`);
  });
}
