// ViralPAY API v1, as documented in docs/providers/viralpay.md (the provider's API reference) with the default paths of
// docs/providers/viralpay.md (the provider's documents names only /v1/token). Every choice the docs leave open is written down in
// ../docs/viralpay.md.
//
// Prefix /viralpay, so `https://api-sandbox.viralpay.cm/v1/payments` is `<sandbox>/viralpay/v1/payments`.
// Every body, errors included, is wrapped as `{ request_id, timestamp, data }`.

import { isHttpUrl, nonNegativeNumber, parseWholeAmount, safeEqual, str } from '../lib/values.js';

const NAME = 'viralpay';

const DEFAULTS = Object.freeze({
  clientId: 'sandbox-viralpay-client-id',
  clientSecret: 'sandbox-viralpay-client-secret',
  username: 'sandbox-viralpay-user',
  password: 'sandbox-viralpay-password',
  tokenTtlSeconds: 3600,
  rateLimitPerMinute: 200,
  rateLimitPerDay: 86_400,
  initialBalance: 1_000_000,
  feeRate: 0.01,
});

// Countries and operators the sandbox serves (ISO code → currency, operators, wallet numbers).
const COUNTRIES = {
  cm: { name: 'Cameroun', currency: 'XAF', operators: ['mtn', 'orange'], number: '237650000000' },
  sn: { name: 'Sénégal', currency: 'XOF', operators: ['wave', 'orange', 'free'], number: '221770000000' },
  ci: { name: "Côte d'Ivoire", currency: 'XOF', operators: ['mtn', 'orange', 'moov', 'wave'], number: '2250700000000' },
};

// XAF and XOF are both pegged to the euro at the same rate: one converts to the other at par.
const PAR_CURRENCIES = new Set(['XAF', 'XOF']);

const ACCOUNT = Object.freeze({
  business_name: 'payrail sandbox merchant',
  business_id: 'VP-SANDBOX-0001',
  quater: 'Bonapriso',
  phone_number: '237650000000',
});

/** Parses `YYYY-MM-DD` (a whole UTC day) or an ISO date-time; null when invalid. */
function parseDate(v, endOfDay) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const t = Date.parse(`${v}T00:00:00Z`);
    return Number.isNaN(t) ? null : endOfDay ? t + 86_400_000 - 1 : t;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}


/** The body of a request: its JSON object, else its form fields, else null. */
function bodyOf(req) {
  if (req.json && typeof req.json === 'object' && !Array.isArray(req.json)) return req.json;
  if (req.form) return req.form;
  return null;
}

/** The outcome a test number asks for by its last digit: 9 stays pending (null), 3 fails, else success. */
function outcomeOf(lastDigitSource) {
  const last = lastDigitSource[lastDigitSource.length - 1];
  return last === '9' ? null : last === '3' ? 'Failed' : 'Success';
}

/** The forged-callback fault: announced as a success, with another amount. */
function forgeCallback(body) {
  const json = JSON.parse(body);
  json.data.status = 'Success';
  json.data.amount = Number(json.data.amount) * 10 + 5;
  return JSON.stringify(json);
}

/**
 * The route table: path → the method it takes and its handler (called with the provider and the request).
 * `open` routes need no bearer token (only /v1/token); every route counts against the rate limits.
 */
const ROUTES = {
  '/v1/token': { method: 'POST', open: true, run: (vp, req) => vp.issueToken(req) },
  '/v1/account': { method: 'GET', run: (vp) => vp.ok({ ...ACCOUNT }) },
  '/v1/balances': { method: 'GET', run: (vp) => vp.balances() },
  '/v1/transactions': { method: 'GET', run: (vp, req) => vp.transactions(req) },
  '/v1/transactions/status': { method: 'GET', run: (vp, req) => vp.transactionStatus(req) },
  '/v1/payments': { method: 'POST', run: (vp, req) => vp.payment(req) },
  '/v1/transfers': { method: 'POST', run: (vp, req) => vp.transfer(req) },
  '/v1/virements': { method: 'POST', run: (vp, req) => vp.virement(req) },
  '/v1/notifications': { method: 'POST', run: (vp, req) => vp.notifications(req) },
};

