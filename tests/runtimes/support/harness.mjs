// Shared plumbing of the runtime smoke tests (tests/runtimes/*.test.mjs): a consumer directory in which the bare
// specifier `payrail` resolves to the built pkg/ through its exports map, the probe's input from the sandbox and
// the independent vectors, the runtime binaries from npm, a bounded child-process runner, and the checks every
// runtime's result must pass.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PKG = join(ROOT, 'pkg');
export const PROBE = fileURLToPath(new URL('../probe.mjs', import.meta.url));

const vectors = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'vectors', name), 'utf8'));

/** One Unipesa signature vector (the provider's own PHP, docs/providers/unipesa.md) and one AliansPay OTP vector (otplib). */
export const SIGNATURE_VECTOR = vectors('unipesa_signature.json').cases.find((c) => c.name === 'seed_postdata_example');
export const OTP_VECTOR = vectors('alianspay_otp.json').cases[0];

/** The exports map of the built package, to name the file each runtime condition must land on. */
export const PKG_JSON = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
export const EXPORTS = PKG_JSON.exports['.'];

/**
 * A throw-away consumer project: package.json + node_modules/payrail -> pkg/ (a symlink, as `npm link` makes),
 * plus a copy of the probe. Importing `payrail` from a file in it goes through the exports map.
 */
