// payrail benchmarks (issues 7 and 11): each figure a ratio against a peer measured in the same run on the same payload.
// Run with `make bench` (installs bench deps, builds pkg/ and the bench build target/bench-pkg/, runs this).
// The roundtrip and memory rows use target/bench-pkg/ (`PAYRAIL_BENCH=1 scripts/build.sh`: the same package with
// the cargo feature `bench`, whose UnipesaRoundTrip export the published pkg/ leaves out); the others use pkg/.
// Options:
//   --quick          fewer, shorter rounds (a smoke run; figures are noisier)
//   --out FILE       where the JSON goes (default bench/results.json)
//   --only a,b       run only these rows (ids: sign-node, sign-noble, verify-node, verify-noble, otp, roundtrip,
//                    startup, collect, collect-throughput, momo-throughput, size, memory; startup also gives
//                    startup-esm, collect also collect-inproc; startup-momo: payrail/momo from the packed package)
//
// Measuring on a busy 2-core machine: every contender is warmed up, then SDK and peer rounds alternate (the
// order flips each round), and the figure is the median of the rounds, so a burst of load hits both sides.
// The collect rows alternate single calls instead and take the median call; the throughput rows (throughput.mjs)
// alternate whole rounds of 2,000 calls at concurrency 100 and take the median round.
// Before timing, each peer's answer is checked against the SDK's: the peers do the same work.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

import * as sdk from '../pkg/node.js';
import { toJson } from '../js/util.js';
import { startSandbox } from '../js/sandbox/index.js';
import * as peers from './peers.mjs';
import { sandboxProcess } from './sandbox.mjs';
import { throughputRows } from './throughput.mjs';
import { startupEntry, timeStartups } from './startup-entry.mjs';
import { CALLBACK_FIELDS, SECRET, SIGN_PAYLOAD } from './payloads.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const pkgDir = path.join(root, 'pkg');
const benchPkgDir = path.join(root, 'target', 'bench-pkg');

/** The bench build: its API (one wasm instance) and its glue with `UnipesaRoundTrip` and `initSync`. */
async function benchBuild() {
  if (!existsSync(path.join(benchPkgDir, 'node.js'))) {
    throw new Error('target/bench-pkg/ is missing: run `PAYRAIL_BENCH=1 scripts/build.sh` (make bench does)');
  }
  const api = await import(path.join(benchPkgDir, 'node.js'));
  // node.js of the bench build bundles the glue: its bench names come from the same module and wasm instance.
  if (typeof api.__BenchUnipesaRoundTrip !== 'function') throw new Error('target/bench-pkg/node.js has no bench export: rebuild it with PAYRAIL_BENCH=1 scripts/build.sh');
  return { api, glue: { initSync: api.__benchInitSync, UnipesaRoundTrip: api.__BenchUnipesaRoundTrip } };
}
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outFile = path.resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : path.join(here, 'results.json'));
const only = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1].split(',')) : null;
const want = (id) => !only || only.has(id);

const ROUNDS = quick ? 5 : 11;
const ROUND_MS = quick ? 60 : 200;
const WARMUP_MS = quick ? 100 : 400;

// ---------------------------------------------------------------------------------------------- the payloads

const GUID = '5f0c7a2e-9d3b-4c1a-8e6f-1b2c3d4e5f60';
const CRED = { publicId: '1a800cdc4f96860c6fbed04be3c98d6e', merchantId: SIGN_PAYLOAD.merchant_id, secretKey: SECRET };
/** A collect as an integrator writes it (CI Orange, 9197, needs extra.otp). */
const COLLECT_REQ = {
  amount: '1500', currency: 'XOF', phone: '+225 07 05 14 56 55', country: 'CI', providerId: 9197,
  callbackUrl: 'https://shop.example.com/payments/unipesa/callback', extra: { otp: '5647', customer_name: 'Awa Kone' },
};
/** The simulator (14) for the sandbox row: stays pending, sends no callback. */
const SANDBOX_REQ = { amount: '1100', currency: 'XOF', phone: '2250705145655', country: 'CI', providerId: 14 };
const ANSWER = '{"order_id":"6f1c1c2e-5d7b-4f7e-9a0c-2b3d4e5f6a7b","transaction_id":"4417","status":1,"result":{"code":0,"message":"OK"}}';