/** @param {import('../server.js').SandboxContext} ctx */
export function createProvider(ctx) {
  const vp = new ViralPaySandbox(ctx);
  return {
    name: NAME,
    prefix: '/viralpay',
    credentials: vp.credentials,

    async handle(req) {
      return vp.handle(req);
    },

    /** Sends a transaction's notification now (order_id or transaction_id). opts.status ('Success'|'Failed',
     *  'success'|'failed') first settles a transaction still Pending. */
    triggerCallback(reference, opts = {}) {
      return vp.triggerCallback(reference, opts);
    },

    reset() {
      vp.state = vp.freshState();
    },
  };
}

/** The state and the endpoints of one sandbox's ViralPAY. */
class ViralPaySandbox {
  constructor(ctx) {
    this.ctx = ctx;
    const opts = { ...DEFAULTS, ...(ctx.options?.viralpay ?? {}) };
    this.credentials = {
      clientId: String(opts.clientId),
      clientSecret: String(opts.clientSecret),
      username: String(opts.username),
      password: String(opts.password),
    };
    this.ttlSeconds = nonNegativeNumber(opts.tokenTtlSeconds, DEFAULTS.tokenTtlSeconds);
    this.perMinute = nonNegativeNumber(opts.rateLimitPerMinute, DEFAULTS.rateLimitPerMinute);
    this.perDay = nonNegativeNumber(opts.rateLimitPerDay, DEFAULTS.rateLimitPerDay);
    this.initialBalance = nonNegativeNumber(opts.initialBalance, DEFAULTS.initialBalance);
    this.feeRate = nonNegativeNumber(opts.feeRate, DEFAULTS.feeRate);
    this.state = undefined;
    this.state = this.freshState();
  }

  freshState() {
    const wallets = [];
    for (const [code, c] of Object.entries(COUNTRIES)) {
      for (const op of c.operators) {
        wallets.push({
          country_name: c.name,
          number: c.number,
          service: op,
          balance: this.initialBalance,
          currency: c.currency,
          country_code: code.toUpperCase(),
        });
      }
    }
    return {
      generation: (this.state?.generation ?? 0) + 1,
      requestId: 0,
      tokens: new Map(), // access_token → expiresAt (ms, ctx clock)
      hits: new Map(), // function path → request times in the last minute
      day: { start: 0, count: 0 },
      wallets,
      transactions: [], // in creation order
      byTransactionId: new Map(),
      byOrderId: new Map(),
    };
  }

  /** Routes a request: unknown path 404, rate limits, method 405, bearer token, then the route's handler. */
  async handle(req) {
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : null;
    if (!route) return this.fail(404, 'not_found', `No function ${req.method} ${path} (version 1 paths start with /v1/)`);
    const limited = this.rateLimited(path);
    if (limited) return limited;
    if (req.method !== route.method) {
      return this.fail(405, 'method_not_allowed', `${path} takes ${route.method}`, { allow: route.method });
    }
    if (!route.open) {
      const denied = this.checkBearer(req);
      if (denied) return denied;
    }
    return route.run(this, req);
  }

  // ------------------------------------------------------------------ envelope

  envelope(extra) {
    this.state.requestId += 1;
    return { request_id: this.state.requestId, timestamp: Math.floor(this.ctx.now() / 1000), ...extra };
  }

  ok(data, status = 200) {
    return { status, body: this.envelope({ data }) };
  }

  /** Errors: the same envelope with `data: null`, a machine `error` code and a readable `message`. */
  fail(status, error, message, headers) {
    return { status, headers, body: this.envelope({ data: null, error, message }) };
  }

  // ------------------------------------------------------------------ rate limits

