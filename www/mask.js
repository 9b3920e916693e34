// Masking of the browser demo page: every secret the page learns (credentials, tokens in responses, Basic/Bearer
// values) is replaced wherever it appears, and secret-named headers, form and query fields are masked.

import { parseJson } from './dom.js';

/** What a secret is shown as. */
export const MASK = '••••••••';
/** Headers whose value is a secret. */
const SECRET_HEADERS = new Set(['authorization', 'ocp-apim-subscription-key', 'guid']);
/** JSON keys whose string value is a secret. */
const SECRET_JSON_KEYS = /^(access_token|token|apiKey|api_key|apikey|secretKey|secret_key|password|client_secret|clientSecret)$/;

/** Secret strings seen so far (credentials, tokens learned from responses, Basic/Bearer values). */
const secrets = new Set();

/** Remembers a secret string (6 characters or more) to mask it wherever it appears. */
export function addSecret(value) {
  if (typeof value === 'string' && value.length >= 6) secrets.add(value);
}

/** Learns the secrets in a response body (tokens, MoMo API keys) so they are masked wherever they appear. */
export function learnSecrets(text) {
  const walk = (v) => {
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (SECRET_JSON_KEYS.test(k) && typeof x === 'string') addSecret(x);
        else walk(x);
      }
    }
  };
  walk(parseJson(text));
}

/** Learns the secret values of headers (Authorization, the MoMo subscription key, the AliansPay guid). */
export function learnFromHeaders(headers) {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) continue;
    const v = String(value);
    addSecret(v.replace(/^(Bearer|Basic)\s+/i, ''));
    addSecret(v);
  }
}

/** The text with every known secret replaced, and secret-named form/query fields masked. */
export function mask(text) {
  if (text === undefined || text === null) return '';
  let out = String(text);
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
  out = out.replace(/\b(apikey|password|client_secret|token)( ?= ?)([^&\s"]+)/gi, (_m, k, eq) => `${k}${eq}${MASK}`);
  return out;
}

/** Headers the browser adds on its own (not the package's): left out of the raw view. */
const BROWSER_HEADERS = /^(host|connection|content-length|user-agent|accept|accept-encoding|accept-language|origin|referer|sec-.*|access-control-.*|keep-alive|date|vary)$/i;

/** Headers for display: the browser's own left out, secret ones masked (keeping the Basic/Bearer scheme). */
export function maskHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (BROWSER_HEADERS.test(name)) continue;
    if (SECRET_HEADERS.has(name.toLowerCase())) {
      const scheme = /^(Bearer|Basic)\s+/i.exec(String(value));
      out[name] = scheme ? `${scheme[1]} ${MASK}` : MASK;
    } else {
      out[name] = mask(value);
    }
  }
  return out;
}

/** A request body for display: JSON pretty-printed, a form as one decoded `name = value` line per field. */
export function prettyBody(text, contentType = '') {
  if (/x-www-form-urlencoded/i.test(contentType) && typeof text === 'string' && text !== '') {
    return [...new URLSearchParams(text)].map(([k, v]) => `${k} = ${pretty(v)}`).join('\n');
  }
  return pretty(text);
}

/** A JSON text pretty-printed; any other text as it is. */
export function pretty(text) {
  const parsed = parseJson(text);
  return parsed === null ? String(text ?? '') : JSON.stringify(parsed, null, 2);
}
