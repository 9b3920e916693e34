// The payrail sandbox framework: one node:http server that routes by prefix to the provider modules in
// ./providers/, parses bodies, injects faults, answers CORS, logs requests / executions / callbacks,
// delivers callbacks and serves the /__sandbox control endpoints.
// Node 20 built-ins only; nothing outside js/sandbox/ is imported (published as `payrail/sandbox`).

import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { BodyTooLargeError, encodeBody, lowerCaseHeaders, parseBody, readBody } from './lib/http-util.js';
import { nonNegativeNumber } from './lib/values.js';
import {
  CALLBACK_FAULTS,
  FAULT_NAMES,
  RESPONSE_FAULTS,
  defaultForge,
  faultResponse,
  normaliseFaultSpec,
  pickNonNegativeInt,
  publicFault,
  takeInjectedFault,
} from './lib/faults.js';
import { callbackEntry, sendCallbackRequest } from './lib/callback-delivery.js';
import { CONTROL_PREFIX, handleControl } from './lib/control.js';

export { RESPONSE_FAULTS, CALLBACK_FAULTS, FAULT_NAMES } from './lib/faults.js';

/** The providers the sandbox speaks, in the order they are loaded (file ./providers/<name>.js each). */
export const PROVIDER_NAMES = Object.freeze(['unipesa', 'momo', 'cinetpay', 'viralpay', 'alianspay']);

const DEFAULT_FINAL_DELAY_MS = 300;
const DEFAULT_CALLBACK_DELAY_MS = 100;
const DEFAULT_SLOW_DELAY_MS = 5000;
const DEFAULT_RETRY_AFTER_S = 1;
const DEFAULT_CALLBACK_TIMEOUT_MS = 5000;
const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/** Carries the fault in force (and pending callback deliveries) from a request to the timers it starts. */
const faultScope = new AsyncLocalStorage();

/**
 * Loads the provider modules that exist in ./providers/. A missing file is skipped (the sandbox is
 * built by several people at once); an existing file that fails to import is a real error and throws.
 * @param {readonly string[]} [names]
 * @returns {Promise<Array<{ name: string, createProvider: (ctx: SandboxContext) => object }>>}
 */
export async function loadProviderModules(names = PROVIDER_NAMES) {
  const modules = [];
  for (const name of names) {
    const url = new URL(`./providers/${name}.js`, import.meta.url);
    if (!fs.existsSync(fileURLToPath(url))) continue;
    const mod = await import(url.href);
    if (typeof mod.createProvider !== 'function') {
      throw new TypeError(`sandbox provider module providers/${name}.js does not export createProvider(ctx)`);
    }
    modules.push({ name, createProvider: mod.createProvider });
  }
  return modules;
}

/**
 * @typedef {object} SandboxContext
 * @property {object} options                 the startSandbox() options (provider options under options[name])
 * @property {() => number} now               current time in ms (options.now when given)
 * @property {number} finalDelayMs            how long a transaction stays pending (default 300)
 * @property {number} callbackDelayMs         delay between the final status and the callback (default 100)
 * @property {(fn: () => unknown, ms: number) => (object|null)} setTimer  unref'd timer, cleared by reset()/close()
 * @property {(timer: object|null) => void} clearTimer
 * @property {(url: string, opts: object) => Promise<object[]>} sendCallback  never rejects
 * @property {(e: {provider: string, operation: string, key?: string, amount?: unknown}) => object} recordExecution
 * @property {(prefix?: string) => string} randomId
 * @property {() => string} uuid
 * @property {string} url                     the sandbox base URL (set once listening)
 * @property {(name: string) => string} baseUrl  url + prefix of a provider
 */

/**
 * Starts a sandbox server. See README.md for the options and the returned handle.
 * @param {object} [options]
 */
export async function startSandbox(options = {}) {
  const modules = await loadProviderModules();
  const sandbox = new SandboxServer(options, modules);
  await sandbox.listen();
  return sandbox.handle();
}

