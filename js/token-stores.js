// Ready token stores for the `tokenStore` option of the token-based providers (MtnMomo, CinetPay, ViralPay).
// A store shares access tokens between short-lived instances (edge isolates), so each does not log in again.
// Keys look like `payrail:momo:sandbox:momo:collection:<apiUser>`; they never contain a secret.

/** In-memory store, shared by every client given the same object (one process). */
export function memoryTokenStore() {
  const map = new Map();
  return {
    async get(key) {
      const hit = map.get(key);
      if (!hit) return null;
      if (Date.now() >= hit.expiresAt) {
        map.delete(key);
        return null;
      }
      return hit.value;
    },
    async set(key, value, ttlSeconds) {
      map.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
    },
  };
}

/**
 * Cloudflare Workers KV store: `new MtnMomo({ ..., tokenStore: workersKvTokenStore(env.TOKENS) })`.
 * KV keeps a value at least 60 s; payrail stores the token's own end of use inside the value and ignores it after.
 */
export function workersKvTokenStore(namespace) {
  if (!namespace || typeof namespace.get !== 'function' || typeof namespace.put !== 'function') {
    throw new TypeError('workersKvTokenStore needs a KV namespace binding (with get and put)');
  }
  return {
    get: (key) => namespace.get(key),
    set: (key, value, ttlSeconds) => namespace.put(key, value, { expirationTtl: Math.max(60, Math.ceil(ttlSeconds)) }),
  };
}

/** Deletes the lock only while it is still ours (its value is our token): one atomic step on the server. */
const RELEASE_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function lockToken() {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The four commands the store sends, for node-redis (v4 and later: `set(key, value, { EX })`,
 * `eval(script, { keys, arguments })`) or ioredis (`set(key, value, 'EX', ttl)`, `eval(script, 1, key, arg)`).
 * ioredis clients (Redis and Cluster) are told apart by their `call` method, which node-redis has not.
 */
function redisCommands(client) {
  if (!client || typeof client.get !== 'function' || typeof client.set !== 'function') {
    throw new TypeError('redisTokenStore needs a connected node-redis or ioredis client (with get and set)');
  }
  const text = (v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));
  if (typeof client.call === 'function') {
    return {
      get: async (key) => text(await client.get(key)),
      setEx: (key, value, ttl) => client.set(key, value, 'EX', ttl),
      setNx: async (key, value, ms) => (await client.set(key, value, 'PX', ms, 'NX')) === 'OK',
      release: (key, value) => client.eval(RELEASE_SCRIPT, 1, key, value),
    };
  }
  return {
    get: async (key) => text(await client.get(key)),
    setEx: (key, value, ttl) => client.set(key, value, { EX: ttl }),
    setNx: async (key, value, ms) => (await client.set(key, value, { NX: true, PX: ms })) === 'OK',
    release: (key, value) => client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [value] }),
  };
}

/**
 * A TokenStore on Redis, for a fleet of Node processes: `tokenStore: redisTokenStore(redis)` with a connected
 * node-redis (v4+) or ioredis client. Values are stored with `SET key value EX ttl`.
 *
 * Single flight across processes: payrail reads the store, and on a miss logs in and stores the token (`get`,
 * then `set`). A `get` that misses takes a short lock (`SET key:lock <random> NX PX lockMs`) before it answers
 * the miss: the process holding it logs in; the others, in any process, poll for the value every `pollMs` until
 * it is stored (then use it) or the lock is gone (then one of them takes it), and after `waitMs` answer a miss
 * (a second login, never a failure). `set` stores the value and drops the lock if it is still this store's.
 * A login that fails leaves its lock to expire (`lockMs`, 5 s): the next call waits that long at most.
 *
 * The same store serves as webhookHandler's `dedupe`: a duplicate delivered while the first is being handled
 * waits for it, and `release(key)` (called by the handler when onCallback fails) drops the lock at once.
 * Redis errors are thrown: payrail treats a failed token-store read as a miss.
 */
export function redisTokenStore(client, options = {}) {
  const commands = redisCommands(client);
  const { lockMs = 5000, pollMs = 50 } = options;
  const waitMs = options.waitMs ?? lockMs + 1000;
  for (const [name, v] of [['lockMs', lockMs], ['pollMs', pollMs], ['waitMs', waitMs]]) {
    if (!Number.isInteger(v) || v <= 0) throw new TypeError(`redisTokenStore: ${name} must be a positive whole number of ms`);
  }
  // The locks this store holds: key -> { token, until }. A lock past `until` has expired on the server too.
  const held = new Map();
  const lockKey = (key) => `${key}:lock`;

  async function tryLock(key) {
    const token = lockToken();
    if (!(await commands.setNx(lockKey(key), token, lockMs))) return false;
    held.set(key, { token, until: Date.now() + lockMs });
    return true;
  }

  async function release(key) {
    const lock = held.get(key);
    if (!lock) return;
    held.delete(key);
    if (Date.now() < lock.until) await commands.release(lockKey(key), lock.token);
  }

  return {
    async get(key) {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const value = await commands.get(key);
        if (value !== null) return value;
        if (await tryLock(key)) {
          // The holder before us may have stored the value between our read and our lock.
          const late = await commands.get(key);
          if (late !== null) await release(key);
          return late;
        }
        if (Date.now() >= deadline) return null;
        await sleep(pollMs);
      }
    },
    async set(key, value, ttlSeconds) {
      await commands.setEx(key, String(value), Math.max(1, Math.ceil(Number(ttlSeconds) || 1)));
      await release(key);
    },
    release,
  };
}
