// Node, one app using both module systems (issue 13: errors from `require('payrail')` were not `instanceof` the
// PayrailError of `import 'payrail'`): an ES module imports `payrail`, `payrail/momo`, `payrail/unipesa`,
// `payrail/crypto` and `payrail/momo/inline`, requires the same five (createRequire), and loads a CommonJS file
// that requires them too. Every error class must be ONE class across all of them, and an error thrown through one
// entry must be `instanceof` the classes of the others. The package comes from the packed tarball.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSandbox } from '../../js/sandbox/index.js';
import { checkInput, checkResult, elapsed, installPacked, runScript, writeApp } from './support.mjs';

let consumer;
before(async () => { consumer = await installPacked('node-dual'); });
after(() => consumer?.cleanup());

const SPECS = ['payrail', 'payrail/momo', 'payrail/unipesa', 'payrail/crypto', 'payrail/momo/inline'];

const LIB_CJS = `
// A CommonJS module of the same app.
module.exports = Object.fromEntries(${JSON.stringify(SPECS)}.map((s) => ['cjs-file ' + s, require(s)]));
`;

const MAIN_MJS = `
import { createRequire } from 'node:module';
import * as all from 'payrail';
import * as momo from 'payrail/momo';
import * as unipesa from 'payrail/unipesa';
import * as crypto from 'payrail/crypto';
import * as momoInline from 'payrail/momo/inline';
import { check } from './check.mjs';
import input from './input.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const modules = { 'import payrail': all, 'import payrail/momo': momo, 'import payrail/unipesa': unipesa, 'import payrail/crypto': crypto, 'import payrail/momo/inline': momoInline };
for (const s of ${JSON.stringify(SPECS)}) modules['require ' + s] = require(s);
Object.assign(modules, require('./lib.cjs'));

// Every error class: the exports of any entry that are PayrailError or extend it. One reference per name.
const errorNames = new Set();
for (const m of Object.values(modules)) {
  for (const [k, v] of Object.entries(m)) if (typeof v === 'function' && (k === 'PayrailError' || v.prototype instanceof Error)) errorNames.add(k);
}
const classes = {};
for (const name of [...errorNames].sort()) {
  const holders = Object.entries(modules).filter(([, m]) => typeof m[name] === 'function');
  classes[name] = { holders: holders.length, distinct: new Set(holders.map(([, m]) => m[name])).size };
}
const resolved = {};
for (const s of ${JSON.stringify(SPECS)}) resolved[s] = { import: import.meta.resolve(s), require: require.resolve(s) };

// The client from require('payrail/momo'), init from import 'payrail/momo', the helper from require('payrail/crypto');
// the thrown error checked against the PayrailError of import 'payrail' and of require('payrail/unipesa').
const api = {
  Client: modules['require payrail/momo'].MtnMomo,
  PayrailError: all.PayrailError,
  init: momo.init,
  signUnipesa: modules['require payrail/crypto'].signUnipesa,
  CryptoPayrailError: modules['require payrail/unipesa'].PayrailError,
  initCrypto: crypto.init,
  conditions: ['node', 'import', 'require'],
};
const out = await check(api, input);
console.log('RESULT ' + JSON.stringify({ ...out, classes, resolved }));
`;

test('Node, import and require of payrail, payrail/momo, payrail/unipesa, payrail/crypto, payrail/momo/inline: one class per error, a collect on the sandbox', { timeout: 120_000 }, async (t) => {
  const start = performance.now();
  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  try {
    const dir = writeApp(join(consumer.dir, 'app'), { 'main.mjs': MAIN_MJS, 'lib.cjs': LIB_CJS, 'input.json': JSON.stringify(checkInput(sb, 'momo')) });
    const result = await runScript(process.execPath, ['main.mjs'], { cwd: dir, timeoutMs: 30_000 });
    t.diagnostic(`node: ${JSON.stringify(result.resolved)}`);
    const names = Object.keys(result.classes);
    assert.ok(names.includes('PayrailError') && names.includes('ValidationError'), names.join(', '));
    for (const [name, { holders, distinct }] of Object.entries(result.classes)) {
      assert.equal(distinct, 1, `${name}: ${distinct} different classes among the ${holders} module objects that export it`);
    }
    assert.equal(result.classes.PayrailError.holders, 15, 'PayrailError is exported by each of the 5 entries, imported and required (3 ways)');
    checkResult(result, sb, 'momo', 'node import+require', { lazy: false });
  } finally {
    await sb.close();
  }
  t.diagnostic(`node-dual: ${elapsed(start)} ms`);
});