  /** 200 a minute per function (sliding window) and 86,400 a day in all (docs/providers/viralpay.md). */
  rateLimited(path) {
    const { state } = this;
    const now = this.ctx.now();
    const dayStart = Math.floor(now / 86_400_000) * 86_400_000;
    if (state.day.start !== dayStart) state.day = { start: dayStart, count: 0 };
    const times = (state.hits.get(path) ?? []).filter((t) => now - t < 60_000);
    state.hits.set(path, times);
    if (state.day.count >= this.perDay) {
      const retry = Math.max(1, Math.ceil((dayStart + 86_400_000 - now) / 1000));
      return this.fail(429, 'too_many_requests', 'Daily request limit reached', { 'retry-after': String(retry) });
    }
    if (times.length >= this.perMinute) {
      const retry = Math.max(1, Math.ceil((times[0] + 60_000 - now) / 1000));
      return this.fail(429, 'too_many_requests', `More than ${this.perMinute} requests in one minute to ${path}`, {
        'retry-after': String(retry),
      });
    }
    times.push(now);
    state.day.count += 1;
    return null;
  }

  // ------------------------------------------------------------------ auth

  issueToken(req) {
    const credentials = this.credentials;
    const auth = req.headers.authorization ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
    if (!m) return this.fail(401, 'invalid_client', 'Authorization: Basic base64(client_id:client_secret) is required');
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const basicId = colon < 0 ? decoded : decoded.slice(0, colon);
    const basicSecret = colon < 0 ? '' : decoded.slice(colon + 1);
    if (!(safeEqual(basicId, credentials.clientId) & safeEqual(basicSecret, credentials.clientSecret))) {
      return this.fail(401, 'invalid_client', 'Unknown client or wrong client secret');
    }
    if (req.form === undefined) {
      return this.fail(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded');
    }
    const f = req.form;
    for (const k of ['grant_type', 'client_id', 'client_secret', 'username', 'password']) {
      if (typeof f[k] !== 'string' || f[k] === '') return this.fail(400, 'invalid_request', `Missing parameter: ${k}`);
    }
    if (f.grant_type !== 'password') {
      return this.fail(400, 'unsupported_grant_type', 'Only the password grant type is available');
    }
    if (!(safeEqual(f.client_id, credentials.clientId) & safeEqual(f.client_secret, credentials.clientSecret))) {
      return this.fail(401, 'invalid_client', 'client_id/client_secret do not match the Authorization header client');
    }
    if (!(safeEqual(f.username, credentials.username) & safeEqual(f.password, credentials.password))) {
      return this.fail(401, 'invalid_grant', 'Wrong username or password');
    }
    const token = `vp_${this.ctx.randomId()}${this.ctx.randomId()}`;
    this.state.tokens.set(token, this.ctx.now() + this.ttlSeconds * 1000);
    return this.ok({ access_token: token, expires_in: this.ttlSeconds, token_type: 'Bearer' });
  }

  checkBearer(req) {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    const challenge = (error) => ({ 'www-authenticate': `Bearer realm="viralpay", error="${error}"` });
    if (!m) {
      return this.fail(401, 'unauthorized', 'Authorization: Bearer <access_token> is required', challenge('invalid_request'));
    }
    const expiresAt = this.state.tokens.get(m[1]);
    if (expiresAt === undefined) return this.fail(401, 'invalid_token', 'Unknown access token', challenge('invalid_token'));
    if (this.ctx.now() >= expiresAt) {
      return this.fail(401, 'token_expired', 'The access token has expired', challenge('invalid_token'));
    }
    return null;
  }

  // ------------------------------------------------------------------ transactions

  wallet(country, operator) {
    return this.state.wallets.find((w) => w.country_code === country.toUpperCase() && w.service === operator) ?? null;
  }

  settle(t, forced) {
    if (t.status !== 'Pending') return;
    const outcome = forced ?? t.outcome;
    if (!outcome) return;
    t.status = outcome;
    t.settledAt = this.ctx.now();
    if (outcome === 'Success') {
      t.provider_id = `VP${this.ctx.randomId().toUpperCase()}`;
      if (t.type === 'payment') t.wallet.balance += t.amount - t.fees;
    } else if (t.type !== 'payment') {
      t.wallet.balance += t.debited; // a failed transfer gives the reserved money back
    }
  }

  refresh(t) {
    if (t.status === 'Pending' && t.outcome && this.ctx.now() - t.createdAt >= this.ctx.finalDelayMs) this.settle(t);
    return t;
  }

  /** The status view of docs/providers/viralpay.md#responses-and-statuses (`GET /v1/transactions/status`), also the payment response. */
  statusView(t, current = true) {
    if (current) this.refresh(t); // false: the state as just created (the creation answer)
    const v = {
      transaction_id: t.transaction_id,
      order_id: t.order_id,
      reference_id: t.reference_id,
      country: t.country,
      currency: t.currency,
      amount: t.amount,
      lang: t.lang,
      operator: t.operator,
      fees: t.fees,
      taxes: t.taxes,
      provider_id: t.provider_id,
      status: t.status,
      type: t.type,
      created_at: new Date(t.createdAt).toISOString(),
    };
    if (t.type === 'virement') {
      v.account_number = t.account_number;
      v.account_bank = t.account_bank;
    } else {
      v.phone_number = t.phone;
    }
    return v;
  }

  /** The transfer response of docs/providers/viralpay.md#responses-and-statuses: transaction_id, status, reference, phone, amount, fees. */
  transferView(t, current = true) {
    if (current) this.refresh(t); // false: the state as just created (the creation answer)
    return {
      transaction_id: t.transaction_id,
      status: t.status,
      reference: t.reference_id,
      phone: t.phone,
      amount: t.amount,
      fees: t.fees,
      order_id: t.order_id,
    };
  }

  /** The bank-transfer (virement) response of ViralPAY's reference (docs/providers/viralpay.md#responses-and-statuses). */
  virementView(t, current = true) {
    if (current) this.refresh(t); // false: the state as just created (the creation answer)
    return {
      transaction_id: t.transaction_id,
      status: t.status,
      reference: t.reference_id,
      number: t.account_number,
      amount: t.amount,
      bank_account_number: t.account_number,
      bank_account_name: t.status === 'Success' ? 'SANDBOX BENEFICIARY' : null,
      provider_id: t.provider_id,
      sender_number: t.wallet.number,
      order_id: t.order_id,
      country: t.country,
      currency: t.currency,
      operator: t.operator,
      taxes: t.taxes,
      fees: t.fees,
    };
  }

  view(t) {
    if (t.type === 'transfer') return this.transferView(t);
    if (t.type === 'virement') return this.virementView(t);
    return this.statusView(t);
  }

  callbackBody(t) {
    return JSON.stringify(this.envelope({ data: this.statusView(t) }));
  }

  sendCallbackOf(t, fault) {
    if (!t.notifyUrl) return Promise.resolve([]);
    const o = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: this.callbackBody(t),
      provider: NAME,
      reference: t.order_id ?? t.transaction_id,
      forge: forgeCallback,
    };
    if (fault) o.fault = fault;
    const p = this.ctx.sendCallback(t.notifyUrl, o);
    p.then((entries) => {
      const last = Array.isArray(entries) ? entries[entries.length - 1] : null;
      if (last) t.lastNotification = { status: last.status ?? 0, error: last.error ?? null };
    });
    return p;
  }

