// A real redis-server for the Redis tests (Debian's package, installed by scripts/setup.sh): started on a free
// port of 127.0.0.1 with nothing persisted, stopped at the end. Plus the two clients' constructors.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { createClient } from 'redis';
import Redis from 'ioredis';

/** A port nobody listens on now (redis-server's --port 0 would disable TCP, so one is picked here). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts redis-server; resolves once it accepts connections (bounded: 10 s). */
export async function startRedis() {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const ready = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      const check = (chunk) => {
        out += chunk;
        if (/Ready to accept connections/.test(out)) { clearTimeout(timer); resolve(true); }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.on('exit', () => { clearTimeout(timer); resolve(false); });
      child.on('error', (e) => { out += String(e); clearTimeout(timer); resolve(false); });
    });
    if (ready) {
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        stop: () => new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.on('exit', () => resolve());
          child.kill('SIGTERM');
        }),
      };
    }
    child.kill('SIGKILL');
    // Another process took the port between the probe and the start: try another, twice at most.
    if (attempt >= 2 || !/Address already in use/.test(out)) throw new Error(`redis-server did not start (is it installed? scripts/setup.sh installs it):\n${out.slice(-2000)}`);
  }
}

/** A connected client of either library: 'node-redis' (createClient) or 'ioredis'. */
export async function connect(flavor, url) {
  if (flavor === 'node-redis') {
    const client = createClient({ url });
    await client.connect();
    return { client, quit: () => client.quit() };
  }
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  return { client, quit: () => client.quit() };
}
