// Shared plumbing of the provider classes: JSON in and out of the wasm core, argument checks, error mapping.
import { invalid, toPayrailError } from './errors.js';

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