class SandboxServer {
  constructor(options, modules) {
    this.options = options ?? {};
    const now = this.options.now;
    this.now = typeof now === 'function' ? () => Number(now()) : typeof now === 'number' ? () => now : () => Date.now();
    this.closed = false;
    this.url = '';
    this.clearLogs();
    this.faultIds = 0;
    this.seq = { request: 0, execution: 0, callback: 0 };
    /** provider timers (transactions, callbacks): cleared by reset() and close() */
    this.timers = new Set();
    /** response delays of the `slow` fault: cleared by close() only */
    this.ioTimers = new Set();
    this.outgoing = new Set();
    this.sockets = new Set();

    const self = this;
    /** @type {SandboxContext} */
    this.ctx = {
      options: this.options,
      now: () => self.now(),
      finalDelayMs: nonNegativeNumber(this.options.finalDelayMs, DEFAULT_FINAL_DELAY_MS),
      callbackDelayMs: nonNegativeNumber(this.options.callbackDelayMs, DEFAULT_CALLBACK_DELAY_MS),
      setTimer: (fn, ms) => self.setTimer(self.timers, fn, ms),
      clearTimer: (t) => self.clearTimer(t),
      sendCallback: (url, opts) => self.sendCallback(url, opts),
      recordExecution: (e) => self.recordExecution(e),
      randomId: (prefix = '') => `${prefix}${crypto.randomBytes(8).toString('hex')}`,
      uuid: () => crypto.randomUUID(),
      get url() {
        return self.url;
      },
      baseUrl: (name) => {
        const p = self.providers.find((x) => x.name === name);
        return p ? self.url + p.prefix : '';
      },
    };

    const factories = [...modules.map((m) => m.createProvider)];
    // Extra provider factories (custom providers, framework tests): options.providers = [createProvider, ...]
    if (Array.isArray(this.options.providers)) factories.push(...this.options.providers);
    this.providers = factories.map((create) => {
      const p = create(this.ctx);
      if (!p || typeof p.name !== 'string' || typeof p.prefix !== 'string' || typeof p.handle !== 'function') {
        throw new TypeError('a sandbox provider must have name, prefix and handle(req)');
      }
      if (!p.prefix.startsWith('/') || p.prefix.endsWith('/')) {
        throw new TypeError(`sandbox provider ${p.name}: prefix must start with "/" and not end with "/"`);
      }
      return p;
    });
    const names = new Set();
    for (const p of this.providers) {
      if (names.has(p.name)) throw new TypeError(`two sandbox providers are named ${p.name}`);
      names.add(p.name);
    }
    // Longest prefix first, so '/momo' never shadows a longer prefix such as '/momo-x'.
    this.routes = [...this.providers].sort((a, b) => b.prefix.length - a.prefix.length);

    this.server = http.createServer((req, res) => {
      this.onRequest(req, res).catch((err) => this.onInternalError(err, res));
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.installStartupFaults();
  }

  listen() {
    const port = this.options.port ?? 0;
    const host = this.options.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      const onError = (err) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        let urlHost = host;
        if (host === '0.0.0.0' || host === '') urlHost = '127.0.0.1';
        else if (host === '::') urlHost = '[::1]';
        else if (host.includes(':')) urlHost = `[${host}]`;
        this.url = `http://${urlHost}:${addr.port}`;
        resolve();
      });
    });
  }

  /** The object startSandbox() resolves to. */
  handle() {
    const self = this;
    const h = {
      url: this.url,
      baseUrls: this.baseUrls(),
      credentials: this.credentials(),
      requests: () => [...self.requestLog],
      executions: () => [...self.executionLog],
      callbacks: () => [...self.callbackLog],
      errors: () => [...self.errorLog],
      faultCounts: () => ({ ...self.counts }),
      pendingFaults: () => self.pendingFaults.map(publicFault),
      injectFault: (spec) => publicFault(self.injectFault(spec)),
      triggerCallback: (provider, reference, opts) => self.triggerCallback(provider, reference, opts).found,
      reset: () => self.reset(),
      close: () => self.close(),
    };
    if (typeof Symbol.asyncDispose === 'symbol') h[Symbol.asyncDispose] = () => self.close();
    return h;
  }

  baseUrls() {
    const out = {};
    for (const p of this.providers) out[p.name] = this.url + p.prefix;
    return out;
  }

  credentials() {
    const out = {};
    for (const p of this.providers) out[p.name] = { ...(p.credentials ?? {}) };
    return out;
  }

  // ---------------------------------------------------------------- timers, executions, callbacks

  setTimer(set, fn, ms) {
    if (this.closed) return null;
    const timer = setTimeout(() => {
      set.delete(timer);
      if (this.closed) return;
      try {
        const r = fn();
        if (r && typeof r.then === 'function') r.then(undefined, (err) => this.recordError('timer', err));
      } catch (err) {
        this.recordError('timer', err);
      }
    }, Math.max(0, Number(ms) || 0));
    timer.unref();
    set.add(timer);
    return timer;
  }

  clearTimer(timer) {
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(timer);
    this.ioTimers.delete(timer);
  }

  delay(ms) {
    return new Promise((resolve) => {
      if (!this.setTimer(this.ioTimers, resolve, ms)) resolve();
    });
  }

  recordError(where, err) {
    this.errorLog.push({ time: this.now(), where, message: err && err.message ? err.message : String(err) });
  }

  recordExecution({ provider, operation, key, amount } = {}) {
    const entry = {
      seq: ++this.seq.execution,
      time: this.now(),
      provider: provider ?? null,
      operation: operation ?? null,
      key: key ?? null,
      amount: amount ?? null,
    };
    this.executionLog.push(entry);
    return entry;
  }

  countFault(name) {
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }

  /**
   * Delivers a callback (twice under 'duplicate-callback'; forged under 'forged-callback'), logs every
   * delivery in callbacks(). Resolves to the log entries; never rejects.
   */
  sendCallback(url, opts = {}) {
    const scope = faultScope.getStore();
    const p = this.deliverCallback(url, opts, scope).catch((err) => {
      this.recordError('callback', err);
      return [];
    });
    if (scope && Array.isArray(scope.deliveries)) scope.deliveries.push(p);
    return p;
  }

  async deliverCallback(url, opts, scope) {
    const { method = 'POST', headers = {}, body, provider = null, reference = null, forge } = opts ?? {};
    const requested = opts?.fault ?? scope?.fault ?? null;
    const fault = CALLBACK_FAULTS.includes(requested) ? requested : null;
    let sentBody = body === undefined || body === null ? undefined : String(body);
    if (fault === 'forged-callback' && sentBody !== undefined) {
      sentBody = typeof forge === 'function' ? String(forge(sentBody)) : defaultForge(sentBody, headers);
    }
    if (fault) this.countFault(fault);
    const copies = fault === 'duplicate-callback' ? 2 : 1;
    const timeoutMs = nonNegativeNumber(this.options.callbackTimeoutMs, DEFAULT_CALLBACK_TIMEOUT_MS);
    const entries = [];
    for (let copy = 1; copy <= copies; copy++) {
      const entry = callbackEntry({
        seq: ++this.seq.callback,
        time: this.now(),
        provider,
        reference,
        url,
        method,
        headers,
        body: sentBody,
        fault,
        copy,
      });
      this.callbackLog.push(entry);
      entries.push(entry);
      if (this.closed) {
        entry.error = 'sandbox closed before delivery';
        continue;
      }
      await sendCallbackRequest(entry, this.outgoing, timeoutMs);
    }
    return entries;
  }

  /**
   * Asks a provider to send the callback of an existing transaction now.
   * @returns {{ found: boolean, deliveries: Promise<object[]>[] }}
   */
  triggerCallback(providerName, reference, opts = {}) {
    const p = this.providers.find((x) => x.name === providerName);
    if (!p || typeof p.triggerCallback !== 'function') return { found: false, deliveries: [] };
    const fault = opts && CALLBACK_FAULTS.includes(opts.fault) ? opts.fault : null;
    const scope = { fault, deliveries: [] };
    const found = faultScope.run(scope, () => Boolean(p.triggerCallback(String(reference), opts ?? {})));
    return { found, deliveries: scope.deliveries };
  }

  // ---------------------------------------------------------------- faults

  injectFault(spec) {
    const f = normaliseFaultSpec(spec, this.faultIds + 1);
    this.faultIds += 1;
    this.pendingFaults.push(f);
    return f;
  }

  installStartupFaults() {
    const list = this.options.faults;
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) throw new TypeError('options.faults must be an array of fault specs');
    for (const spec of list) this.injectFault(spec);
  }

  // ---------------------------------------------------------------- HTTP

  route(pathname) {
    for (const p of this.routes) {
      if (pathname === p.prefix || pathname.startsWith(`${p.prefix}/`)) {
        return { provider: p, path: pathname.slice(p.prefix.length) || '/' };
      }
    }
    return null;
  }

  async onRequest(req, res) {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    const method = (req.method ?? 'GET').toUpperCase();

    if (method === 'OPTIONS') {
      req.resume();
      const allowHeaders = req.headers['access-control-request-headers'];
      this.write(res, 204, {
        'access-control-allow-methods': CORS_METHODS,
        'access-control-allow-headers': allowHeaders ? String(allowHeaders) : '*',
        'access-control-max-age': '600',
      });
      return;
    }

    let rawBody;
    try {
      rawBody = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        this.writeJson(res, 413, { error: 'payload_too_large', message: err.message });
        return;
      }
      throw err;
    }

    if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      await handleControl(this, req, res, method, pathname.slice(CONTROL_PREFIX.length) || '/', rawBody);
      return;
    }

    const headers = lowerCaseHeaders(req.headers);
    const { json, form } = parseBody(rawBody, headers['content-type']);
    const route = this.route(pathname);
    const body = json !== undefined ? json : form !== undefined ? form : rawBody === '' ? null : rawBody;
    const entry = this.logRequest(res, {
      provider: route ? route.provider.name : null,
      method,
      path: route ? route.path : pathname,
      url: rawUrl,
      query: Object.fromEntries(query),
      headers,
      body,
      rawBody,
    });

    if (!route) {
      entry.status = 404;
      this.writeJson(res, 404, { error: 'not_found', message: `no sandbox provider serves ${pathname}` });
      return;
    }
    const chosen = this.chooseFault(res, entry, route, method, headers);
    if (!chosen) return;
    const providerReq = { method, path: route.path, query, headers, rawBody, json, form, fault: chosen.fault };
    await this.runProvider({ req, res, entry, settings: chosen.settings }, route, providerReq);
  }

  /** Adds a request to requests() (status and fault filled in later) and arranges options.onRequest(entry). */
  logRequest(res, fields) {
    const entry = { seq: ++this.seq.request, time: this.now(), ...fields, status: null, fault: null };
    this.requestLog.push(entry);
    if (typeof this.options.onRequest === 'function') {
      // options.onRequest(entry): called once the response is finished (or the socket is gone)
      res.once('close', () => {
        try {
          this.options.onRequest({ ...entry });
        } catch (err) {
          this.recordError('onRequest', err);
        }
      });
    }
    return entry;
  }

  /**
   * The fault in force: the x-sandbox-fault header first, else the first matching injected fault; with its
   * settings (retry-after seconds, slow delay). Null when the header names no fault (answered 400 here).
   * @returns {{ fault: string|null, settings: { retryAfter: number, delayMs: number } }|null}
   */
  chooseFault(res, entry, route, method, headers) {
    let fault = null;
    let spec = null;
    const asked = headers['x-sandbox-fault'];
    if (asked !== undefined && asked.trim() !== '') {
      fault = asked.trim();
      if (!FAULT_NAMES.includes(fault)) {
        entry.status = 400;
        this.writeJson(res, 400, {
          error: 'unknown_sandbox_fault',
          message: `x-sandbox-fault must be one of: ${FAULT_NAMES.join(', ')}`,
        });
        return null;
      }
    } else {
      spec = takeInjectedFault(this.pendingFaults, route.provider.name, method, route.path);
      fault = spec ? spec.fault : null;
    }
    entry.fault = fault;
    const settings = {
      retryAfter: pickNonNegativeInt(headers['x-sandbox-retry-after'], spec?.retryAfter, DEFAULT_RETRY_AFTER_S),
      delayMs: pickNonNegativeInt(
        headers['x-sandbox-delay-ms'],
        spec?.delayMs,
        nonNegativeNumber(this.options.slowDelayMs, DEFAULT_SLOW_DELAY_MS),
      ),
    };
    return { fault, settings };
  }

  /**
   * Runs the provider for a request, with the response fault of `providerReq.fault` before or after it, and
   * writes the answer. `io` = { req, res, entry, settings }.
   */
  async runProvider(io, route, providerReq) {
    const { res, entry } = io;
    const { fault, method } = providerReq;
    const after = fault !== null && fault.endsWith('-after') ? fault.slice(0, -'-after'.length) : null;
    const before = fault !== null && RESPONSE_FAULTS.includes(fault) ? fault : null;

    if (before) {
      this.countFault(before);
      if (await this.applyResponseFault(before, null, io)) return;
    }

    const scope = { fault, deliveries: null };
    let result;
    try {
      result = await faultScope.run(scope, () => route.provider.handle(providerReq));
    } catch (err) {
      this.recordError(`${route.provider.name} ${method} ${route.path}`, err);
      entry.status = 500;
      this.writeJson(res, 500, {
        error: 'sandbox_provider_error',
        message: `the sandbox's ${route.provider.name} provider failed: ${err && err.message ? err.message : String(err)}`,
      });
      return;
    }
    if (result === null || result === undefined) {
      entry.status = 404;
      this.writeJson(res, 404, { error: 'not_found', message: `${route.provider.name}: no route ${method} ${route.path}` });
      return;
    }

    if (after) {
      this.countFault(fault);
      if (await this.applyResponseFault(after, result, io)) return;
    }

    // Callback faults ride along in req.fault and the async scope; ctx.sendCallback applies and counts them.
    const status = Number.isInteger(result.status) ? result.status : 200;
    entry.status = status;
    this.write(res, status, result.headers, result.body);
  }

  /**
   * Applies a response fault (its name without `-after`). `result` is the provider's response for `-after`
   * faults, null before the provider ran. Resolves to true when the request is answered (or dropped) here,
   * false when the normal handling goes on (after the `slow` delay).
   */
  async applyResponseFault(name, result, { req, res, entry, settings }) {
    if (name === 'reset') {
      entry.status = null;
      this.resetSocket(req, res);
      return true;
    }
    if (name === 'slow') {
      await this.delay(settings.delayMs);
      // Before: the request was fully received, so like a real server it is handled even if the client
      // gave up waiting. After: it was handled; there is nothing left to write to a closed connection.
      return this.closed || (result !== null && res.destroyed);
    }
    const r = faultResponse(name, result, settings);
    entry.status = r.status;
    this.write(res, r.status, r.headers, r.body);
    return true;
  }

  resetSocket(req, res) {
    // Destroy the connection without writing a status line: the client sees a socket hang up / ECONNRESET.
    const socket = req.socket;
    if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else if (socket) socket.destroy();
    else res.destroy();
  }

  /** Writes a response with CORS headers; a plain-object body becomes JSON. */
  write(res, status, headers, body) {
    if (res.writableEnded || res.destroyed) return;
    const enc = encodeBody(body);
    const h = lowerCaseHeaders(headers);
    if (enc.defaultType && !h['content-type']) h['content-type'] = enc.defaultType;
    if (status !== 204 && status !== 304) h['content-length'] = String(enc.bytes ? enc.bytes.length : 0);
    else delete h['content-length'];
    h['access-control-allow-origin'] = '*';
    const exposed = Object.keys(h).filter((n) => !n.startsWith('access-control-'));
    if (exposed.length) h['access-control-expose-headers'] = exposed.join(', ');
    res.writeHead(status, h);
    if (enc.bytes && status !== 204 && status !== 304) res.end(enc.bytes);
    else res.end();
  }

  writeJson(res, status, obj) {
    this.write(res, status, { 'content-type': 'application/json' }, JSON.stringify(obj));
  }

  onInternalError(err, res) {
    this.recordError('server', err);
    try {
      if (!res.headersSent) this.writeJson(res, 500, { error: 'sandbox_internal_error', message: err.message });
      else res.destroy();
    } catch {
      res.destroy();
    }
  }

  // ---------------------------------------------------------------- reset / close

  /** Empties the request, execution, callback and error logs, the fault counts and the injected faults. */
  clearLogs() {
    this.requestLog = [];
    this.executionLog = [];
    this.callbackLog = [];
    this.errorLog = [];
    this.counts = {};
    this.pendingFaults = [];
  }

  /** Forgets all state: logs, counts, injected faults (options.faults are installed again), provider state. */
  reset() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.clearLogs();
    for (const p of this.providers) if (typeof p.reset === 'function') p.reset();
    this.installStartupFaults();
  }

  /** Closes the server, every socket (kept-alive ones too), every timer and every outgoing callback. */
  close() {
    if (this.closePromise) return this.closePromise;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.ioTimers) clearTimeout(t);
    this.timers.clear();
    this.ioTimers.clear();
    for (const out of this.outgoing) out.destroy(new Error('sandbox closed'));
    this.outgoing.clear();
    this.closePromise = new Promise((resolve) => {
      this.server.close(() => resolve());
      if (typeof this.server.closeAllConnections === 'function') this.server.closeAllConnections();
      for (const s of this.sockets) s.destroy();
      this.sockets.clear();
    });
    return this.closePromise;
  }
}
