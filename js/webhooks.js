// Webhook (callback) routes for the five providers, as one handler per client:
// - webhookHandler(client, opts): (request: Request) => Promise<Response>, WHATWG (Workers, Next.js route
//   handlers, Hono, Deno.serve, Bun.serve);
// - nodeWebhookHandler(client, opts): (req, res) => Promise<void>, node:http, Express, Fastify (raw res).
// Each reads the raw body, verifies it (Unipesa signs its callbacks, docs/providers/unipesa.md) or confirms it
// by a status read (MoMo, CinetPay, ViralPAY and AliansPay sign nothing: docs/providers/momo.md,
// cinetpay.md, viralpay.md, alianspay.md), answers CinetPay's liveness GET, and calls `onCallback` once per
// distinct callback (provider + reference + status + transaction id), across instances when `dedupe` is a
// shared store. What differs by provider (how a callback is confirmed, its methods, MoMo's reference from the URL,
// CinetPay's liveness check) comes with the client (js/webhook-rules.js): each entry bundles its own providers'.
import { PayrailError, SignatureError, invalid } from './errors.js';
import { callbackText } from './util.js';
import { WEBHOOK } from './webhook-rules.js';

/** How long a handled callback's dedupe key is kept (7 days: longer than any provider's retries). */
const DEFAULT_DEDUPE_TTL_SECONDS = 7 * 24 * 3600;
/** The largest callback body read (bodies are a few hundred bytes; a bigger one is refused with 413). */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** How many keys the default in-memory dedupe store keeps (the oldest go first). */
const MEMORY_DEDUPE_LIMIT = 10_000;

/** A bounded in-memory dedupe store (one per handler when none is given): the TokenStore shape. */
function memoryDedupe(limit = MEMORY_DEDUPE_LIMIT) {
  const map = new Map();
  return {
    get(key) {
      const hit = map.get(key);
      if (hit === undefined) return null;
      if (Date.now() >= hit.expiresAt) {
        map.delete(key);
        return null;
      }
      return hit.value;
    },
    set(key, value, ttlSeconds) {
      map.delete(key);
      map.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
      while (map.size > limit) map.delete(map.keys().next().value);
    },
  };
}

/** The client's provider and its webhook rules (js/webhook-rules.js), which its class carries. */
function providerOf(client) {
  let provider;
  try {
    provider = client?.toJSON?.().provider;
  } catch {
    provider = undefined;
  }
  const rules = client?.constructor?.[WEBHOOK];
  if (typeof provider !== 'string' || !rules || typeof client.parseCallback !== 'function') {
    throw invalid('client', 'must be a payrail client (Unipesa, MtnMomo, CinetPay, ViralPay or AliansPay)');
  }
  return { provider, rules };
}

/** The handler options, checked once when the handler is made (a ValidationError naming the option). */
function readOptions(client, opts) {
  const { provider, rules } = providerOf(client);
  if (opts === null || typeof opts !== 'object') throw invalid('options', 'must be an object', provider);
  const { onCallback, onError, dedupe, reference, kind } = opts;
  if (typeof onCallback !== 'function') throw invalid('onCallback', 'must be a function', provider);
  if (onError !== undefined && typeof onError !== 'function') throw invalid('onError', 'must be a function', provider);
  if (dedupe !== undefined && dedupe !== false && (dedupe === null || typeof dedupe.get !== 'function' || typeof dedupe.set !== 'function')) {
    throw invalid('dedupe', 'must be false or have get(key) and set(key, value, ttlSeconds) functions', provider);
  }
  if (reference !== undefined && typeof reference !== 'function') throw invalid('reference', 'must be a function (request) => string', provider);
  if (kind !== undefined && typeof kind !== 'string' && typeof kind !== 'function') {
    throw invalid('kind', 'must be a string or a function (request) => string', provider);
  }
  const positive = (name, value, fallback) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value <= 0) throw invalid(name, 'must be a positive whole number', provider);
    return value;
  };
  return {
    client,
    provider,
    rules,
    onCallback,
    onError,
    dedupe: dedupe === false ? null : dedupe ?? memoryDedupe(),
    reference,
    kind,
    dedupeTtlSeconds: positive('dedupeTtlSeconds', opts.dedupeTtlSeconds, DEFAULT_DEDUPE_TTL_SECONDS),
    maxBodyBytes: positive('maxBodyBytes', opts.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    inFlight: new Map(),
  };
}

const json = (status, body, headers = {}) => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** What a refused callback is answered: the error's code (and field), never its message or the body. */
function refusal(status, error) {
  const body = { error: error?.code ?? 'error' };
  if (error?.field !== undefined) body.field = error.field;
  return json(status, body);
}

/**
 * The answer to an error of verifying or confirming: a forged callback 401 (it never reaches onCallback), bad
 * input 400, a status read that failed for now 503 (the provider may retry: MoMo does not, so poll `status` as
 * docs/providers/momo.md says), anything else 500.
 */