export function makeConsumer(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `payrail-${prefix}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${prefix}`, private: true, type: 'module', dependencies: { payrail: '0.1.0' } }, null, 2));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(PKG, join(dir, 'node_modules', 'payrail'), 'dir');
  copyFileSync(PROBE, join(dir, 'probe.mjs'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What the probe needs: the sandbox's Unipesa and MoMo base URLs and credentials, and the two vectors. */
export function probeInput(sb) {
  return {
    unipesa: { ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa },
    momo: { ...sb.credentials.momo, baseUrl: sb.baseUrls.momo },
    otpVector: { guid: OTP_VECTOR.guid, unix_time: OTP_VECTOR.unix_time },
    signatureVector: { payload_json: SIGNATURE_VECTOR.payload_json, secret_key: SIGNATURE_VECTOR.secret_key },
  };
}

/**
 * The names every runtime file of the all-in-one entry must export: the public ones of its API module (pkg/api.js),
 * without the loader it hands the runtime files (`__payrail_load`, never re-exported).
 */
export async function expectedExportNames() {
  return Object.keys(await import(join(PKG, 'api.js'))).filter((k) => !k.startsWith('__')).sort();
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The checks every runtime's probe result must pass, against the sandbox that served it. */
export async function checkProbe(result, sb, label) {
  assert.deepEqual(result.exports, await expectedExportNames(), `${label}: the entry re-exports the whole API`);

  const { collect } = result;
  assert.equal(collect.provider, 'unipesa', label);
  assert.equal(collect.status, 'pending', `${label}: the simulator (provider 14) leaves a c2b pending`);
  assert.match(collect.reference, UUID_V4, `${label}: a generated UUID v4 order_id`);
  assert.equal(collect.amount, '100.00', label);
  assert.equal(collect.currency, 'KES', label);

  // The sandbox saw exactly one signed payment_c2b with that order_id, and executed it once.
  const sent = sb.requests().filter((r) => r.provider === 'unipesa' && r.path.endsWith('/payment_c2b'));
  assert.equal(sent.length, 1, `${label}: one payment_c2b reached the sandbox`);
  assert.equal(sent[0].method, 'POST');
  assert.equal(sent[0].status, 200, `${label}: the sandbox accepted the signature`);
  const body = JSON.parse(sent[0].rawBody);
  assert.equal(body.order_id, collect.reference, label);
  assert.equal(body.customer_id, '254700000000', label);
  assert.equal(body.amount, '100.00', label);
  assert.equal(body.provider_id, 14, label);
  const executed = sb.executions().filter((e) => e.provider === 'unipesa');
  assert.deepEqual(executed.map((e) => e.key), [collect.reference], `${label}: executed once`);

  assert.equal(result.otp, OTP_VECTOR.otp, `${label}: aliansPayOtp equals otplib's value`);
  assert.equal(result.signature, SIGNATURE_VECTOR.signature, `${label}: signUnipesa equals the provider PHP's value`);

  const v = result.validation;
  assert.equal(v.thrown, true, `${label}: a negative amount is refused`);
  assert.equal(v.name, 'ValidationError', label);
  assert.equal(v.code, 'validation_error', label);
  assert.equal(v.field, 'amount', label);
  assert.equal(v.isPayrailError && v.isValidationError && v.isError, true, `${label}: instanceof PayrailError, ValidationError, Error`);
  assert.ok(!v.text.includes(sb.credentials.unipesa.secretKey), `${label}: no secret in the thrown error`);
  assert.equal(sb.requests().filter((r) => r.provider === 'unipesa').length, 1, `${label}: the invalid call sent nothing`);

  // MoMo: one token, one requesttopay carrying the reference as X-Reference-Id (docs/providers/momo.md), executed once.
  const { momo } = result;
  assert.equal(momo.provider, 'momo', label);
  assert.equal(momo.status, 'pending', `${label}: a requesttopay is pending when accepted (202)`);
  assert.match(momo.reference, UUID_V4, `${label}: a generated UUID v4 X-Reference-Id`);
  const momoPosts = sb.requests().filter((r) => r.provider === 'momo' && r.method === 'POST');
  assert.deepEqual(momoPosts.map((r) => [r.path, r.status]), [['/collection/token/', 200], ['/collection/v1_0/requesttopay', 202]], label);
  assert.equal(momoPosts[1].headers['x-reference-id'], momo.reference, label);
  assert.deepEqual(momoPosts[1].body, { amount: '100', currency: 'EUR', payer: { partyIdType: 'MSISDN', partyId: '46733000001' }, payerMessage: 'runtime smoke' }, label);
  assert.deepEqual(sb.executions().filter((e) => e.provider === 'momo').map((e) => e.key), [momo.reference], `${label}: executed once`);
  assert.ok(!JSON.stringify(result).includes(sb.credentials.momo.apiKey), `${label}: no MoMo key in the result`);
}

/**
 * A runtime binary from its npm package. `candidates` are paths under node_modules, tried in order; the first that
 * runs `--version` wins. npm 11 may skip install scripts (allowScripts), and bun's postinstall is what replaces
 * its placeholder bin/bun.exe with the real binary, so the platform package's own binary is the fallback.
 */
export function findBinary(name, candidates) {
  const tried = [];
  for (const rel of candidates) {
    const path = join(ROOT, 'node_modules', rel);
    if (!existsSync(path) || statSync(path).size < 1_000_000) {
      tried.push(`${rel} (missing or a placeholder)`);
      continue;
    }
    const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000 });
    if (r.status === 0) return { path, version: r.stdout.trim().split('\n')[0] };
    tried.push(`${rel} (exit ${r.status}: ${(r.stderr || '').trim().slice(0, 200)})`);
  }
  throw new Error(`${name}: no working binary; tried ${tried.join(', ')}. Run scripts/setup.sh.`);
}

const platformKey = `${process.platform}-${process.arch}`;

// Deno comes as its platform package (root package.json, optionalDependencies), not the `deno` wrapper: the
// registry mirror serves only @deno/linux-x64-glibc, so a lockfile made with `deno` lacks its other platforms'
// entries and `npm ci` refuses it as out of sync. The platform package needs no install script.
export const denoBinary = () =>
  findBinary('deno', [
    { 'linux-x64': '@deno/linux-x64-glibc/deno', 'linux-arm64': '@deno/linux-arm64-glibc/deno', 'darwin-arm64': '@deno/darwin-arm64/deno', 'darwin-x64': '@deno/darwin-x64/deno' }[platformKey],
  ].filter(Boolean));

export const bunBinary = () =>
  findBinary('bun', [
    'bun/bin/bun.exe', // the real binary once bun's postinstall has run, a text placeholder before
    { 'linux-x64': '@oven/bun-linux-x64/bin/bun', 'linux-arm64': '@oven/bun-linux-aarch64/bin/bun', 'darwin-arm64': '@oven/bun-darwin-aarch64/bin/bun', 'darwin-x64': '@oven/bun-darwin-x64/bin/bun' }[platformKey],
  ].filter(Boolean));

/**
 * Runs `command args` in `cwd`, bounded by `timeoutMs` (SIGKILL after it); resolves to `{ code, signal, stdout,
 * stderr, killed }` whatever the exit (a failure's message is the caller's: see `describeRun`).
 */
export function runBounded(command, args, { cwd, timeoutMs = 30_000, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr, killed }); });
  });
}

