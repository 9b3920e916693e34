// Shared plumbing of the provider classes: JSON in and out of the wasm core, argument checks, error mapping.
import { invalid, PayrailError, toPayrailError } from './errors.js';
import { init, isReady, requireReady } from './ready.js';

/**
 * JSON text of a caller's object. JSON has no NaN or Infinity: such numbers are sent as `{"$number": "NaN"}` so
 * the core can name the problem; BigInts are sent as decimal strings.
 *
 * Plain `JSON.stringify` first: a replacer takes it off its fast path (half the time of `signUnipesa` on a small
 * object, bench/). It writes NaN and ±Infinity as `null` without a word, and throws on a BigInt or a cycle, so
 * text holding `null` (maybe a real one) or a throw goes through the replacer pass, which tells them apart.
 */
export function toJson(value, what) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text !== undefined && !text.includes('null')) return text;
  try {
    return JSON.stringify(value, (_k, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
      if (typeof v === 'bigint') return v.toString();
      return v;
    }) ?? 'null';
  } catch (e) {
    throw invalid(what, `cannot be serialised to JSON (${e.message})`);
  }
}

/** How deep an object handed to the core may nest: far beyond any request, far below what wasm's stack holds. */
const MAX_INPUT_DEPTH = 32;

/**
 * `value` once it is known to be safe to hand to the core as an object: nested at most MAX_INPUT_DEPTH levels
 * (so not cyclic) and readable (no throwing getter or proxy). The core reads objects recursively on wasm's own
 * stack, which a cyclic or 20,000-deep object would overflow and corrupt: this walk refuses them first, with
 * a ValidationError naming the argument.
 */
export function plainInput(value, what) {
  const walk = (v, depth) => {
    if (v === null || typeof v !== 'object') return;
    if (depth >= MAX_INPUT_DEPTH) {
      throw invalid(what, `is nested more than ${MAX_INPUT_DEPTH} levels deep (or refers to itself)`);
    }
    for (const key of Object.keys(v)) walk(v[key], depth + 1);
  };
  try {
    walk(value, 0);
  } catch (e) {
    if (e instanceof PayrailError) throw e;
    throw invalid(what, 'cannot be read (a getter or proxy threw)');
  }
  return value;
}

export function requireString(value, field) {
  if (typeof value !== 'string') {
    throw invalid(field, 'must be a string');
  }
  return value;
}

export function requireObject(value, field) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(field, 'must be an object');
  }
  return value;
}

/**
 * The value of a core call that hands its error back instead of throwing it (`MomoCore.make`, `setHooks`,
 * `setTokenStore`, `parseCallback`: one return value each, src/wasm/unified.rs `set_hooks`): the error is
 * thrown here. Their results are never errors.
 */
export function settled(value) {
  if (value instanceof Error) throw value;
  return value;
}

export function call(fn, provider) {
  try {
    return fn();
  } catch (e) {
    throw toPayrailError(e, provider);
  }
}

/** Awaits a call of the core: its result is a plain object, its errors are PayrailErrors already. */
export async function callAsync(promiseFn, provider) {
  try {
    return await promiseFn();
  } catch (e) {
    throw toPayrailError(e, provider);
  }
}

/**
 * Reads a callback body given as text, bytes or an already parsed object. A WHATWG Request (or Response) is
 * refused with a ValidationError saying what to pass: its body can only be read asynchronously
 * (`await request.text()`), and webhookHandler (js/webhooks.js) does that for a whole route.
 */
export function callbackText(body, field = 'body') {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
  if (looksLikeRequest(body)) {
    throw invalid(field, 'is a Request: pass its text (`await request.text()`), or let webhookHandler(client, { onCallback }) read it');
  }
  return toJson(requireObject(body, field), field);
}

/**
 * The body of a callback as `parseCallback` and `confirmCallback` take it: a WHATWG `Request` is read (its text),
 * anything else is left to `callbackText`.
 */
export async function callbackBody(body) {
  if (!looksLikeRequest(body)) return body;
  try {
    return await body.text();
  } catch (e) {
    throw invalid('body', `could not be read from the Request (${e?.message ?? 'unreadable'})`);
  }
}

/** Whether `value` has a Request's (or Response's) body reader and headers; a throwing getter or proxy is not one. */
function looksLikeRequest(value) {
  if (value === null || typeof value !== 'object') return false;
  try {
    return typeof value.text === 'function' && typeof value.headers?.get === 'function';
  } catch {
    return false;
  }
}

/**
 * Separates the options the core does not read as data: `fetch` (a function), `tokenStore` (an object with
 * get/set functions) and `hooks` (functions the core calls), from the rest (`rest`, the object; `json`, its JSON text for the classes that still take text).
 */
export function splitOptions(options, provider) {
  requireObject(options, 'options');
  const { fetch, tokenStore, hooks, ...rest } = options;
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw invalid('fetch', 'must be a function', provider);
  }
  if (tokenStore !== undefined && (tokenStore === null || typeof tokenStore.get !== 'function' || typeof tokenStore.set !== 'function')) {
    throw invalid('tokenStore', 'must have get(key) and set(key, value, ttlSeconds) functions', provider);
  }
  if (hooks !== undefined && (hooks === null || typeof hooks !== 'object')) {
    throw invalid('hooks', 'must be an object { request?, response?, retry?, error? }', provider);
  }
  return { fetch, tokenStore, hooks, rest, json: toJson(rest, 'options') };
}

/**
 * The fetch a client's core sends with: the caller's, else the runtime's global one as the core is made (where the
 * core would look it up itself), else `undefined` (the core then asks for the `fetch` option). Handed over as a
 * value: looked up by the core, its name is the first text to cross from the wasm, and the glue's TextDecoder is
 * made for it, ~0.15 ms of a Node process's start-up (bench/README.md, start-up).
 */
export function fetchOf(given) {
  if (given !== undefined) return given;
  const global = globalThis.fetch;
  return typeof global === 'function' ? global : undefined;
}

/**
 * A client's core object (the wasm class behind it). Made at once when the entry's wasm is loaded, so a bad
 * option throws from the constructor; in a browser entry before `init()`, made by the first call once it has
 * loaded the module (that call rejects with the bad option's error, and so does every later one).
 * `get()` (asynchronous calls) loads the module first; `now()` (synchronous calls) needs it loaded; `run(fn)` is
 * an asynchronous call of `fn(core)` whose errors are PayrailErrors of the provider.
 */
export function coreHolder(make, provider) {
  let made = false;
  let value;
  let error;
  const build = () => {
    if (!made) {
      made = true;
      try {
        value = call(make, provider);
      } catch (e) {
        error = e;
      }
    }
    if (error !== undefined) throw error;
    return value;
  };
  if (isReady()) build();
  return {
    now(what) {
      requireReady(what);
      return build();
    },
    get() {
      return whenReady(build);
    },
    run(fn) {
      return callAsync(async () => fn(await this.get()), provider);
    },
  };
}

/** For a module-level function of a lazy entry: waits for the module, then calls `fn`. */
export async function whenReady(fn) {
  await init();
  return fn();
}
