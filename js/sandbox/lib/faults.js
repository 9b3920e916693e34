// Faults of the payrail sandbox: their names, the checked form of an injected fault, which injected fault a
// request takes, the replacement response of each response fault and the default callback forgery.
// Node built-ins only (this directory is published verbatim as `payrail/sandbox`).

import { encodeBody, lowerCaseHeaders, mediaType, parseForm, tryParseJson } from './http-util.js';

/** Faults that replace (or delay) the HTTP response. Without `-after` they apply before the provider runs. */
export const RESPONSE_FAULTS = Object.freeze([
  '429',
  '500',
  '502',
  '503',
  'slow',
  'reset',
  'truncated-json',
  'wrong-content-type',
  'empty-body',
]);

/** Faults that change the callback of the operation; the response itself is normal. */
export const CALLBACK_FAULTS = Object.freeze(['duplicate-callback', 'forged-callback']);

/** Every fault name accepted by `x-sandbox-fault`, injectFault() and options.faults. */
export const FAULT_NAMES = Object.freeze([
  ...RESPONSE_FAULTS,
  ...RESPONSE_FAULTS.map((f) => `${f}-after`),
  ...CALLBACK_FAULTS,
]);

/**
 * Checks a fault spec (injectFault(), POST /__sandbox/faults, options.faults) and returns the pending fault
 * with the given id. Throws a TypeError naming what is wrong.
 */
export function normaliseFaultSpec(spec, id) {
  if (!spec || typeof spec !== 'object') throw new TypeError('a fault spec must be an object');
  const { provider, method, path, fault, times = 1, retryAfter, delayMs } = spec;
  if (!FAULT_NAMES.includes(fault)) throw new TypeError(`unknown sandbox fault: ${String(fault)}`);
  if (provider !== undefined && provider !== null && typeof provider !== 'string') {
    throw new TypeError('fault provider must be a string');
  }
  if (method !== undefined && method !== null && typeof method !== 'string') {
    throw new TypeError('fault method must be a string');
  }
  if (path !== undefined && path !== null && typeof path !== 'string') throw new TypeError('fault path must be a string');
  if (!Number.isInteger(times) || times < 1) throw new TypeError('fault times must be a positive integer');
  return {
    id,
    provider: provider ?? null,
    method: method ? method.toUpperCase() : null,
    path: path ?? null,
    fault,
    times,
    remaining: times,
    retryAfter: retryAfter ?? null,
    delayMs: delayMs ?? null,
  };
}

/**
 * Takes one use of the first pending fault matching a request (removed from `pending` once used up).
 * @returns {object|null} the fault, or null when none matches
 */
export function takeInjectedFault(pending, provider, method, path) {
  const i = pending.findIndex(
    (f) =>
      (!f.provider || f.provider === provider) && (!f.method || f.method === method) && (!f.path || path.includes(f.path)),
  );
  if (i < 0) return null;
  const f = pending[i];
  f.remaining -= 1;
  if (f.remaining <= 0) pending.splice(i, 1);
  return f;
}

/** A pending fault as the handle and the control endpoints show it. */
export function publicFault(f) {
  const { id, provider, method, path, fault, times, remaining, retryAfter, delayMs } = f;
  return { id, provider, method, path, fault, times, remaining, retryAfter, delayMs };
}

/** A header's whole number when it is one, else the injected fault's, else the fallback. */
export function pickNonNegativeInt(headerValue, specValue, fallback) {
  if (headerValue !== undefined && /^\d+$/.test(String(headerValue).trim())) return Number(String(headerValue).trim());
  if (Number.isInteger(specValue) && specValue >= 0) return specValue;
  return fallback;
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>payrail-sandbox</center>\r\n</body>\r\n</html>\r\n';

const HTML_PORTAL =
  '<!DOCTYPE html><html><head><title>Sign in to the network</title></head>' +
  '<body><p>payrail-sandbox: wrong-content-type fault (the request was not executed).</p></body></html>';

const json = (status, obj, headers = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(obj),
});

/**
 * The replacement response of a fault (its name without `-after`). `result` is the provider's real response for
 * `-after` faults (null before: nothing was executed, placeholders stand in for the real body); `settings`
 * carries `retryAfter` (seconds).
 */
export function faultResponse(name, result, settings) {
  switch (name) {
    case '429':
      return json(
        429,
        { error: 'too_many_requests', message: 'Too many requests (sandbox fault 429)' },
        { 'retry-after': String(settings.retryAfter) },
      );
    case '500':
      return json(500, { error: 'internal_server_error', message: 'Internal server error (sandbox fault 500)' });
    case '502':
      return { status: 502, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_502 };
    case '503':
      return json(503, { error: 'service_unavailable', message: 'Service unavailable (sandbox fault 503)' });
    case 'truncated-json': {
      const text = result
        ? encodeBody(result.body).text ?? ''
        : JSON.stringify({
            sandbox_fault: 'truncated-json',
            message: 'This JSON body is cut in half on purpose; the request was not executed.',
          });
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: text.slice(0, Math.floor(text.length / 2)),
      };
    }
    case 'wrong-content-type': {
      if (result) {
        const enc = encodeBody(result.body);
        return {
          status: result.status,
          headers: { ...lowerCaseHeaders(result.headers), 'content-type': 'text/html; charset=utf-8' },
          body: enc.bytes ?? undefined,
        };
      }
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_PORTAL };
    }
    case 'empty-body':
      return { status: 200, headers: { 'content-type': 'application/json' }, body: undefined };
    default:
      throw new Error(`no response for fault ${name}`);
  }
}

/** Forgery used when a provider gives no `forge` function: a corrupted signature, or a marked body. */
export function defaultForge(body, headers) {
  const type = mediaType(lowerCaseHeaders(headers)['content-type']);
  const parsed = tryParseJson(body);
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    if (typeof parsed.signature === 'string') parsed.signature = corrupt(parsed.signature);
    else parsed.sandbox_forged = true;
    return JSON.stringify(parsed);
  }
  if (type === 'application/x-www-form-urlencoded' || (parsed === undefined && body.includes('='))) {
    const form = parseForm(body);
    if (typeof form.signature === 'string') form.signature = corrupt(form.signature);
    else form.sandbox_forged = '1';
    return new URLSearchParams(form).toString();
  }
  return `${body} `;
}

/** The signature with its last character changed. */
function corrupt(sig) {
  if (sig.length === 0) return '0';
  const last = sig[sig.length - 1];
  return sig.slice(0, -1) + (last === '0' ? '1' : '0');
}
