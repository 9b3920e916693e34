// A callback receiver on 127.0.0.1 for end-to-end tests: records every request, answers 200.
import http from 'node:http';

export async function startCallbackReceiver() {
  const received = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/callback`;
  /** Resolves when `count` callbacks have arrived, or rejects after `timeoutMs`. */
  function waitFor(count, timeoutMs = 3000) {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`expected ${count} callbacks, got ${received.length}`)), timeoutMs);
      const check = () => {
        if (received.length >= count) { clearTimeout(deadline); resolve(received.slice(0, count)); } else waiters.push(check);
      };
      check();
    });
  }
  return {
    url,
    received,
    waitFor,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
