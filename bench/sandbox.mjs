// The payrail sandbox in its own Node process for the bench rows that talk HTTP (collect, collect-throughput,
// momo-throughput): a real provider is another machine, so its CPU must not be the client's.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts `js/sandbox/cli.js` on a free port; resolves to `{ url, info, get, close }`: `info` is its
 * `/__sandbox/info` (base URLs, credentials), `get(p)` reads a control endpoint (`/requests`, `/executions`...).
 */
export async function sandboxProcess() {
  const child = spawn(process.execPath, [path.join(root, 'js/sandbox/cli.js'), '--port', '0', '--quiet',
    '--final-delay-ms', '50', '--callback-delay-ms', '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /unipesa\s+(http:\/\/127\.0\.0\.1:\d+)\/unipesa/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited (${code}) before listening`)));
  });
  child.stdout.resume();
  const get = async (p) => {
    const res = await fetch(`${url}/__sandbox${p}`);
    if (!res.ok) throw new Error(`sandbox ${p}: HTTP ${res.status}`);
    return res.json();
  };
  const info = await get('/info');
  return { url, info, get, close: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) };
}
