// The browser demo page (www/): starts the local sandbox and a static server for www/ and the built package
// (pkg/), both on 127.0.0.1, and prints the page's URL. The page runs the real package in the browser and talks
// to the sandbox directly (CORS); nothing else is proxied. `make www` builds first, then runs this.
//
//   node scripts/www.mjs [--port 8080] [--sandbox-port 8787] [--final-delay-ms 1500] [--callback-delay-ms 400]
//
// Also imported by tests/www/demo.test.mjs: `startDemo(options)` resolves to `{ url, sandbox, close() }`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { startSandbox } from '../js/sandbox/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** URL prefix → folder served under it. The page imports the package from /pkg/browser.js. */
const MOUNTS = [
  ['/pkg/', path.join(ROOT, 'pkg')],
  ['/', path.join(ROOT, 'www')],
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The file a URL path maps to, or null when it would leave the mounted folder. */
function resolveFile(urlPath) {
  for (const [prefix, dir] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    const rel = urlPath.slice(prefix.length) || 'index.html';
    const file = path.resolve(dir, rel);
    if (file !== dir && !file.startsWith(dir + path.sep)) return null;
    return file;
  }
  return null;
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Starts the sandbox and the static server. Options: `port` (0 = a free one), `sandboxPort`, `finalDelayMs`,
 * `callbackDelayMs`. The sandbox's MoMo API user registers 127.0.0.1 as its callback host, so MoMo accepts the
 * page's callback URL.
 */
export async function startDemo({ port = 0, sandboxPort = 0, finalDelayMs = 1500, callbackDelayMs = 400 } = {}) {
  const sandbox = await startSandbox({
    port: sandboxPort,
    finalDelayMs,
    callbackDelayMs,
    momo: { providerCallbackHost: '127.0.0.1' },
  });
  let origin = () => '';
  const server = createServer(async (req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(res, 400, 'text/plain', 'bad path');
    }
    // The sandbox delivers callbacks here (a browser cannot receive HTTP); the page reads what was delivered
    // from the sandbox's GET /__sandbox/callbacks.
    if (urlPath.startsWith('/callback-sink/')) {
      req.resume();
      return req.on('end', () => send(res, 200, 'text/plain', 'OK'));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    if (urlPath === '/config.json') {
      return send(res, 200, TYPES['.json'], JSON.stringify({ sandboxUrl: sandbox.url, callbackSink: `${origin()}/callback-sink` }));
    }
    const file = resolveFile(urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
    if (!file) return send(res, 404, 'text/plain', 'not found');
    try {
      if (!(await stat(file)).isFile()) return send(res, 404, 'text/plain', 'not found');
      const body = await readFile(file);
      return send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', req.method === 'HEAD' ? undefined : body);
    } catch {
      const hint = urlPath.startsWith('/pkg/') ? 'not found: build the package first (scripts/build.sh)' : 'not found';
      return send(res, 404, 'text/plain', hint);
    }
  });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (e) {
    await sandbox.close();
    throw e;
  }
  origin = () => `http://127.0.0.1:${server.address().port}`;
  return {
    url: `${origin()}/`,
    sandbox,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}

function parseArgs(argv) {
  const opts = {};
  const names = { '--port': 'port', '--sandbox-port': 'sandboxPort', '--final-delay-ms': 'finalDelayMs', '--callback-delay-ms': 'callbackDelayMs' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isInteger(value) || value < 0) {
      console.error(`usage: node scripts/www.mjs [${Object.keys(names).map((n) => `${n} N`).join('] [')}]`);
      process.exit(2);
    }
    opts[key] = value;
  }
  return opts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await stat(path.join(ROOT, 'pkg', 'browser.js'));
  } catch {
    console.error('pkg/browser.js is missing: build the package first (scripts/build.sh, or run `make www`).');
    process.exit(1);
  }
  const opts = { port: 8080, sandboxPort: 8787, ...parseArgs(process.argv.slice(2)) };
  let demo;
  try {
    demo = await startDemo(opts);
  } catch (e) {
    if (e.code !== 'EADDRINUSE') throw e;
    console.error(`${e.message}: pick other ports, e.g. node scripts/www.mjs --port 8081 --sandbox-port 8788`);
    process.exit(1);
  }
  console.log(`payrail demo page:  \x1b[1m${demo.url}\x1b[0m   (open it in a browser)`);
  console.log(`local sandbox:      ${demo.sandbox.url}   (test credentials; 127.0.0.1 only)`);
  console.log('Ctrl-C stops both.');
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
