// A fault-injecting HTTP proxy for the chaos test (issue 12, item 5): plain `node:http` on 127.0.0.1, in front of
// the local sandbox, independent of the sandbox's own fault machinery (js/sandbox/README.md "Faults") and of the
// SDK. It plays the part of what sits between a merchant and a payment provider in real life (gateways, load
// balancers, flaky networks), and keeps an honest log of what it did to each request.
//
// Routing: a client's `baseUrl` is `${proxy.url}/op/<tag>` + the sandbox's provider prefix. The proxy strips
// `/op/<tag>` (so each request is attributed to the operation `<tag>` made it, even with many in flight) and
// forwards the rest to the sandbox. Tags starting with `clean-` are always passed through untouched.
//
// Per request it picks one fault, seeded: the choice is a function of (seed, tag, the n-th request of that tag),
// so an operation gets the same faults whatever the interleaving of the others. The faults:
//
// | fault                 | forwarded (the sandbox ran it)? | what the client gets                                      |
// |-----------------------|---------------------------------|-----------------------------------------------------------|
// | pass                  | yes                             | the sandbox's answer, untouched                           |
// | lost-after            | yes, answer awaited             | the socket is destroyed: no status line                    |
// | reset-before          | no                              | the socket is reset: no status line                        |
// | 502/503/504-before    | no                              | a gateway's HTML error page                                |
// | 502/503/504-after     | yes, answer awaited             | a gateway's HTML error page instead of the answer          |
// | echo-502-before       | no                              | a 502 page that echoes the request line and headers        |
// | echo-504-after        | yes, answer awaited             | a 504 page that echoes the request line and headers        |
// | echo-json-500-after   | yes, answer awaited             | a 500 JSON error whose `message` echoes the same           |
// | slow-after            | yes                             | the answer, `slowMs` later (past the client's time-out)    |
// | 429                   | no                              | 429 with `Retry-After` (0 or 1 s) and an HTML page         |
// | truncated-200-after   | yes, answer awaited             | 200, JSON content type, the first half of the real body    |
// | html-200-after        | yes, answer awaited             | 200, text/html, a page instead of the real body            |
// | cut-200-after         | yes, answer awaited             | 200 declaring the full length, half the body, socket closed |
//
// The echo pages copy every request header (Authorization, Ocp-Apim-Subscription-Key, the AliansPay `guid`...)
// and the request line (CinetPay's `?token=`), as some misconfigured gateways do: the SDK must keep them out of
// its errors. Nothing here is sent anywhere but 127.0.0.1.
import http from 'node:http';

/** Every fault the proxy can apply, in a fixed order (the weights below follow it). */
export const PROXY_FAULTS = Object.freeze([
  'pass',
  'lost-after',
  'reset-before',
  '502-before',
  '503-before',
  '504-before',
  '502-after',
  '503-after',
  '504-after',
  'echo-502-before',
  'echo-504-after',
  'echo-json-500-after',
  'slow-after',
  '429',
  'truncated-200-after',
  'html-200-after',
  'cut-200-after',
]);

/** Default weights: about 40 % of requests pass, the rest is spread over the faults. */
export const DEFAULT_WEIGHTS = Object.freeze({
  pass: 40,
  'lost-after': 6,
  'reset-before': 4,
  '502-before': 3,
  '503-before': 3,
  '504-before': 3,
  '502-after': 3,
  '503-after': 3,
  '504-after': 3,
  'echo-502-before': 3,
  'echo-504-after': 3,
  'echo-json-500-after': 3,
  'slow-after': 5,
  429: 4,
  'truncated-200-after': 5,
  'html-200-after': 4,
  'cut-200-after': 4,
});