// ---------------------------------------------------------------------------------------------- measuring

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** ops/s of a sync function over about `ms` milliseconds. */
function opsPerSec(fn, ms) {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 32; i++) fn();
    n += 32;
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

/** Sync contenders: warm-up, then interleaved rounds; the median ops/s of each. */
function compareSync(contenders) {
  for (const c of contenders) opsPerSec(c.fn, WARMUP_MS);
  const samples = contenders.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [...contenders.keys()].reverse() : [...contenders.keys()];
    for (const i of order) samples[i].push(opsPerSec(contenders[i].fn, ROUND_MS));
  }
  return samples.map((s) => ({ median: median(s), min: Math.min(...s), max: Math.max(...s) }));
}

/**
 * Async contenders, one call at a time: after a warm-up, calls alternate between the contenders (the order flips
 * each pair) and each call is timed alone; the figure is the median call. A burst of load then costs a few
 * samples on both sides instead of whole rounds of one.
 */
async function compareAsync(contenders, calls) {
  for (const c of contenders) for (let i = 0; i < 30; i++) await c.fn();
  const samples = contenders.map(() => []);
  for (let r = 0; r < calls; r++) {
    const order = r % 2 ? [...contenders.keys()].reverse() : [...contenders.keys()];
    for (const i of order) {
      const t0 = performance.now();
      await contenders[i].fn();
      samples[i].push(performance.now() - t0);
    }
  }
  const q = (xs, f) => [...xs].sort((a, b) => a - b)[Math.floor(f * (xs.length - 1))];
  return samples.map((s) => ({ median: median(s), p10: q(s, 0.1), p90: q(s, 0.9), calls: s.length }));
}

const rows = [];
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
function row(r) {
  rows.push(r);
  const verdict = r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS';
  process.stderr.write(`  ${r.id}: ${r.sdkText} vs ${r.peerText} -> ${r.ratioText} (target ${r.target}) ${verdict}\n`);
}

// ---------------------------------------------------------------------------------------------- rows

function rowSign() {
  const sdkSig = sdk.signUnipesa(SIGN_PAYLOAD, SECRET);
  assert.equal(peers.signNodeCrypto(SIGN_PAYLOAD, SECRET), sdkSig, 'node:crypto peer signs the same');
  assert.equal(peers.signNoble(SIGN_PAYLOAD, SECRET), sdkSig, '@noble/hashes peer signs the same');
  const contenders = [
    { fn: () => sdk.signUnipesa(SIGN_PAYLOAD, SECRET) },
    { fn: () => peers.signNodeCrypto(SIGN_PAYLOAD, SECRET) },
    { fn: () => peers.signNoble(SIGN_PAYLOAD, SECRET) },
  ].filter((_, i) => i === 0 || (i === 1 && want('sign-node')) || (i === 2 && want('sign-noble')));
  const [s, ...ps] = compareSync(contenders);
  const peerRes = { node: want('sign-node') ? ps.shift() : null, noble: want('sign-noble') ? ps.shift() : null };
  if (peerRes.node) {
    const ratio = s.median / peerRes.node.median;
    row({ id: 'sign-node', figure: 'signUnipesa ops/s, nested `extra`, JS object in', peer: "node:crypto createHmac('sha512') + JS flattening",
      unit: 'ops/s', sdk: s, peerValue: peerRes.node, ratio, target: '>= 0.8x', pass: ratio >= 0.8,
      sdkText: `${fmt(s.median)} ops/s`, peerText: `${fmt(peerRes.node.median)} ops/s`, ratioText: `${fmt(ratio, 2)}x` });
  }
  if (peerRes.noble) {
    const ratio = s.median / peerRes.noble.median;
    row({ id: 'sign-noble', figure: 'signUnipesa ops/s (the same)', peer: '@noble/hashes HMAC-SHA512 (pure JS) + JS flattening',
      unit: 'ops/s', sdk: s, peerValue: peerRes.noble, ratio, target: '>= 3x', pass: ratio >= 3,
      sdkText: `${fmt(s.median)} ops/s`, peerText: `${fmt(peerRes.noble.median)} ops/s`, ratioText: `${fmt(ratio, 2)}x` });
  }
}