  schedule(t, fault) {
    if (!t.outcome) return;
    const { ctx } = this;
    const gen = this.state.generation;
    ctx.setTimer(() => {
      if (gen !== this.state.generation) return;
      this.settle(t);
      ctx.setTimer(() => (gen === this.state.generation ? this.sendCallbackOf(t, fault) : undefined), ctx.callbackDelayMs);
    }, ctx.finalDelayMs);
  }

  /** Same order_id again: the stored transaction if the request is the same one, else an error. */
  replayOrConflict(orderId, type, fields) {
    const prev = this.state.byOrderId.get(orderId);
    if (!prev) return null;
    const same =
      prev.type === type &&
      prev.amount === fields.amount &&
      prev.currency === fields.currency &&
      prev.country === fields.country &&
      (type === 'virement' ? prev.account_number === fields.account_number : prev.phone === fields.phone);
    if (!same) {
      return this.fail(400, 'duplicate_order_id', `order_id ${orderId} was already used for another operation`);
    }
    return this.ok(this.view(prev));
  }

  /** Common checks of payments and transfers (ViralPAY's parameter table, docs/providers/viralpay.md#request-fields, both spellings). */
  readMobileRequest(req) {
    const fail = (...args) => ({ error: this.fail(...args) });
    const b = bodyOf(req);
    if (!b) return fail(400, 'invalid_request', 'A JSON (or form) body is required');
    const country = str(b.country).toLowerCase();
    const c = COUNTRIES[country];
    if (!c) return fail(400, 'invalid_country', `country must be one of ${Object.keys(COUNTRIES).join(', ')}`);
    const phone = str(b.phone_number ?? b.number).replace(/^\+/, '');
    if (!/^\d{8,15}$/.test(phone)) return fail(400, 'invalid_phone_number', 'phone_number (or number) must be 8 to 15 digits');
    if (b.amount === undefined || b.amount === null || b.amount === '') return fail(400, 'missing_parameter', 'amount is required');
    const amount = parseWholeAmount(b.amount, { zeroFraction: true });
    if (amount === null) return fail(400, 'invalid_amount', 'amount must be a positive whole number');
    const currency = str(b.currency).toUpperCase();
    if (!currency) return fail(400, 'missing_parameter', 'currency is required');
    if (currency !== c.currency) return fail(400, 'invalid_currency', `${country} uses ${c.currency}`);
    const reference = str(b.reference_id ?? b.reference);
    if (!reference) return fail(400, 'missing_parameter', 'reference_id (or reference) is required');
    const operator = str(b.operator).toLowerCase() || c.operators[0];
    if (!c.operators.includes(operator)) {
      return fail(400, 'invalid_operator', `operator must be one of ${c.operators.join(', ')} in ${country}`);
    }
    const notifyUrl = b.notify_url === undefined || b.notify_url === '' ? null : b.notify_url;
    if (notifyUrl !== null && !isHttpUrl(notifyUrl)) return fail(400, 'invalid_notify_url', 'notify_url must be an http(s) URL');
    const orderId = str(b.order_id) || null;
    const lang = str(b.lang).toLowerCase() === 'fr' ? 'fr' : 'en';
    return { fields: { country, phone, amount, currency, reference, operator, notifyUrl, orderId, lang } };
  }