/** mulberry32: a small, well-known 32-bit PRNG (Tommy Ettinger's); returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the UTF-8 bytes of a string: a 32-bit seed from (seed, tag, index). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The fault of the `index`-th request of operation `tag` under `seed`, drawn from `weights`. */
export function pickFault(seed, tag, index, weights = DEFAULT_WEIGHTS) {
  const r = mulberry32(fnv1a(`${seed}:${tag}:${index}`))();
  const total = PROXY_FAULTS.reduce((s, f) => s + (weights[f] ?? 0), 0);
  let x = r * total;
  for (const f of PROXY_FAULTS) {
    x -= weights[f] ?? 0;
    if (x < 0) return f;
  }
  return 'pass';
}

const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length',
]);

const REASONS = { 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out' };

const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The request line and every header, as a debugging gateway shows them. */
function requestDump(req) {
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return lines.join('\n');
}

/** An nginx-style error page; with `echo` (the request), the request line and every header. */
function gatewayPage(status, echo) {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  const dump = echo ? `<h2>Request</h2>\r\n<pre>${escapeHtml(requestDump(echo))}</pre>\r\n` : '';
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n${dump}<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** Reads a whole request or response body. */
function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Tokens a token/login answer hands out (`access_token`, `token`, at any depth of a JSON text, even a cut one). */
function tokensIn(text) {
  return [...text.matchAll(/"(?:access_token|token|refresh_token)"\s*:\s*"([^"]{8,})/g)].map((m) => m[1]);
}

/**
 * Starts the proxy in front of `target` (the sandbox's root URL, e.g. `sb.url`).
 * @param {object} o
 * @param {string} o.target upstream root URL (http://127.0.0.1:port)
 * @param {number} o.seed the run's seed
 * @param {number} o.slowMs how long `slow-after` holds an answer (make it longer than the client's time-out)
 * @param {object} [o.weights] fault weights (DEFAULT_WEIGHTS)
 * @param {number} [o.upstreamTimeoutMs] bound on one upstream exchange (default 5000)
 * @returns {Promise<{url: string, records: () => object[], inFlight: () => number, drain: (ms: number) => Promise<boolean>, close: () => Promise<void>}>}
 */
