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
