// Start-up of one provider entry as a stranger gets it (issue 13): in fresh Node processes, the time
// `import('payrail/momo')` + a first call adds to `node -e 0`, with payrail installed from the PACKED package
// (`npm pack pkg/`, `npm install` of the tarball into a temp folder: tests/bundlers/packed.mjs), against what
// `require('mtn-momo')` (the peer, bench/package.json) adds. Median of alternating rounds; target <= 0.5x.
//
//   node bench/startup-entry.mjs [--quick]     prints the row (bench/run.mjs --only startup-momo prints it too)
//   node bench/startup-entry.mjs --ab <pkg dir> <pkg dir> [--quick]
//                                              A/B of two builds (e.g. a copy of pkg/ kept from before a change):
//                                              import + first call timed inside each fresh process
//
// timeStartups() is the measuring loop of every start-up row (bench/run.mjs rowStartup uses it too).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs each `node <argv>` of `runs` ({ name: argv }) once to warm the file cache, then `rounds` times, the order
 * flipping each round (a burst of load hits every contender); returns each one's median wall time in ms.
 */
export function timeStartups(runs, rounds, { cwd } = {}) {
  const timeRun = (argv) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`start-up run failed: ${argv.join(' ')}\n${r.stderr}`);
    return ms;
  };
  const names = Object.keys(runs);
  for (const n of names) timeRun(runs[n]);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 ? [...names].reverse() : names) samples[n].push(timeRun(runs[n]));
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

/** A first call into the wasm: the MoMo client checks its options in the core. */
const FIRST_CALL = "new m.MtnMomo({ subscriptionKey: 'k', apiUser: 'c72025f5-5cd1-4630-99e4-8ba4722fad56', apiKey: 'k', targetEnvironment: 'sandbox' });";

/**
 * The row: { entryMs, peerMs, baselineMs, ratio } (entry and peer as ms added to `node -e 0`), payrail/momo
 * imported from a fresh install of the packed package.
 */
export async function startupEntry({ rounds = 21 } = {}) {
  const { installPacked } = await import('../tests/bundlers/packed.mjs');
  const consumer = await installPacked('startup-entry');
  try {
    const momo = JSON.stringify(createRequire(import.meta.url).resolve('mtn-momo'));
    const med = timeStartups({
      baseline: ['-e', '0'],
      // `node -e` resolves a bare import() from the working directory: the consumer's node_modules/payrail.
      entry: ['-e', `import('payrail/momo').then((m) => { ${FIRST_CALL} })`],
      peer: ['-e', `require(${momo})`],
    }, rounds, { cwd: consumer.dir });
    const entryMs = med.entry - med.baseline;
    const peerMs = med.peer - med.baseline;
    return { entryMs, peerMs, baselineMs: med.baseline, ratio: entryMs / peerMs };
  } finally {
    consumer.cleanup();
  }
}

/**
 * A/B of two builds of the package (folders like pkg/, e.g. a copy kept from before a change), in the same
 * alternating rounds of fresh processes: `import('<dir>/momo/node.js')` + the first call, timed inside the process
 * from just before the import() to just after the call (wall and CPU, `process.cpuUsage`: the process's own
 * figure, which a loaded machine moves far less than a whole process's wall time). Both builds are imported by
 * path, so neither pays the exports map's resolution. Returns { [dir]: { wallMs, cpuMs } } (medians).
 */
export function startupAB(dirs, { rounds = 41 } = {}) {
  const code = (d) => {
    const url = JSON.stringify(pathToFileURL(path.resolve(d, 'momo', 'node.js')).href);
    return `const c0 = process.cpuUsage(), t0 = performance.now(); import(${url}).then((m) => { ${FIRST_CALL} ` +
      'const c = process.cpuUsage(c0); console.log(JSON.stringify([performance.now() - t0, (c.user + c.system) / 1000])); })';
  };
  const samples = Object.fromEntries(dirs.map((d) => [d, []]));
  const once = (d) => {
    const r = spawnSync(process.execPath, ['-e', code(d)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`start-up run failed: ${d}\n${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  for (const d of dirs) once(d); // the file cache
  for (let r = 0; r < rounds; r++) for (const d of r % 2 ? [...dirs].reverse() : dirs) samples[d].push(once(d));
  return Object.fromEntries(dirs.map((d) => [d, { wallMs: median(samples[d].map((x) => x[0])), cpuMs: median(samples[d].map((x) => x[1])) }]));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--ab')) {
  // node bench/startup-entry.mjs --ab <pkg dir> <pkg dir> [...]
  const dirs = process.argv.slice(process.argv.indexOf('--ab') + 1).filter((a) => !a.startsWith('--'));
  const r = startupAB(dirs, { rounds: process.argv.includes('--quick') ? 11 : 41 });
  for (const [d, { wallMs, cpuMs }] of Object.entries(r)) console.log(`${d}: import + first call ${wallMs.toFixed(2)} ms wall, ${cpuMs.toFixed(2)} ms CPU`);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await startupEntry({ rounds: process.argv.includes('--quick') ? 7 : 21 });
  const f = (x) => x.toFixed(1);
  console.log(`import('payrail/momo') (packed) +${f(r.entryMs)} ms vs require('mtn-momo') +${f(r.peerMs)} ms over node -e 0 (${f(r.baselineMs)} ms): ${r.ratio.toFixed(2)}x (target <= 0.5x: ${r.ratio <= 0.5 ? 'met' : 'NOT met'})`);
}