  createTransaction(type, f, extra, fault) {
    const fees = Math.round(f.amount * this.feeRate);
    const t = {
      type,
      transaction_id: `VPT${this.ctx.randomId().toUpperCase()}`,
      order_id: f.orderId,
      reference_id: f.reference,
      country: f.country,
      currency: f.currency,
      amount: f.amount,
      lang: f.lang,
      operator: f.operator,
      fees,
      taxes: 0,
      provider_id: null,
      status: 'Pending',
      phone: f.phone ?? null,
      notifyUrl: f.notifyUrl,
      createdAt: this.ctx.now(),
      lastNotification: null,
      ...extra,
    };
    this.state.transactions.push(t);
    this.state.byTransactionId.set(t.transaction_id, t);
    if (t.order_id) this.state.byOrderId.set(t.order_id, t);
    this.schedule(t, fault);
    return t;
  }

  // ------------------------------------------------------------------ endpoints

  /** `GET /v1/balances`: one entry per wallet (country and operator). */
  balances() {
    return this.ok(
      this.state.wallets.map(({ country_name, number, service, balance, currency, country_code }) => ({
        country_name,
        number,
        service,
        balance,
        currency,
        country_code,
      })),
    );
  }

  /** `POST /v1/payments`: a collection from a mobile wallet. */
  payment(req) {
    const { fields: f, error } = this.readMobileRequest(req);
    if (error) return error;
    if (f.orderId) {
      const replay = this.replayOrConflict(f.orderId, 'payment', f);
      if (replay) return replay;
    }
    const extra = { wallet: this.wallet(f.country, f.operator), outcome: outcomeOf(f.phone) };
    const t = this.createTransaction('payment', f, extra, req.fault);
    this.ctx.recordExecution({ provider: NAME, operation: 'collect', key: f.orderId ?? t.transaction_id, amount: f.amount });
    return this.ok(this.statusView(t, false));
  }