function errorStatus(e) {
  if (e instanceof SignatureError) return 401;
  if (!(e instanceof PayrailError)) return 500;
  if (e.category === 'validation' || e.category === 'parse') return 400;
  if (e.retryable || ['network', 'timeout', 'rate_limited'].includes(e.category)) return 503;
  // The provider has no such operation: the callback names a reference it never made.
  if (e.httpStatus === 404) return 400;
  return 500;
}

/** `{ reference, kind }` for MoMo (MTN's callbacks carry no reference): the options, else the URL. */
async function callbackOptions(o, request, url) {
  const { rules } = o;
  if (!rules.reference && o.reference === undefined) return undefined;
  let reference = o.reference ? await o.reference(request) : undefined;
  if (reference === undefined && rules.reference) reference = rules.reference(url);
  if (reference !== undefined && reference !== null && typeof reference !== 'string') {
    throw invalid('reference', 'the reference option must return a string', o.provider);
  }
  let kind = typeof o.kind === 'function' ? await o.kind(request) : o.kind;
  if (kind === undefined && rules.kind) kind = rules.kind(url);
  const options = {};
  if (reference) options.reference = reference;
  if (kind) options.kind = kind;
  return options;
}

/** Reads and verifies (Unipesa) or confirms (the others) a callback: the Callback to hand to onCallback. */
async function verify(o, text, headers, options) {
  return o.rules.accept(await o.client.parseCallback(text, headers, options), o, text, headers, options);
}

/** The key under which a handled callback is remembered: never a secret, only what the callback says. */
function dedupeKey(cb) {
  return `payrail:webhook:${cb.provider}:${cb.reference}:${cb.status}:${cb.transactionId ?? ''}`;
}

/** Calls onCallback unless this callback was handled already (here, or by any instance sharing the store). */
async function deliverOnce(o, cb, context) {
  if (!o.dedupe) {
    await o.onCallback(cb, context);
    return false;
  }
  const key = dedupeKey(cb);
  // One at a time per key in this instance; the store's lock (redisTokenStore) does it across instances.
  while (o.inFlight.has(key)) await o.inFlight.get(key);
  let release;
  o.inFlight.set(key, new Promise((resolve) => { release = resolve; }));
  try {
    if (await o.dedupe.get(key)) return true;
    try {
      await o.onCallback(cb, context);
    } catch (e) {
      // A locking store's lock goes now, so the provider's retry is handled without waiting for it to expire.
      await o.dedupe.release(key);
      throw e;
    }
    // Remembered only once handled: a failure above is answered 500 and the provider's retry comes back here.
    await o.dedupe.set(key, JSON.stringify({ handledAt: new Date().toISOString() }), o.dedupeTtlSeconds);
    return false;
  } finally {
    o.inFlight.delete(key);
    release();
  }
}

/** A dedupe store that could not be read: answered 503, so the provider retries once it is back. */
class StoreFailed extends Error {
  constructor(cause) {
    super('the dedupe store failed', { cause });
    this.name = 'StoreFailed';
    this.code = 'dedupe_store_unavailable';
  }
}

/** Reports a refusal to `onError`, whose own failure is ignored (it must never change the answer). */
async function report(o, error, status) {
  if (!o.onError) return;
  try {
    await o.onError(error, { provider: o.provider, status });
  } catch {
    // a logger that throws changes nothing
  }
}

/**
 * The answer to one request: `{ status, headers, body }`. `req` is `{ method, url, headers, read, request }`:
 * `read(max)` resolves to the raw body text (or null when it is longer than `max` bytes); `request` is the
 * WHATWG Request handed to the `reference` and `kind` options and to onCallback's context.
 */
async function handle(o, req) {
  const method = String(req.method ?? '').toUpperCase();
  const alive = o.rules.liveness?.(o, method, undefined);
  if (alive) return alive;
  const allowed = o.rules.methods ?? ['POST'];
  if (!allowed.includes(method)) {
    const answer = json(405, { error: 'method_not_allowed' });
    answer.headers.allow = allowed.join(', ');
    return answer;
  }
  const text = await req.read(o.maxBodyBytes);
  if (text === null) return json(413, { error: 'body_too_large' });
  // CinetPay's liveness check may also come without fields (docs/providers/cinetpay.md#callbacks).
  const ping = o.rules.liveness?.(o, method, text);
  if (ping) return ping;
  let cb;
  try {
    const url = new URL(req.url, 'http://localhost');
    cb = await verify(o, text, req.headers, await callbackOptions(o, req.request, url));
  } catch (e) {
    const status = errorStatus(e);
    await report(o, e, status);
    return refusal(status, e);
  }
  try {
    const duplicate = await deliverOnce(o, cb, { provider: o.provider, request: req.request });
    return json(200, duplicate ? { received: true, duplicate: true } : { received: true });
  } catch (e) {
    const status = e instanceof StoreFailed ? 503 : 500;
    await report(o, e, status);
    return json(status, { error: e instanceof StoreFailed ? e.code : 'callback_handler_failed' });
  }
}

/**
 * The dedupe store as the handler uses it: a failed `get` is a StoreFailed (answered 503); a failed `set` or
 * `release` is let go (onCallback has run: a 5xx now would bring the same callback back to it).
 */
