#!/usr/bin/env node
// JS-side mutation testing (issue 16; `make mutants`, not part of `make test`). For each named mutation of the
// JS layer's rules, a COPY of the built package (pkg/, built by scripts/build.sh) is made under
// target/js-mutants/<name>/pkg with the one change applied to its bundled api.js (and node.js) or errors.js (and every node.js), the relevant JS tests
// are copied next to it (tests/js/... so their `../../pkg/node.js` imports resolve to the mutant, with js/ and
// tests/vectors linked), and those tests are run. A mutant is CAUGHT when a test fails, MISSED when all pass.
// The Rust-side rules (the retry driver, idempotency keys, builders, parsers) are cargo-mutants' (scripts/mutants.sh).
//
// Usage: node scripts/js-mutants.mjs [name...]   (no name: every mutation). Exit 1 if one is missed or not applied.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'target', 'js-mutants');
const PER_MUTANT_TIMEOUT_MS = 120_000; // a mutant that makes a test hang counts as caught (a timeout)

/** Each mutation: the package file, the exact text (must occur once), its replacement, and the tests that guard it. */
const MUTATIONS = [
  // Not listed: removing plainInput's depth limit (js/util.js) is an EQUIVALENT mutant as seen from outside: the
  // core's own reader (src/core/input.rs) refuses the same depth with the same ValidationError, 20,000-deep and
  // cyclic inputs included (tests/js/input-depth.test.mjs, tests/js/hostile.test.mjs pass with it removed).
  {
    name: 'toPayrailError-wraps-payrail-errors',
    why: 'toPayrailError passes a PayrailError through (js/errors.js): wrapping it loses its class, field and outcome',
    file: 'errors.js',
    from: 'if(thrown instanceof PayrailError)',
    to: 'if(!1)',
    tests: ['tests/js/hostile.test.mjs', 'tests/js/unipesa.e2e.test.mjs'],
  },
  {
    name: 'splitOptions-drops-fetch',
    why: "splitOptions takes the caller's fetch (js/util.js): without it the client ignores the fetch option",
    file: 'api.js',
    // api.js is a bundle: esbuild renames util.js's `fetch` (the glue uses the global one); the shipped files are
    // minified (whitespace and syntax, names kept: scripts/bundle-entries.mjs), so the texts below are esbuild's.
    from: 'let{fetch:fetch2,tokenStore,hooks,...rest}=options;',
    to: 'let{fetch:_f,tokenStore,hooks,...rest}=options;const fetch2=void 0;',
    tests: ['tests/js/retry-keys.test.mjs', 'tests/js/hooks.test.mjs'],
  },
  {
    name: 'splitOptions-drops-hooks',
    why: "splitOptions takes the caller's hooks (js/util.js): without them no request/response/retry/error hook runs",
    file: 'api.js',
    from: 'let{fetch:fetch2,tokenStore,hooks,...rest}=options;',
    to: 'let{fetch:fetch2,tokenStore,hooks:_h,...rest}=options;const hooks=void 0;',
    tests: ['tests/js/hooks.test.mjs'],
  },
  {
    name: 'callbackBody-ignores-Request',
    why: "callbackBody reads a WHATWG Request's text (js/util.js): without it a route handler's Request is not parsed",
    file: 'api.js',
    from: 'if(!looksLikeRequest(body))return body',
    to: 'return body',
    tests: ['tests/js/unipesa.e2e.test.mjs'],
  },
  {
    name: 'webhook-no-dedupe',
    why: 'the webhook handler skips a callback already handled (js/webhooks.js): without it a duplicate is handled twice',
    file: 'api.js',
    from: 'if(await o.dedupe.get(key))return!0',
    to: 'if(!1)return!0',
    tests: ['tests/js/webhooks.test.mjs'],
  },
  {
    name: 'failed-load-is-final',
    why: 'a failed wasm load is forgotten so the next call tries again (js/ready.js): kept, one network blip would break the page for good',
    file: 'momo/api.js',
    from: 'throw state=void 0,loadError(',
    to: 'throw loadError(',
    tests: ['tests/js/entries.test.mjs'],
  },
];

/** Copies `rel` (a test file or folder under the root) into the mutant's tree. */
function copyTest(dir, rel) {
  fs.cpSync(path.join(ROOT, rel), path.join(dir, rel), { recursive: true });
}