  /** `POST /v1/transfers`: a payout to a mobile wallet, debited (amount + fees) at once. */
  transfer(req) {
    const { fields: f, error } = this.readMobileRequest(req);
    if (error) return error;
    if (f.orderId) {
      const replay = this.replayOrConflict(f.orderId, 'transfer', f);
      if (replay) return replay;
    }
    const w = this.wallet(f.country, f.operator);
    const debit = f.amount + Math.round(f.amount * this.feeRate);
    if (w.balance < debit) return this.fail(400, 'insufficient_balance', `The ${w.service} ${w.currency} balance is too low`);
    w.balance -= debit;
    const t = this.createTransaction('transfer', f, { wallet: w, debited: debit, outcome: outcomeOf(f.phone) }, req.fault);
    this.ctx.recordExecution({ provider: NAME, operation: 'payout', key: f.orderId ?? t.transaction_id, amount: f.amount });
    return this.ok(this.transferView(t, false));
  }

  /** The checked fields of a virement request, as { fields, b } or { error }. */
  readVirementRequest(req) {
    const fail = (...args) => ({ error: this.fail(...args) });
    const b = bodyOf(req);
    if (!b) return fail(400, 'invalid_request', 'A JSON (or form) body is required');
    for (const k of ['account_bank', 'account_number', 'narration', 'currency', 'debit_currency', 'country', 'order_id']) {
      if (!str(b[k])) return fail(400, 'missing_parameter', `${k} is required`);
    }
    const reference = str(b.reference ?? b.reference_id);
    if (!reference) return fail(400, 'missing_parameter', 'reference is required');
    if (b.amount === undefined || b.amount === null || b.amount === '') return fail(400, 'missing_parameter', 'amount is required');
    const amount = parseWholeAmount(b.amount, { zeroFraction: true });
    if (amount === null) return fail(400, 'invalid_amount', 'amount must be a positive whole number');
    const country = str(b.country).toLowerCase();
    const c = COUNTRIES[country];
    if (!c) return fail(400, 'invalid_country', `country must be one of ${Object.keys(COUNTRIES).join(', ')}`);
    const currency = str(b.currency).toUpperCase();
    const debitCurrency = str(b.debit_currency).toUpperCase();
    if (!PAR_CURRENCIES.has(currency) || !PAR_CURRENCIES.has(debitCurrency)) {
      return fail(400, 'unsupported_currency', 'The sandbox converts XAF and XOF only (at par)');
    }
    const accountNumber = str(b.account_number);
    if (!/^\d{6,20}$/.test(accountNumber)) return fail(400, 'invalid_account_number', 'account_number must be 6 to 20 digits');
    const operator = str(b.operator).toLowerCase() || null;
    if (operator && !c.operators.includes(operator)) {
      return fail(400, 'invalid_operator', `operator must be one of ${c.operators.join(', ')} in ${country}`);
    }
    const rawNotify = b.notif_url ?? b.notify_url;
    const notifyUrl = rawNotify === undefined || rawNotify === '' ? null : rawNotify;
    if (notifyUrl !== null && !isHttpUrl(notifyUrl)) return fail(400, 'invalid_notify_url', 'notif_url must be an http(s) URL');
    const orderId = str(b.order_id);
    const fields = {
      country, currency, amount, reference, operator, notifyUrl, orderId,
      lang: str(b.lang).toLowerCase() === 'fr' ? 'fr' : 'en', account_number: accountNumber,
    };
    return { fields, b, debitCurrency };
  }

  /** `POST /v1/virements`: a bank transfer, debited from a wallet holding debit_currency. */
  virement(req) {
    const { fields: f, b, debitCurrency, error } = this.readVirementRequest(req);
    if (error) return error;
    const { country, operator, amount, orderId } = f;
    const replay = this.replayOrConflict(orderId, 'virement', f);
    if (replay) return replay;
    // Debited from the first wallet holding debit_currency, preferring the given country and operator.
    const w =
      this.state.wallets.find((x) => x.currency === debitCurrency && x.country_code === country.toUpperCase() && (!operator || x.service === operator)) ??
      this.state.wallets.find((x) => x.currency === debitCurrency);
    const debit = amount + Math.round(amount * this.feeRate);
    if (!w || w.balance < debit) return this.fail(400, 'insufficient_balance', `The ${debitCurrency} balance is too low`);
    w.balance -= debit;
    const t = this.createTransaction('virement', f, {
      wallet: w, debited: debit, account_number: f.account_number, account_bank: str(b.account_bank),
      narration: str(b.narration), debit_currency: debitCurrency, outcome: outcomeOf(f.account_number),
    }, req.fault);
    this.ctx.recordExecution({ provider: NAME, operation: 'bank_transfer', key: orderId, amount });
    return this.ok(this.virementView(t, false));
  }