/** verify-node, verify-noble: `verifyUnipesaSignature(rawBody)`, the callback path, against the peers' parse + verify. */
function rowVerify() {
  const signed = JSON.stringify({ ...CALLBACK_FIELDS, signature: peers.signNodeCrypto(CALLBACK_FIELDS, SECRET) });
  const forged = signed.replace('"amount":1500', '"amount":150000'); // the same signature over another amount
  assert.notEqual(forged, signed);
  for (const [name, verify] of [['payrail', sdk.verifyUnipesaSignature], ['node:crypto peer', peers.verifyNodeCrypto],
    ['@noble/hashes peer', peers.verifyNoble]]) {
    assert.equal(verify(signed, SECRET), true, `${name} accepts the signed callback`);
    assert.equal(verify(forged, SECRET), false, `${name} refuses the forged one`);
  }
  const contenders = [
    { fn: () => sdk.verifyUnipesaSignature(signed, SECRET) },
    { fn: () => peers.verifyNodeCrypto(signed, SECRET) },
    { fn: () => peers.verifyNoble(signed, SECRET) },
  ].filter((_, i) => i === 0 || (i === 1 && want('verify-node')) || (i === 2 && want('verify-noble')));
  const [s, ...ps] = compareSync(contenders);
  const peerRes = { node: want('verify-node') ? ps.shift() : null, noble: want('verify-noble') ? ps.shift() : null };
  for (const [id, p, peer, target] of [
    ['verify-node', peerRes.node, "JSON.parse + JS flattening + node:crypto createHmac('sha512') + timingSafeEqual", 1],
    ['verify-noble', peerRes.noble, 'JSON.parse + JS flattening + @noble/hashes HMAC-SHA512 (pure JS) + timingSafeEqual', 3],
  ]) {
    if (!p) continue;
    const ratio = s.median / p.median;
    row({ id, figure: `verifyUnipesaSignature ops/s, a ${signed.length}-character callback body as text (the callback path)`, peer,
      unit: 'ops/s', sdk: s, peerValue: p, ratio, target: `>= ${target === 1 ? '1.0' : target}x`, pass: ratio >= target,
      sdkText: `${fmt(s.median)} ops/s`, peerText: `${fmt(p.median)} ops/s`, ratioText: `${fmt(ratio, 2)}x` });
  }
}

function rowOtp() {
  const t = 1_790_000_000; // 30-second window 59666666: far from its edges
  assert.equal(peers.aliansPayOtpOtplibAt(GUID, t), sdk.aliansPayOtp(GUID, t), 'otplib gives the same OTP');
  const [s, p] = compareSync([{ fn: () => sdk.aliansPayOtp(GUID) }, { fn: () => peers.aliansPayOtpOtplib(GUID) }]);
  const ratio = s.median / p.median;
  row({ id: 'otp', figure: 'aliansPayOtp ops/s', peer: 'otplib authenticator.generate(base32Encode(guid))',
    unit: 'ops/s', sdk: s, peerValue: p, ratio, target: '>= 5x', pass: ratio >= 5,
    sdkText: `${fmt(s.median)} ops/s`, peerText: `${fmt(p.median)} ops/s`, ratioText: `${fmt(ratio, 2)}x` });
}