/** One run's exit, stdout and stderr, for a failure's message. */
export function describeRun(command, args, { code, signal, stdout, stderr, killed }, timeoutMs) {
  return `${command} ${args.join(' ')} exited ${code ?? signal}${killed ? ` (killed after ${timeoutMs} ms)` : ''}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
}

/**
 * Runs `command args` in `cwd`, bounded by `timeoutMs` (SIGKILL after it), and returns the JSON the script printed
 * on its line starting with `RESULT `. A non-zero exit, a time-out or no RESULT line fails with stdout/stderr.
 */
export async function runScript(command, args, { cwd, timeoutMs = 30_000, env = {} } = {}) {
  // The command line is part of a failure's message: secrets go through input.json (writeInput), never argv.
  const run = await runBounded(command, args, { cwd, timeoutMs, env });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (run.code !== 0 || !line) throw new Error(describeRun(command, args, run, timeoutMs));
  return JSON.parse(line.slice('RESULT '.length));
}

/** ms since `start`, for the timing line each test prints. */
export const elapsed = (start) => Math.round(performance.now() - start);

/** Writes the probe's input where the scripts import it from (`./input.json`, a JSON module: every runtime reads it). */
export function writeInput(dir, input) {
  return writeIn(dir, 'input.json', JSON.stringify(input));
}

/** Writes a file in the consumer directory. */
export function writeIn(dir, name, text) {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Bundles `source` (a module worker) as wrangler would for a Workers target; returns the bundle's path and its inputs. */
export async function bundleWorker(dir, source) {
  writeIn(dir, 'worker.mjs', source);
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: dir,
    entryPoints: [join(dir, 'worker.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['*.wasm'],
    outfile: join(dir, 'dist', 'worker.js'),
    metafile: true,
    logLevel: 'silent',
  });
  copyFileSync(join(PKG, 'payrail_bg.wasm'), join(dir, 'dist', 'payrail_bg.wasm'));
  return { script: join(dir, 'dist', 'worker.js'), inputs: Object.keys(result.metafile.inputs) };
}

/** Debian's chromium (scripts/setup.sh --browser) and the flags /work/shared/TOOLCHAIN.md gives it: headless, no
 * sandbox (root in CI), nothing reaching beyond 127.0.0.1. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.cjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html; charset=utf-8', '.css': 'text/css' };

/**
 * A static server on 127.0.0.1. `pages` maps a path to its text (its type from its extension, HTML for `/`);
 * `dirs` maps a path prefix ending in `/` to a folder served below it (`index.html` for the prefix itself);
 * `refuse(path)` answers 404 for a path that exists (to simulate a missing file). `served` lists each answered
 * path with its content type.
 */
export async function startStaticServer({ pages = {}, dirs = {}, refuse = () => false } = {}) {
  const served = [];
  const roots = Object.entries(dirs).map(([prefix, dir]) => [prefix, realpathSync(dir)]);
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let body = pages[path] ?? null;
    let file = null;
    if (body === null) {
      for (const [prefix, root] of roots) {
        if (!path.startsWith(prefix)) continue;
        const candidate = join(root, ...(path.slice(prefix.length) || 'index.html').split('/'));
        if ((candidate === root || candidate.startsWith(root + sep)) && existsSync(candidate) && statSync(candidate).isFile()) {
          file = candidate;
          break;
        }
      }
    }
    if ((body === null && file === null) || refuse(path)) {
      served.push({ path, status: 404 });
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(file ?? path)] || (body !== null ? TYPES['.html'] : 'application/octet-stream');
    served.push({ path, type });
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body ?? readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, served, close: () => new Promise((r) => server.close(r)) };
}

/**
 * The file `specifier` lands on when imported from `dir`, as esbuild resolves it with `options` (default: a
 * browser bundler, platform browser: conditions browser, import, module, default).
 */
export async function resolveWith(dir, specifier, options = { platform: 'browser' }) {
  const esbuild = await import('esbuild');
  let resolved;
  const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  await esbuild.build({
    stdin: { contents: `import ${JSON.stringify(specifier)};`, resolveDir: dir },
    bundle: true,
    write: false,
    format: 'esm',
    logLevel: 'silent',
    ...options,
    plugins: [{
      name: 'capture',
      setup(build) {
        build.onResolve({ filter: new RegExp(`^${escaped}$`) }, async (args) => {
          if (args.pluginData === 'inner') return undefined;
          const r = await build.resolve(specifier, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
          if (r.errors.length) throw new Error(r.errors.map((e) => e.text).join('; '));
          resolved = r.path;
          return { path: resolved, external: true };
        });
      },
    }],
  });
  return resolved;
}
