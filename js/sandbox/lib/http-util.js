// HTTP helpers of the payrail sandbox: reading and parsing request bodies, writing responses.
// Node built-ins only (this directory is published verbatim as `payrail/sandbox`).

/** Largest request body the sandbox accepts (bytes). Provider requests are a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Thrown by readBody() when the body is larger than the limit. */
export class BodyTooLargeError extends Error {
  constructor(limit) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
    this.limit = limit;
  }
}

/**
 * Reads the whole body of an incoming request as a UTF-8 string.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<string>}
 */
export function readBody(req, limit = MAX_BODY_BYTES) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        reject(err);
      }
    });
  });
}

/** The media type of a content-type header value, lower-cased, without parameters ('' when absent). */
export function mediaType(contentType) {
  if (typeof contentType !== 'string') return '';
  return contentType.split(';')[0].trim().toLowerCase();
}

/** True when a media type is JSON (`application/json`, `application/problem+json`, `text/json`...). */
export function isJsonMediaType(type) {
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

/**
 * Parses an `application/x-www-form-urlencoded` body into a plain object (a repeated key keeps its last value).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseForm(text) {
  const out = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = v;
  return out;
}

/**
 * JSON.parse that returns undefined instead of throwing.
 * @param {string} text
 */
export function tryParseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses a raw body according to its content type.
 * - form (`application/x-www-form-urlencoded`): `form` is a plain object, `json` undefined;
 * - JSON content types, and bodies sent without a content type or as text/plain: `json` is the parsed
 *   value when the text is valid JSON (else undefined: the provider decides how to answer malformed JSON);
 * - anything else (multipart, XML...): both undefined, the provider still has `rawBody`.
 * @param {string} rawBody
 * @param {string|undefined} contentType
 * @returns {{ json: unknown, form: Record<string,string>|undefined }}
 */
export function parseBody(rawBody, contentType) {
  const type = mediaType(contentType);
  if (type === 'application/x-www-form-urlencoded') {
    return { json: undefined, form: parseForm(rawBody) };
  }
  if (rawBody.trim() === '') return { json: undefined, form: undefined };
  if (isJsonMediaType(type) || type === '' || type === 'text/plain') {
    return { json: tryParseJson(rawBody), form: undefined };
  }
  return { json: undefined, form: undefined };
}

/**
 * Lower-cases the names of a header object; array values are joined with ", ".
 * @param {Record<string, unknown>|undefined} headers
 * @returns {Record<string, string>}
 */
export function lowerCaseHeaders(headers) {
  const out = {};
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * Turns a provider result body into bytes plus a default content type.
 * A plain object or array → JSON; a string → as given (text/plain unless the headers say otherwise);
 * a Buffer/Uint8Array → as given (application/octet-stream by default); null/undefined → no body.
 * @param {unknown} body
 * @returns {{ bytes: Buffer|null, defaultType: string|null, text: string|null }}
 */
export function encodeBody(body) {
  if (body === undefined || body === null) return { bytes: null, defaultType: null, text: null };
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    const bytes = Buffer.from(body);
    return { bytes, defaultType: 'application/octet-stream', text: bytes.toString('utf8') };
  }
  if (typeof body === 'string') {
    return { bytes: Buffer.from(body, 'utf8'), defaultType: 'text/plain; charset=utf-8', text: body };
  }
  const text = JSON.stringify(body);
  return { bytes: Buffer.from(text, 'utf8'), defaultType: 'application/json', text };
}

/** Promise that resolves after `ms` milliseconds, on an unref'd timer. */
export function sleep(ms) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    if (typeof t.unref === 'function') t.unref();
  });
}
