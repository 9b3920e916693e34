// Outgoing callbacks of the payrail sandbox: the log entry of one delivery and its HTTP request.
// Node built-ins only (this directory is published verbatim as `payrail/sandbox`).

import http from 'node:http';
import https from 'node:https';
import { lowerCaseHeaders } from './http-util.js';

/** Most characters of a merchant's answer kept in the callback log. */
export const MAX_CALLBACK_RESPONSE_CHARS = 64 * 1024;

/**
 * The callbacks() log entry of one delivery, before it is sent (status, responseBody and error are filled in by
 * sendCallbackRequest()). A body without a content-type gets JSON or form by its first character.
 */
export function callbackEntry({ seq, time, provider, reference, url, method, headers, body, fault, copy }) {
  const entry = {
    seq,
    time,
    provider,
    reference,
    url: String(url),
    method: String(method).toUpperCase(),
    headers: lowerCaseHeaders(headers),
    body: body ?? null,
    fault,
    copy,
    status: null,
    responseBody: null,
    error: null,
  };
  if (body !== undefined && !entry.headers['content-type']) {
    entry.headers['content-type'] = /^\s*[[{]/.test(body) ? 'application/json' : 'application/x-www-form-urlencoded';
  }
  return entry;
}

/**
 * Sends one callback (node:http/https, no keep-alive), bounded by `timeoutMs`, and records the answer (or the
 * error) in `entry`. The request is in `outgoing` while it runs (close() destroys them). Never rejects.
 * @param {object} entry  a callbackEntry()
 * @param {Set<object>} outgoing
 * @param {number} timeoutMs
 * @returns {Promise<void>}
 */
export function sendCallbackRequest(entry, outgoing, timeoutMs) {
  return new Promise((resolve) => {
    let target;
    try {
      target = new URL(entry.url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('unsupported protocol');
    } catch {
      entry.error = 'invalid callback URL';
      resolve();
      return;
    }
    const lib = target.protocol === 'https:' ? https : http;
    const bytes = entry.body === null ? null : Buffer.from(entry.body, 'utf8');
    const headers = { ...entry.headers, connection: 'close', 'user-agent': 'payrail-sandbox' };
    if (bytes) headers['content-length'] = String(bytes.length);
    let done = false;
    const finish = (err) => {
      if (done) return;
      done = true;
      outgoing.delete(out);
      if (err) entry.error = err.message || String(err);
      resolve();
    };
    const out = lib.request(target, { method: entry.method, headers, agent: false }, (res) => {
      entry.status = res.statusCode ?? null;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (text.length < MAX_CALLBACK_RESPONSE_CHARS) text += chunk;
      });
      res.on('end', () => {
        entry.responseBody = text.slice(0, MAX_CALLBACK_RESPONSE_CHARS);
        finish();
      });
      res.on('error', finish);
      res.on('aborted', () => finish(new Error('callback response aborted')));
    });
    outgoing.add(out);
    out.setTimeout(timeoutMs, () => {
      out.destroy(new Error('callback timed out'));
    });
    out.on('error', finish);
    out.end(bytes ?? undefined);
  });
}