export async function startFaultProxy({ target, seed, slowMs, weights = DEFAULT_WEIGHTS, upstreamTimeoutMs = 5000 }) {
  const upstream = new URL(target);
  const log = [];
  const perTag = new Map(); // tag → number of requests seen
  const timers = new Set();
  const outgoing = new Set();
  let inFlight = 0;
  let seq = 0;
  let closed = false;

  const wait = (ms) => new Promise((resolve) => {
    const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
    timers.add(t);
  });

  /** Sends the request upstream; resolves to { status, headers, body } or rejects. */
  function forward(req, path, body) {
    return new Promise((resolve, reject) => {
      const headers = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
      headers['content-length'] = String(body.length);
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path, headers, agent: false, timeout: upstreamTimeoutMs },
        (res) => {
          readBody(res).then((b) => resolve({ status: res.statusCode, headers: res.headers, body: b }), reject);
        },
      );
      outgoing.add(out);
      out.on('close', () => outgoing.delete(out));
      out.on('timeout', () => out.destroy(new Error('upstream timed out')));
      out.on('error', reject);
      out.end(body);
    });
  }

  function kill(res) {
    const socket = res.socket;
    if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else if (socket) socket.destroy();
    else res.destroy();
  }

  function send(res, status, headers, body) {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  }

  function passHeaders(h) {
    const out = {};
    for (const [k, v] of Object.entries(h)) if (!HOP_BY_HOP.has(k)) out[k] = v;
    return out;
  }

  async function handle(req, res) {
    const m = /^\/op\/([A-Za-z0-9_.-]+)(\/.*)$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!m) {
      send(res, 404, { 'content-type': 'text/plain' }, Buffer.from('fault proxy: paths start with /op/<tag>/'));
      return;
    }
    const [, tag, path] = m;
    const n = perTag.get(tag) ?? 0;
    perTag.set(tag, n + 1);
    const fault = tag.startsWith('clean-') ? 'pass' : pickFault(seed, tag, n, weights);
    const url = new URL(path, 'http://proxy.invalid');
    const record = {
      seq: ++seq,
      tag,
      index: n,
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      body: body.toString('utf8'),
      fault,
      forwarded: false,
      upstreamStatus: null,
      status: null, // what the client got; null when its socket was destroyed
      tokens: [], // tokens the upstream's answer handed out
    };
    log.push(record);

    const before = fault.endsWith('-before') || fault === '429';
    if (before) {
      if (fault === 'reset-before') return kill(res);
      if (fault === '429') {
        record.status = 429;
        const retryAfter = n % 2 === 0 ? '0' : '1';
        return send(res, 429, { 'content-type': 'text/html', 'retry-after': retryAfter }, Buffer.from(gatewayPage(429)));
      }
      const status = Number(/(\d{3})/.exec(fault)[1]);
      record.status = status;
      const echo = fault.startsWith('echo-') ? req : null;
      return send(res, status, { 'content-type': 'text/html' }, Buffer.from(gatewayPage(status, echo)));
    }

    record.forwarded = true;
    let answer;
    try {
      answer = await forward(req, path, body);
    } catch {
      // the sandbox is closing, or the exchange took too long: the client gets a bare 502 (counted as forwarded,
      // since the sandbox may have run it)
      record.status = 502;
      return send(res, 502, { 'content-type': 'text/html' }, Buffer.from(gatewayPage(502)));
    }
    record.upstreamStatus = answer.status;
    record.tokens = tokensIn(answer.body.toString('utf8'));

    switch (fault) {
      case 'pass':
        record.status = answer.status;
        return send(res, answer.status, passHeaders(answer.headers), answer.body);
      case 'slow-after':
        await Promise.race([wait(slowMs), new Promise((r) => res.on('close', r))]);
        record.status = res.destroyed ? null : answer.status;
        return send(res, answer.status, passHeaders(answer.headers), answer.body);
      case 'lost-after':
        return kill(res);
      case 'truncated-200-after': {
        record.status = 200;
        const cut = answer.body.length > 1 ? answer.body.subarray(0, Math.floor(answer.body.length / 2)) : Buffer.from('{"');
        return send(res, 200, { 'content-type': 'application/json' }, cut);
      }
      case 'html-200-after':
        record.status = 200;
        return send(res, 200, { 'content-type': 'text/html' }, Buffer.from('<html><body><h1>Welcome</h1><p>Please wait…</p></body></html>'));
      case 'cut-200-after': {
        record.status = 200;
        const full = answer.body.length > 1 ? answer.body : Buffer.from('{"status":"pending"}');
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
        res.write(full.subarray(0, Math.floor(full.length / 2)));
        // let the half reach the client before the connection dies
        await wait(10);
        return kill(res);
      }
      case 'echo-json-500-after':
        record.status = 500;
        return send(
          res,
          500,
          { 'content-type': 'application/json' },
          Buffer.from(JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: `upstream failed for ${requestDump(req)}` })),
        );
      default: {
        const status = Number(/(\d{3})/.exec(fault)[1]);
        record.status = status;
        const echo = fault.startsWith('echo-') ? req : null;
        return send(res, status, { 'content-type': 'text/html' }, Buffer.from(gatewayPage(status, echo)));
      }
    }
  }

  const server = http.createServer((req, res) => {
    inFlight += 1;
    handle(req, res)
      .catch(() => { if (!res.destroyed) kill(res); })
      .finally(() => { inFlight -= 1; });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;

  return {
    url,
    /** Every request seen, in arrival order. */
    records: () => log.slice(),
    inFlight: () => inFlight,
    /** Resolves true once no request is in flight, false if that took longer than `ms`. */
    async drain(ms) {
      const end = Date.now() + ms;
      while (inFlight > 0) {
        if (Date.now() > end || closed) return false;
        await new Promise((r) => setTimeout(r, 10));
      }
      return true;
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const out of outgoing) out.destroy(new Error('fault proxy closed'));
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