async function rowRoundTrip() {
  const { glue } = await benchBuild();
  const rt = new glue.UnipesaRoundTrip(JSON.stringify(CRED));
  const sdkRoundTrip = (req) => {
    const [body, transaction] = rt.collect(toJson(req, 'request'), 200, ANSWER);
    return { body, transaction: JSON.parse(transaction) };
  };
  // Same order_id on both sides: the same bytes and the same Transaction.
  const fixed = { ...COLLECT_REQ, reference: '6f1c1c2e-5d7b-4f7e-9a0c-2b3d4e5f6a7b' };
  const a = sdkRoundTrip(fixed);
  const b = peers.handCollectRoundTrip(CRED, COLLECT_REQ, ANSWER, fixed.reference);
  assert.equal(b.body, a.body, 'the hand-made request body is byte-identical');
  for (const k of ['provider', 'reference', 'status', 'providerStatus', 'transactionId', 'amount', 'currency']) {
    assert.equal(b.transaction[k], a.transaction[k], `transaction.${k}`);
  }
  const [s, p] = compareSync([
    { fn: () => sdkRoundTrip(COLLECT_REQ) },
    { fn: () => peers.handCollectRoundTrip(CRED, COLLECT_REQ, ANSWER) },
  ]);
  const ratio = s.median / p.median;
  row({ id: 'roundtrip', figure: 'build + parse of a Unipesa payment_c2b round trip, no network (ops/s)', peer: 'by hand in JS (JSON.stringify + node:crypto)',
    unit: 'ops/s', sdk: s, peerValue: p, ratio, target: '>= 0.8x', pass: ratio >= 0.8,
    sdkText: `${fmt(s.median)} ops/s`, peerText: `${fmt(p.median)} ops/s`, ratioText: `${fmt(ratio, 2)}x` });
}

function rowStartup() {
  const esmEntry = JSON.stringify(path.join(pkgDir, 'node.js'));
  const cjsEntry = JSON.stringify(path.join(pkgDir, 'node.cjs'));
  const momo = JSON.stringify(createRequire(import.meta.url).resolve('mtn-momo'));
  const firstCall = "if (m.signUnipesa({ a: 1 }, 'k').length !== 128) process.exit(1);";
  const runs = {
    baseline: ['-e', '0'],
    // require(), as the peer is loaded: the package's CommonJS entry (exports map "require").
    sdk: ['-e', `const m = require(${cjsEntry}); ${firstCall}`],
    // import(): the ESM entry; the first import() of a process also starts Node's ESM loader.
    sdkEsm: ['-e', `import(${esmEntry}).then((m) => { ${firstCall} })`],
    peer: ['-e', `require(${momo})`],
    // The peer loaded as the ESM row loads payrail (its first import() boots the ESM loader too): printed
    // beside the startup-esm ratio, which stays against the issue's peer, require('mtn-momo').
    peerEsm: ['-e', `import(${momo})`],
  };
  const med = timeStartups(runs, quick ? 7 : 21);
  const peerAdded = med.peer - med.baseline;
  for (const [id, key, how] of [['startup', 'sdk', 'require()'], ['startup-esm', 'sdkEsm', 'import()']]) {
    const sdkAdded = med[key] - med.baseline;
    const ratio = sdkAdded / peerAdded;
    const esm = key === 'sdkEsm' ? { peerImportMs: med.peerEsm - med.baseline, ratioVsImport: sdkAdded / (med.peerEsm - med.baseline) } : {};
    row({ id, figure: `${how} of the package + wasm compile and instantiate + first call, fresh Node process (ms added to \`node -e 0\`)`,
      peer: "require('mtn-momo')", unit: 'ms', sdk: { median: sdkAdded, process: med[key] },
      peerValue: { median: peerAdded, process: med.peer }, baselineMs: med.baseline, ratio, target: '<= 0.5x', pass: ratio <= 0.5,
      ...esm, sdkText: `+${fmt(sdkAdded, 1)} ms`, peerText: `+${fmt(peerAdded, 1)} ms`,
      ratioText: esm.ratioVsImport === undefined ? `${fmt(ratio, 2)}x` : `${fmt(ratio, 2)}x (${fmt(esm.ratioVsImport, 2)}x vs import())` });
  }
}

/** payrail/momo from the packed package (bench/startup-entry.mjs), against require('mtn-momo'). */
async function rowStartupEntry() {
  const r = await startupEntry({ rounds: quick ? 7 : 21 });
  row({ id: 'startup-momo', figure: "import('payrail/momo') from the packed package + first call, fresh Node process (ms added to `node -e 0`)",
    peer: "require('mtn-momo')", unit: 'ms', sdk: { median: r.entryMs }, peerValue: { median: r.peerMs }, baselineMs: r.baselineMs,
    ratio: r.ratio, target: '<= 0.5x', pass: r.ratio <= 0.5,
    sdkText: `+${fmt(r.entryMs, 1)} ms`, peerText: `+${fmt(r.peerMs, 1)} ms`, ratioText: `${fmt(r.ratio, 2)}x` });
}

