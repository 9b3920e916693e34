// Shared plumbing of the provider classes: JSON in and out of the wasm core, argument checks, error mapping.
import { invalid, toPayrailError } from './errors.js';

/**
 * JSON text of a caller's object. JSON has no NaN or Infinity: such numbers are sent as `{"$number": "NaN"}` so
 * the core can name the problem; BigInts are sent as decimal strings.
 */
export function toJson(value, what) {
  try {
    if (!needsReplacer(value, 0)) return JSON.stringify(value) ?? 'null';
    return JSON.stringify(value, (_k, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
      if (typeof v === 'bigint') return v.toString();
      return v;
    }) ?? 'null';
  } catch (e) {
    throw invalid(what, `cannot be serialised to JSON (${e.message})`);
  }
}

/**
 * Whether `toJson` needs its replacer for `value`: a NaN, an Infinity or a BigInt inside, a `toJSON` method
 * (whose result may hold one), or nesting deeper than 64 (a cycle: the replacer pass reports it). A replacer
 * takes JSON.stringify off its fast path (half the time of `signUnipesa` on a small object: bench/), so plain
 * data, the usual case, skips it.
 */
function needsReplacer(value, depth) {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value === 'bigint') return true;
  if (value === null || typeof value !== 'object') return false;
  if (depth > 64 || typeof value.toJSON === 'function') return true;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    if (needsReplacer(v, depth + 1)) return true;
  }
  return false;
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

export function call(fn, provider) {
  try {
    return fn();
  } catch (e) {
    throw toPayrailError(e, provider);
  }
}

export async function callAsync(promiseFn, provider) {
  let text;
  try {
    text = await promiseFn();
  } catch (e) {
    throw toPayrailError(e, provider);
  }
  return JSON.parse(text);
}

/** Reads a callback body given as text, bytes or an already parsed object. */
export function callbackText(body, field = 'body') {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
  return toJson(requireObject(body, field), field);
}

/**
 * Separates the options that cannot cross into wasm as JSON: `fetch` (a function) and `tokenStore` (an object with
 * get/set functions), from the rest (JSON text for the core).
 */
export function splitOptions(options, provider) {
  requireObject(options, 'options');
  const { fetch, tokenStore, ...rest } = options;
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw invalid('fetch', 'must be a function', provider);
  }
  if (tokenStore !== undefined && (tokenStore === null || typeof tokenStore.get !== 'function' || typeof tokenStore.set !== 'function')) {
    throw invalid('tokenStore', 'must have get(key) and set(key, value, ttlSeconds) functions', provider);
  }
  return { fetch, tokenStore, json: toJson(rest, 'options') };
}
