// The /__sandbox control endpoints of the payrail sandbox (README.md beside the server): the logs, the faults,
// reset, info and triggering a callback. Node built-ins only (published verbatim as `payrail/sandbox`).

import { tryParseJson } from './http-util.js';
import { CALLBACK_FAULTS, FAULT_NAMES, publicFault } from './faults.js';

/** Path prefix of the control endpoints (never a provider's). */
export const CONTROL_PREFIX = '/__sandbox';

/**
 * `METHOD path` → handler(sandbox, ctl) where ctl = { req, res, body } (body: the parsed JSON body, {} when
 * empty, undefined when not JSON). A handler answers through sandbox.writeJson().
 */
const ENDPOINTS = {
  'GET /requests': (s, { res }) => s.writeJson(res, 200, s.requestLog),
  'GET /executions': (s, { res }) => s.writeJson(res, 200, s.executionLog),
  'GET /callbacks': (s, { res }) => s.writeJson(res, 200, s.callbackLog),
  'GET /errors': (s, { res }) => s.writeJson(res, 200, s.errorLog),
  'GET /faults': (s, { res }) =>
    s.writeJson(res, 200, { counts: { ...s.counts }, pending: s.pendingFaults.map(publicFault), names: FAULT_NAMES }),
  'POST /faults': (s, { res, body }) => {
    if (body === undefined) return s.writeJson(res, 400, { error: 'invalid_json', message: 'body must be JSON' });
    try {
      return s.writeJson(res, 201, publicFault(s.injectFault(body)));
    } catch (err) {
      return s.writeJson(res, 400, { error: 'invalid_fault', message: err.message });
    }
  },
  'DELETE /faults': (s, { res }) => {
    s.pendingFaults = [];
    return s.writeJson(res, 200, { pending: [] });
  },
  'POST /reset': (s, { res }) => {
    s.reset();
    return s.writeJson(res, 200, { reset: true });
  },
  'GET /info': info,
  'GET /': info,
};

function info(s, { res }) {
  return s.writeJson(res, 200, {
    name: 'payrail-sandbox',
    url: s.url,
    baseUrls: s.baseUrls(),
    credentials: s.credentials(),
    providers: s.providers.map((p) => p.name),
    faults: FAULT_NAMES,
    finalDelayMs: s.ctx.finalDelayMs,
    callbackDelayMs: s.ctx.callbackDelayMs,
  });
}

/**
 * Answers a control request. `path` is the part after CONTROL_PREFIX ('/' for the prefix itself).
 * @param {object} sandbox  the SandboxServer
 */
export async function handleControl(sandbox, req, res, method, path, rawBody) {
  const body = rawBody.trim() === '' ? {} : tryParseJson(rawBody);
  const endpoint = ENDPOINTS[`${method} ${path}`];
  if (endpoint) return endpoint(sandbox, { req, res, body });
  const m = /^\/callbacks\/([^/]+)\/([^/]+)$/.exec(path);
  if (method === 'POST' && m) return triggerCallbackEndpoint(sandbox, req, res, m, body);
  return sandbox.writeJson(res, 404, {
    error: 'not_found',
    message: `no control endpoint ${method} ${CONTROL_PREFIX}${path}`,
  });
}

/** POST /__sandbox/callbacks/<provider>/<reference>: sends that transaction's callback now, answers the log entries. */
async function triggerCallbackEndpoint(sandbox, req, res, match, body) {
  let provider;
  let reference;
  try {
    provider = decodeURIComponent(match[1]);
    reference = decodeURIComponent(match[2]);
  } catch {
    return sandbox.writeJson(res, 400, { error: 'bad_path', message: 'invalid percent-encoding' });
  }
  const opts = body && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {};
  const asked = req.headers['x-sandbox-fault'];
  if (asked) opts.fault = String(asked).trim();
  if (opts.fault !== undefined && !CALLBACK_FAULTS.includes(opts.fault)) {
    return sandbox.writeJson(res, 400, {
      error: 'invalid_fault',
      message: `a callback fault must be one of: ${CALLBACK_FAULTS.join(', ')}`,
    });
  }
  if (!sandbox.providers.some((p) => p.name === provider)) {
    return sandbox.writeJson(res, 404, { error: 'unknown_provider', message: `no sandbox provider ${provider}` });
  }
  const { found, deliveries } = sandbox.triggerCallback(provider, reference, opts);
  if (!found) {
    return sandbox.writeJson(res, 404, {
      error: 'unknown_reference',
      message: `${provider} has no transaction ${reference}`,
    });
  }
  const sent = (await Promise.all(deliveries)).flat();
  return sandbox.writeJson(res, 200, { triggered: true, provider, reference, callbacks: sent });
}