/** One collect, SDK vs plain fetch, against a sandbox at `base` with `cred`; `requests()` lists what it got. */
async function collectRow(id, where, base, cred, requests) {
  const unipesa = new sdk.Unipesa({ ...cred, baseUrl: base, timeoutMs: 5000 });
  const viaSdk = () => unipesa.collect(SANDBOX_REQ);
  const viaFetch = () => peers.fetchCollect(base, cred, SANDBOX_REQ);
  const [a, b] = [await viaSdk(), await viaFetch()];
  assert.equal(a.status, 'pending');
  assert.equal(b.status, a.status, 'plain fetch reads the same answer');
  const sent = (await requests()).filter((r) => r.provider === 'unipesa' && r.path.endsWith('/payment_c2b'));
  const [x, y] = sent.slice(-2).map((r) => Object.keys(JSON.parse(r.rawBody)));
  assert.deepEqual(y, x, 'the same fields in the same order');
  const [s, p] = await compareAsync([{ fn: viaSdk }, { fn: viaFetch }], quick ? 200 : 1000);
  const ratio = s.median / p.median;
  row({ id, figure: `one Unipesa collect through the SDK on the sandbox ${where} (ms per call)`, peer: 'the same HTTP request with plain fetch',
    unit: 'ms', sdk: s, peerValue: p, ratio, target: '<= 1.10x', pass: ratio <= 1.1,
    sdkText: `${fmt(s.median, 3)} ms`, peerText: `${fmt(p.median, 3)} ms`, ratioText: `${fmt(ratio, 2)}x` });
}

async function rowCollect() {
  // The sandbox in its own process: the client's time is what the SDK adds to a real exchange.
  const sp = await sandboxProcess();
  try {
    await collectRow('collect', 'in its own process', sp.info.baseUrls.unipesa, sp.info.credentials.unipesa,
      () => sp.get('/requests'));
  } finally {
    await sp.close();
  }
  // The sandbox in this process: server and client share one thread, so the client's CPU adds up in full.
  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  try {
    await collectRow('collect-inproc', 'in the same process', sb.baseUrls.unipesa, sb.credentials.unipesa, async () => sb.requests());
  } finally {
    await sb.close();
  }
}

/** Every file of pkg/ under `dir`, relative. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name]);
}

/** The size budget of each entry (issue 13): what a browser app loads for it, gzipped per file. */
const SIZE_BUDGETS = [
  // [row id, folder in pkg/, budget in KB]: the all-in-one entry keeps its earlier 100 KB target.
  ['size', '', 100],
  ['size-unipesa', 'unipesa', 80],
  ['size-momo', 'momo', 80],
  ['size-cinetpay', 'cinetpay', 80],
  ['size-viralpay', 'viralpay', 80],
  ['size-alianspay', 'alianspay', 80],
  ['size-crypto', 'crypto', 35],
];