function guardedStore(store) {
  if (!store) return store;
  return {
    async get(key) {
      try {
        return await store.get(key);
      } catch (e) {
        throw new StoreFailed(e);
      }
    },
    set: (key, value, ttl) => Promise.resolve().then(() => store.set(key, value, ttl)).catch(() => {}),
    release: (key) => Promise.resolve().then(() => store.release?.(key)).catch(() => {}),
  };
}

/** Reads a WHATWG body stream as UTF-8 text, up to `max` bytes (null past that). */
async function readStream(body, max) {
  if (!body) return '';
  const reader = body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** Headers as a plain object of lower-case names (what parseCallback's `headers` argument takes). */
function headerObject(headers) {
  const out = {};
  if (typeof headers?.forEach === 'function' && typeof headers.get === 'function') headers.forEach((v, k) => { out[k.toLowerCase()] = v; });
  else for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

/**
 * A WHATWG handler for the callbacks of `client`: `(request: Request) => Promise<Response>`, as is for a
 * Worker's `fetch`, a Next.js route handler (`export const POST = handler`), Hono (`(c) => handler(c.req.raw)`),
 * `Deno.serve` and `Bun.serve`. See index.d.ts (WebhookOptions) for the options and the answers.
 */
export function webhookHandler(client, opts) {
  const o = readOptions(client, opts);
  o.dedupe = guardedStore(o.dedupe);
  return async (request) => {
    let answer;
    try {
      answer = await handle(o, {
        method: request.method,
        url: request.url,
        headers: headerObject(request.headers),
        request,
        read: (max) => {
          const declared = Number(request.headers.get('content-length') ?? undefined);
          if (Number.isFinite(declared) && declared > max) return null;
          return readStream(request.body, max);
        },
      });
    } catch (e) {
      // the body could not be read (already used, the connection went): nothing was handled
      await report(o, e, 500);
      answer = json(500, { error: 'internal_error' });
    }
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}

/** The raw body a framework already read (`req.rawBody`, or `req.body` kept as a Buffer or string), if any. */
function bodyAlreadyRead(req) {
  for (const b of [req.rawBody, req.body]) {
    if (typeof b === 'string' || b instanceof Uint8Array || b instanceof ArrayBuffer) return callbackText(b);
  }
  return undefined;
}

/** Reads a node:http request body as UTF-8 text, up to `max` bytes (null past that). */
function readNodeBody(req, max) {
  if (req.readableEnded) {
    // express.json() and the like consume the stream and keep only the parsed object: the bytes a signature
    // covers (and their order) are gone.
    return Promise.reject(new RawBodyGone());
  }
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      const bytes = typeof c === 'string' ? new TextEncoder().encode(c) : c;
      size += bytes.byteLength;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(bytes);
    });
    req.on('end', () => {
      const all = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.byteLength;
      }
      resolve(new TextDecoder().decode(all));
    });
    req.on('error', reject);
  });
}

/** The request's body was read by something else (a body parser) and not kept: a set-up mistake, answered 500. */
class RawBodyGone extends Error {
  constructor() {
    super('the request body was already read (a body parser ran first): mount the webhook route before it, or keep the raw body in req.rawBody (express.raw())');
    this.name = 'RawBodyGone';
    this.code = 'raw_body_unavailable';
  }
}

/** A WHATWG Request with the method, URL and headers of a node:http request (no body: it was read already). */
function requestOf(req, headers) {
  let base = 'http://localhost';
  try {
    if (headers.host) base = new URL(`http://${headers.host}`).origin;
  } catch {
    // a Host header that is no host: the path is what matters
  }
  const url = new URL(req.originalUrl ?? req.url ?? '/', base);
  const method = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(String(req.method).toUpperCase()) ? String(req.method).toUpperCase() : 'POST';
  return new Request(url, { method, headers: Object.entries(headers).filter(([k]) => !k.startsWith(':')) });
}

/**
 * A node:http / Express / Fastify handler for the callbacks of `client`: `(req, res) => Promise<void>`. It reads
 * the raw body itself, unless `req.rawBody` or `req.body` is already a Buffer or a string (express.raw(), a
 * Fastify content-type parser). The options and answers are webhookHandler's; `reference(request)` and
 * `kind(request)` get a WHATWG Request with the same method, URL and headers.
 */
export function nodeWebhookHandler(client, opts) {
  const o = readOptions(client, opts);
  o.dedupe = guardedStore(o.dedupe);
  return async (req, res) => {
    let answer;
    try {
      const headers = headerObject(req.headers);
      const request = requestOf(req, headers);
      const given = bodyAlreadyRead(req);
      answer = await handle(o, {
        method: req.method,
        url: request.url,
        headers,
        request,
        read: (max) => {
          if (given === undefined) return readNodeBody(req, max);
          return new TextEncoder().encode(given).byteLength > max ? null : given;
        },
      });
    } catch (e) {
      await report(o, e, 500);
      answer = json(500, { error: e instanceof RawBodyGone ? e.code : 'internal_error' });
    }
    res.statusCode = answer.status;
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
    res.end(answer.body);
  };
}
