// The sandbox CLI (`node js/sandbox/cli.js`) as js/sandbox/README.md describes it: --help prints the usage, an
// unknown option exits 2, one line per request (method, provider, path, status) whose query string, headers and
// body are never printed, --quiet prints none, SIGTERM stops it. Each child listens on 127.0.0.1 port 0 (a free
// port) and is bounded in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../js/sandbox/cli.js', import.meta.url));
const BOUND_MS = 15000;

/** Runs the CLI; resolves { code, stdout, stderr } on exit; `onOut(stdout, child)` sees stdout as it grows. */
function run(args, onOut = () => {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not exit within ${BOUND_MS} ms; stdout: ${stdout}`));
    }, BOUND_MS);
    child.stdout.on('data', (d) => {
      stdout += d;
      onOut(stdout, child);
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const SECRETS = { header: 'hdr-secret-4b1f', query: 'qs-secret-9c2e', body: 'body-secret-7a3d' };

/** Once the sandbox printed its URL: one request carrying secrets in the query, a header and the body, then SIGTERM. */
function sendThenStop(seenLine) {
  let started = false;
  return (stdout, child) => {
    const m = /listening on (http:\/\/\S+)/.exec(stdout);
    if (!m || started) {
      if (started && seenLine(stdout)) child.kill('SIGTERM');
      return;
    }
    started = true;
    fetch(`${m[1]}/unipesa/some-public-id/payment_c2b?token=${SECRETS.query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRETS.header}` },
      body: JSON.stringify({ order_id: SECRETS.body }),
      signal: AbortSignal.timeout(5000),
    })
      .then((r) => r.arrayBuffer())
      .then(() => setTimeout(() => child.kill('SIGTERM'), 200)) // --quiet prints nothing to wait for
      .catch(() => child.kill('SIGTERM'));
  };
}

test('--help prints the usage with every option and exits 0', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  for (const opt of ['--port', '--host', '--final-delay-ms', '--callback-delay-ms', '--quiet', '--help']) {
    assert.ok(r.stdout.includes(opt), opt);
  }
});

test('an unknown option exits 2 with the usage on stderr', async () => {
  const r = await run(['--no-such-option']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option --no-such-option/);
  assert.match(r.stderr, /Usage: payrail-sandbox/);
});

test('one line per request, without the query string, headers or body; SIGTERM stops it', async () => {
  const line = /POST unipesa \/some-public-id\/payment_c2b -> \d{3}/;
  const r = await run(['--port', '0'], sendThenStop((out) => line.test(out)));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, line);
  assert.match(r.stdout, /SIGTERM: stopping the sandbox/);
  for (const s of Object.values(SECRETS)) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), s);
});

test('--quiet prints no request line', async () => {
  const r = await run(['--port', '0', '--quiet'], sendThenStop(() => false));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /listening on http:\/\/127\.0\.0\.1:\d+/);
  assert.doesNotMatch(r.stdout, /POST unipesa/);
  for (const s of Object.values(SECRETS)) assert.ok(!r.stdout.includes(s), s);
});