function rowSize() {
  const gz = (f) => gzipSync(readFileSync(path.join(pkgDir, f)), { level: 9 }).length;
  const raw = (f) => statSync(path.join(pkgDir, f)).size;
  const everything = filesUnder(pkgDir);
  const wholeGzip = everything.reduce((s, f) => s + gz(f), 0);
  const KB = 1000;
  for (const [id, dir, budget] of SIZE_BUDGETS) {
    // What a browser app loads for the entry (a bundler copies the same): the runtime file, the entry's API with
    // its glue (one module), the shared errors and browser check, and the wasm (the fetch transport is in it).
    const runtime = ['browser.js', 'api.js', 'payrail_bg.wasm'].map((f) => path.join(dir, f)).concat(['errors.js', 'browser-guard.js']);
    const files = Object.fromEntries(runtime.map((f) => [f, { bytes: raw(f), gzip: gz(f) }]));
    const total = runtime.reduce((sum, f) => sum + files[f].gzip, 0);
    const wasm = files[path.join(dir, 'payrail_bg.wasm')];
    row({ id, figure: `${dir === '' ? 'payrail' : `payrail/${dir}`}: .wasm + the JS a browser app loads for it, gzipped (-9, per file)`, peer: '-',
      unit: 'bytes', sdk: { gzip: total, wasmGzip: wasm.gzip, files }, peerValue: null, ratio: null,
      ...(dir === '' ? { everyFileOfPkgGzip: wholeGzip } : {}), target: `<= ${budget} KB`, pass: total <= budget * KB,
      sdkText: `${fmt(total / KB, 1)} KB (wasm ${fmt(wasm.bytes / 1024, 0)} KiB raw)`, peerText: '-',
      ratioText: `${fmt(total / (budget * KB), 2)} of budget` });
  }
  // The floor (bench/floor, built by `make bench` through bench/floor/build.sh): one bare MoMo-like collect through
  // the design's crates, with the browser.js, errors.js and browser-guard.js every entry loads.
  const floorDir = path.join(root, 'target', 'floor', 'serde-json');
  if (existsSync(path.join(floorDir, 'payrail_bg.wasm'))) {
    const fgz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
    const wasm = fgz(path.join(floorDir, 'payrail_bg.wasm'));
    const total = wasm + fgz(path.join(floorDir, 'payrail.js')) +
      ['momo/browser.js', 'errors.js', 'browser-guard.js'].reduce((sum, f) => sum + gz(f), 0);
    row({ id: 'size-floor', figure: 'bench/floor: one bare MoMo-like collect through the design\'s crates, nothing else (.wasm + glue + the shared JS), gzipped (-9, per file)',
      peer: '-', unit: 'bytes', sdk: { gzip: total, wasmGzip: wasm }, peerValue: null, ratio: null, target: '<= 80 KB (a provider entry\'s budget)',
      sdkText: `${fmt(total / KB, 1)} KB`, peerText: '-', ratioText: `${fmt(total / (80 * KB), 2)} of budget` });
  }
}

