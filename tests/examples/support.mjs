// Shared plumbing of the examples' tests (tests/examples/*.test.mjs): each example is started as a user would
// (its own process, or workerd through miniflare), with the sandbox's credentials in its environment and
// `payrail` resolving to the built pkg/ from the example's node_modules; then the same story is played over HTTP:
// a Unipesa collect settled by its signed callback, a forged callback refused, a MoMo collect settled by its PUT
// callback (confirmed by a status read), and bad input refused with the field named. What the providers saw is
// read from the sandbox's own logs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLES = join(ROOT, 'examples');
export const PKG = join(ROOT, 'pkg');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** examples/<name>/node_modules/payrail -> pkg/ (what `npm install` of `file:../../pkg` makes). */
export function linkPayrail(name) {
  const dir = join(EXAMPLES, name, 'node_modules');
  const link = join(dir, 'payrail');
  mkdirSync(dir, { recursive: true });
  if (existsSync(link) || isLink(link)) rmSync(link, { recursive: true, force: true });
  symlinkSync(PKG, link, 'dir');
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The environment an example reads: the sandbox's base URLs and credentials under the names ../README.md gives. */
export function sandboxEnv(sb) {
  const { unipesa, momo } = sb.credentials;
  return {
    UNIPESA_PUBLIC_ID: unipesa.publicId,
    UNIPESA_MERCHANT_ID: unipesa.merchantId,
    UNIPESA_SECRET_KEY: unipesa.secretKey,
    UNIPESA_BASE_URL: sb.baseUrls.unipesa,
    MOMO_SUBSCRIPTION_KEY: momo.subscriptionKey,
    MOMO_API_USER: momo.apiUser,
    MOMO_API_KEY: momo.apiKey,
    MOMO_TARGET_ENVIRONMENT: 'sandbox',
    MOMO_BASE_URL: sb.baseUrls.momo,
  };
}

/** A port nobody listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts an example's server process; resolves to `{ url, output, stop }` once it printed its URL (`ready`
 * matches its line and captures the URL), or rejects after `timeoutMs` with what it printed.
 */
export async function startProcess(command, args, { cwd, env, ready = /listening on (http:\/\/\S+)/, timeoutMs = 30_000 }) {
  // NO_COLOR: with CI=true in the environment some tools (Vite's picocolors) colour their output, which would put
  // escape codes inside the line `ready` looks for; the output is also read without them, to be sure.
  const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  LIVE.add(child);
  child.once('exit', () => LIVE.delete(child));
  let output = '';
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')} did not start in ${timeoutMs} ms:\n${output.slice(-3000)}`)), timeoutMs);
      const read = (chunk) => {
        output += String(chunk).replace(/\x1b\[[0-9;]*m/g, '');
        const m = ready.exec(output);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${command} exited ${code} before it listened:\n${output.slice(-3000)}`)); });
    });
    return withStop(child, url, () => output);
  } catch (e) {
    child.kill('SIGKILL'); // a server that did not start must not outlive the test (it would keep the run alive)
    throw e;
  }
}

/** The servers this test process started and that still run: killed when the process exits, whatever happened. */
const LIVE = new Set();
process.on('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

function withStop(child, url, output) {
  return {
    url,
    output,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => { clearTimeout(force); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Polls `url` (an example's GET /orders/<reference>) until `done(order)`; bounded by 10 s. */
async function orderWhen(url, done) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    const res = await fetch(url);
    last = res.status === 200 ? await res.json() : { httpStatus: res.status };
    if (done(last)) return last;
    await sleep(25);
  }
  assert.fail(`${url}: still ${JSON.stringify(last)}`);
}

/** The sandbox's answered deliveries of one reference's callback, once `count` of them have been answered. */
async function deliveries(sb, provider, reference, count) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const done = sb.callbacks().filter((c) => c.provider === provider && c.reference === reference && (c.status !== null || c.error));
    if (done.length >= count) return done;
    if (Date.now() > deadline) assert.fail(`${provider} ${reference}: ${done.length} of ${count} callbacks answered`);
    await sleep(20);
  }
}

/**
 * The story every example must tell, against the sandbox `sb`, on the example at `base` whose routes start with
 * `prefix` ('' or '/api'): collect, callback, order settled, forged callback refused, MoMo by PUT, bad input.
 */
export async function checkExample(sb, base, prefix, label) {
  const routes = { pay: (p) => `${base}${prefix}/pay/${p}`, order: (ref) => `${base}${prefix}/orders/${ref}` };

  // Unipesa: Côte d'Ivoire Orange (provider 9197, which wants extra.otp; docs/providers/unipesa.md tables).
  const paid = await post(routes.pay('unipesa'), { amount: '1500', currency: 'XOF', phone: '2250705145655', providerId: 9197, extra: { otp: '5647' } });
  assert.equal(paid.status, 201, `${label}: ${JSON.stringify(paid.body)}`);
  const { reference } = paid.body;
  assert.equal(paid.body.status, 'pending', label);
  const order = await orderWhen(routes.order(reference), (o) => o.status !== 'pending');
  assert.deepEqual(order, { status: 'success', verified: true, amount: '1500' }, label);
  const [signed] = await deliveries(sb, 'unipesa', reference, 1);
  assert.deepEqual([signed.method, signed.status, JSON.parse(signed.responseBody)], ['POST', 200, { received: true }], label);
  assert.equal(sb.executions().filter((e) => e.provider === 'unipesa' && e.key === reference).length, 1, `${label}: executed once`);

  // A forged callback for the same order (the sandbox signs it with another key): 401, the order unchanged.
  sb.triggerCallback('unipesa', reference, { fault: 'forged-callback' });
  const forged = (await deliveries(sb, 'unipesa', reference, 2))[1];
  assert.deepEqual([forged.fault, forged.status], ['forged-callback', 401], label);
  assert.deepEqual(await (await fetch(routes.order(reference))).json(), order, `${label}: the forged callback changed nothing`);

  // MTN MoMo: a request to pay; MTN's PUT callback (no reference in its body) is confirmed by a status read.
  const momo = await post(routes.pay('momo'), { amount: '9', currency: 'EUR', phone: '46733000041' });
  assert.equal(momo.status, 201, `${label}: ${JSON.stringify(momo.body)}`);
  const momoOrder = await orderWhen(routes.order(momo.body.reference), (o) => o.status !== 'pending');
  assert.deepEqual(momoOrder, { status: 'success', verified: true, amount: '9' }, label);
  const [put] = await deliveries(sb, 'momo', momo.body.reference, 1);
  assert.deepEqual([put.method, put.status], ['PUT', 200], label);

  // Bad input never leaves the process: a ValidationError naming the field, nothing sent.
  const before = sb.requests().length;
  const bad = await post(routes.pay('unipesa'), { amount: '-5', currency: 'XOF', phone: '2250705145655', providerId: 9197 });
  assert.deepEqual([bad.status, bad.body.code, bad.body.field, bad.body.outcome], [400, 'validation_error', 'amount', 'not_sent'], label);
  assert.equal(sb.requests().length, before, `${label}: nothing sent`);
}