function prepare(m) {
  const dir = path.join(WORK, m.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'pkg'), path.join(dir, 'pkg'), { recursive: true });
  // An entry's node.js bundles the same API as its api.js (scripts/bundle-entries.mjs): both get the change. Every
  // node.js also bundles its own copy of errors.js (js/errors.js: the first copy to run publishes the classes for
  // the realm), so a change to errors.js is made in each of them too.
  // The entries are read from the package's exports map (each entry's Node file), not listed here again.
  const nodeFiles = () => {
    const exports = JSON.parse(fs.readFileSync(path.join(dir, 'pkg', 'package.json'), 'utf8')).exports;
    const files = Object.values(exports).map((e) => e?.node?.import).filter(Boolean).map((f) => path.normalize(f));
    return [...new Set(files)];
  };
  const files = m.file.endsWith('api.js') ? [m.file, m.file.replace(/api\.js$/, 'node.js')] : m.file === 'errors.js' ? [m.file, ...nodeFiles()] : [m.file];
  for (const rel of files) {
    const file = path.join(dir, 'pkg', rel);
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf(m.from);
    if (at < 0 || (!m.any && text.indexOf(m.from, at + 1) >= 0)) return null; // not found once: not applied
    fs.writeFileSync(file, text.slice(0, at) + m.to + text.slice(at + m.from.length));
  }
  // The tests and what they import: support helpers copied beside them, the sandbox and the vectors linked.
  for (const t of m.tests) copyTest(dir, t);
  copyTest(dir, 'tests/js/support');
  fs.symlinkSync(path.join(ROOT, 'js'), path.join(dir, 'js'));
  fs.symlinkSync(path.join(ROOT, 'tests', 'vectors'), path.join(dir, 'tests', 'vectors'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

if (!fs.existsSync(path.join(ROOT, 'pkg', 'api.js'))) {
  console.error('js-mutants: pkg/ is not built; run scripts/build.sh first');
  process.exit(2);
}
const wanted = process.argv.slice(2);
const chosen = wanted.length ? MUTATIONS.filter((m) => wanted.includes(m.name)) : MUTATIONS;
// The same copy with no change, running every chosen test: it must pass, or a "caught" would prove nothing.
const baselineTests = [...new Set(chosen.flatMap((m) => m.tests))];
const base = prepare({ name: 'baseline', file: 'api.js', from: 'export', to: 'export', tests: baselineTests, any: true });
const b = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...baselineTests], { cwd: base, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: PER_MUTANT_TIMEOUT_MS, killSignal: 'SIGKILL' });
if (b.status !== 0) {
  console.error(`js-mutants: the unmutated copy fails its tests (exit ${b.status}${b.error ? `, ${b.error.code}` : ''}); fix that first`);
  console.error((b.stdout ?? '').split('\n').filter((l) => /^not ok|^# (pass|fail)/.test(l)).join('\n'));
  process.exit(2);
}
console.log(`baseline (no mutation): ${baselineTests.length} test files pass`);
const rows = [];
for (const m of chosen) {
  const dir = prepare(m);
  if (!dir) {
    rows.push({ name: m.name, result: 'NOT APPLIED (text not found once: update the mutation)' });
    continue;
  }
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...m.tests], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: PER_MUTANT_TIMEOUT_MS,
    killSignal: 'SIGKILL', // a mutant can leave the test runner busy: SIGTERM does not always stop it
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const failed = /^# fail (\d+)/m.exec(r.stdout ?? '');
  const caught = r.status !== 0 || (failed && Number(failed[1]) > 0);
  rows.push({ name: m.name, result: `${caught ? 'caught' : 'MISSED'} (${secs} s${r.error ? `, ${r.error.code}` : ''})`, why: m.why });
}
const caught = rows.filter((r) => r.result.startsWith('caught')).length;
for (const r of rows) console.log(`${r.result.startsWith('caught') ? 'caught' : 'MISSED'}  ${r.name}: ${r.result}${r.why ? `\n        ${r.why}` : ''}`);
console.log(`\njs-mutants: ${caught}/${rows.length} caught`);
process.exit(caught === rows.length ? 0 : 1);