async function rowMemory() {
  // The bench build throughout: the round trip and every other call in one wasm instance.
  const { api: sdk, glue } = await benchBuild();
  const wasm = glue.initSync(); // already instantiated by its node.js: returns its exports
  const mem = () => wasm.memory.buffer.byteLength;
  const rt = new glue.UnipesaRoundTrip(JSON.stringify(CRED));
  const signed = { ...SIGN_PAYLOAD, signature: sdk.signUnipesa(SIGN_PAYLOAD, SECRET) };
  const signedText = JSON.stringify(signed);
  // A fetch that never leaves the process: a canned Unipesa answer echoing the order_id.
  const stubFetch = async (req) => {
    const { order_id: orderId } = JSON.parse(await req.text()); // the SDK hands fetch one Request
    return new Response(`{"order_id":"${orderId}","transaction_id":"1","status":1,"result":{"code":0,"message":"OK"}}`,
      { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const unipesa = new sdk.Unipesa({ ...CRED, baseUrl: 'http://127.0.0.1:9', fetch: stubFetch });
  const calls = [
    () => sdk.signUnipesa(SIGN_PAYLOAD, SECRET),
    () => assert.equal(sdk.verifyUnipesaSignature(signedText, SECRET), true),
    () => sdk.totp('JBSWY3DPEHPK3PXP', { encoding: 'base32', digits: 8, algorithm: 'SHA256' }),
    () => sdk.aliansPayOtp(GUID),
    () => rt.collect(toJson(COLLECT_REQ, 'request'), 200, ANSWER),
    () => unipesa.parseCallback(signedText).catch(() => {}), // another merchant's callback: refused, still a call
    () => { try { sdk.signUnipesa('{"a":', SECRET); } catch { /* a typed error: the error path allocates too */ } },
    () => unipesa.collect(COLLECT_REQ),
    () => { try { new sdk.Unipesa({ ...CRED, secretKey: '' }); } catch { /* validation error */ } },
  ];
  // Every 200th call goes to the sandbox instead, through each other provider's client (tokens, OTPs, retries).
  const sb = await startSandbox({ finalDelayMs: 50, callbackDelayMs: 20 });
  const opts = (p) => ({ ...sb.credentials[p], baseUrl: sb.baseUrls[p], timeoutMs: 5000 });
  const momo = new sdk.MtnMomo(opts('momo'));
  const cinetpay = new sdk.CinetPay(opts('cinetpay'));
  const viralpay = new sdk.ViralPay(opts('viralpay'));
  const alianspay = new sdk.AliansPay(opts('alianspay'));
  const sandboxCalls = [
    () => momo.collect({ amount: '100', currency: 'EUR', phone: '+46 733 000 001' }),
    () => cinetpay.balance(),
    () => viralpay.collect({ amount: 200, currency: 'XOF', phone: '0757230420', country: 'sn' }),
    () => alianspay.collect({ moyenPayment: 'OM', amount: 1500, currency: 'XAF', phone: '+237 696 98 56 98' }),
  ];
  let n = 0;
  const run = async (upTo) => {
    for (; n < upTo; n++) {
      const r = n % 200 === 199 ? sandboxCalls[Math.floor(n / 200) % sandboxCalls.length]() : calls[n % calls.length]();
      if (r && typeof r.then === 'function') await r;
    }
  };
  const start = mem();
  await run(1_000);
  const after1k = mem();
  await run(quick ? 20_000 : 100_000);
  const afterAll = mem();
  await sb.close();
  const growth = afterAll - after1k;
  row({ id: 'memory', figure: `wasm memory after ${fmt(n)} mixed calls vs after 1,000 (sign, verify, totp, OTP, round trip, callback, errors, collect on a stub fetch; every 200th a MoMo, CinetPay, ViralPAY or AliansPay call on the sandbox)`,
    peer: '-', unit: 'bytes', sdk: { atStart: start, after1000: after1k, afterAll, calls: n }, peerValue: null, ratio: afterAll / after1k,
    target: 'no growth', pass: growth === 0,
    sdkText: `${fmt(after1k / 1024)} KiB -> ${fmt(afterAll / 1024)} KiB`, peerText: '-', ratioText: growth === 0 ? 'no growth' : `+${fmt(growth / 1024)} KiB` });
}

// ---------------------------------------------------------------------------------------------- main

function machine() {
  const cpus = os.cpus();
  const tryRun = (cmd, a) => { try { return execFileSync(cmd, a, { encoding: 'utf8' }).trim(); } catch { return null; } };
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model, cores: cpus.length, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version,
    rustc: tryRun('rustc', ['--version']), wasmBindgen: tryRun('wasm-bindgen', ['--version']),
    commit: tryRun('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
    settings: { rounds: ROUNDS, roundMs: ROUND_MS, warmupMs: WARMUP_MS, quick },
  };
}

function printTable() {
  const head = ['figure', 'payrail', 'peer', 'ratio', 'target', ''];
  const body = rows.map((r) => [r.id, r.sdkText, r.peerText, r.ratioText, r.target, r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  console.log('\nPeers:');
  for (const r of rows) console.log(`  ${r.id}: ${r.figure}; peer: ${r.peer}`);
}

const info = machine();
process.stderr.write(`payrail bench on ${info.cpu} x${info.cores}, node ${info.node}${quick ? ' (quick)' : ''}\n`);
if (want('sign-node') || want('sign-noble')) rowSign();
if (want('verify-node') || want('verify-noble')) rowVerify();
if (want('otp')) rowOtp();
if (want('roundtrip')) await rowRoundTrip();
if (want('startup')) rowStartup();
if (want('startup-momo')) await rowStartupEntry();
if (want('collect')) await rowCollect();
if (want('collect-throughput') || want('momo-throughput')) await throughputRows({ sdk, want, quick, row, fmt });
if (want('size')) rowSize();
if (want('memory')) await rowMemory();
info.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
printTable();
writeFileSync(outFile, `${JSON.stringify({ machine: info, rows }, null, 2)}\n`);
console.log(`\nwritten: ${path.relative(process.cwd(), outFile)}`);
