// The package as a stranger gets it: `npm pack pkg/` (once per process), then `npm install` of the tarball into a
// fresh folder. Used by the bundler tests (support.mjs) and by bench/startup-entry.mjs; no test framework here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PKG, describeRun, runBounded } from '../runtimes/support/harness.mjs';

/** Runs a command bounded by `timeoutMs`; throws with its output unless it exits 0. */
export async function run(command, args, { cwd, timeoutMs = 60_000, env = {} } = {}) {
  const result = await runBounded(command, args, { cwd, timeoutMs, env });
  if (result.code !== 0) throw new Error(describeRun(command, args, result, timeoutMs));
  return result;
}

let tarball;
/** `npm pack pkg/` once per process, into a temp folder: the tarball a stranger downloads. */
async function packOnce() {
  if (tarball) return tarball;
  const dest = mkdtempSync(join(tmpdir(), 'payrail-pack-'));
  process.once('exit', () => rmSync(dest, { recursive: true, force: true }));
  const { stdout } = await run('npm', ['pack', PKG, '--pack-destination', dest, '--json', '--ignore-scripts', '--loglevel=error'], { cwd: dest });
  tarball = join(dest, JSON.parse(stdout)[0].filename);
  return tarball;
}

/**
 * A fresh consumer folder (under `parent`, the OS temp folder by default) with payrail installed from the packed
 * tarball by `npm install` (offline: the package has no dependencies).
 */
export async function installPacked(label, { parent = tmpdir() } = {}) {
  const tgz = await packOnce();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `payrail-bundlers-${label}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${label}`, private: true }, null, 2));
  await run('npm', ['install', tgz, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