  findBy(params) {
    const id = params.transaction_id;
    const order = params.order_id;
    const ref = params.reference_id;
    if (id) return this.state.byTransactionId.get(id) ?? null;
    if (order) return this.state.byOrderId.get(order) ?? null;
    if (ref) return this.state.transactions.find((t) => t.reference_id === ref) ?? null;
    return undefined;
  }

  /** `GET /v1/transactions/status`: by transaction_id, order_id or reference_id. */
  transactionStatus(req) {
    const q = Object.fromEntries(req.query);
    const t = this.findBy(q);
    if (t === undefined) return this.fail(400, 'missing_parameter', 'transaction_id, order_id or reference_id is required');
    if (t === null) return this.fail(404, 'not_found', 'No transaction matches');
    return this.ok(this.statusView(t));
  }

  /** `GET /v1/transactions`: the last `size` transactions, newest first, optionally between two dates. */
  transactions(req) {
    const sizeRaw = req.query.get('size');
    if (sizeRaw === null || !/^\d+$/.test(sizeRaw) || Number(sizeRaw) < 1 || Number(sizeRaw) > 1000) {
      return this.fail(400, 'invalid_parameter', 'size is required: a whole number from 1 to 1000');
    }
    const begin = req.query.get('date_begin');
    const end = req.query.get('date_end');
    const from = begin ? parseDate(begin, false) : -Infinity;
    const to = end ? parseDate(end, true) : Infinity;
    if (from === null || to === null) {
      return this.fail(400, 'invalid_parameter', 'date_begin/date_end must be YYYY-MM-DD or ISO 8601');
    }
    const list = this.state.transactions
      .filter((t) => t.createdAt >= from && t.createdAt <= to)
      .reverse()
      .slice(0, Number(sizeRaw))
      .map((t) => this.statusView(t));
    return this.ok({ size: Number(sizeRaw), count: list.length, transactions: list });
  }

  /** `POST /v1/notifications`: sends the transaction's notification again and reports the merchant's answer. */
  async notifications(req) {
    const b = bodyOf(req) ?? {};
    const params = { transaction_id: str(b.transaction_id), order_id: str(b.order_id) };
    const t = this.findBy(params);
    if (t === undefined) return this.fail(400, 'missing_parameter', 'transaction_id is required');
    if (t === null) return this.fail(404, 'not_found', 'No transaction matches');
    const requestIp = req.headers['x-forwarded-for'] ?? '127.0.0.1';
    if (!t.notifyUrl) {
      const data = { status: 0, message: 'No notify_url for this transaction' };
      return { status: 200, body: this.envelope({ request_ip: requestIp, data }) };
    }
    this.refresh(t);
    const entries = await this.sendCallbackOf(t, req.fault);
    const last = entries[entries.length - 1];
    const status = last?.status ?? 0;
    const message = last?.error ? `Not delivered: ${last.error}` : `Merchant answered HTTP ${status}`;
    return { status: 200, body: this.envelope({ request_ip: requestIp, data: { status, message } }) };
  }

  /** Sends a transaction's notification now; see createProvider().triggerCallback. */
  triggerCallback(reference, opts = {}) {
    const t = this.state.byOrderId.get(reference) ?? this.state.byTransactionId.get(reference);
    if (!t) return false;
    const forced = { Success: 'Success', success: 'Success', Failed: 'Failed', failed: 'Failed' }[opts?.status];
    this.refresh(t);
    if (forced) this.settle(t, forced);
    if (!t.notifyUrl) return true;
    this.sendCallbackOf(t);
    return true;
  }
}
