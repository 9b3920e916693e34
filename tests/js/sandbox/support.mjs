// Helpers shared by the sandbox tests: a local callback receiver, polling, raw HTTP calls.
import http from 'node:http';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `predicate` (sync or async) every 10 ms until it gives a truthy value or `timeoutMs` has passed;
 * resolves to its last value (falsy on timeout).
 */
export async function eventually(predicate, timeoutMs = 2000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await predicate();
    if (v || Date.now() > end) return v;
    await sleep(10);
  }
}

/** Like eventually(), but a timeout throws `timed out waiting for <what>`; resolves to the truthy value. */
export async function waitFor(predicate, what, timeoutMs = 2000) {
  const v = await eventually(predicate, timeoutMs);
  if (!v) throw new Error(`timed out waiting for ${what}`);
  return v;
}

/**
 * A local HTTP server on 127.0.0.1 that records every request ({ method, url, headers, body }) in
 * `received` and answers `OK` (status from `statusFor(req)`, 200 by default).
 * `origin` is http://127.0.0.1:<port>; `url` is origin + `path`.
 */
export async function startReceiver({ path = '', statusFor = () => 200 } = {}) {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(statusFor(req), { 'content-type': 'text/plain', connection: 'close' });
      res.end('OK');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + path,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** fetch() read to the end: { status, headers, text, json (undefined when the body is not JSON) }. */
export async function call(url, init, extraHeaders) {
  const res = await fetch(url, extraHeaders ? { ...init, headers: { ...(init?.headers ?? {}), ...extraHeaders } } : init);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
