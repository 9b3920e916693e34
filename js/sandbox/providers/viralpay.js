// ViralPAY API v1, as documented in seed 002 (the provider's API reference) with the default paths of
// PROVIDERS.md §4 (the seed names only /v1/token). Every choice the docs leave open is written down in
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

const ROUTES = {
  '/v1/token': 'POST',
  '/v1/account': 'GET',
  '/v1/balances': 'GET',
  '/v1/transactions': 'GET',
  '/v1/transactions/status': 'GET',
  '/v1/payments': 'POST',
  '/v1/transfers': 'POST',
  '/v1/virements': 'POST',
  '/v1/notifications': 'POST',
};

/** Parses `YYYY-MM-DD` (a whole UTC day) or an ISO date-time; null when invalid. */
function parseDate(v, endOfDay) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const t = Date.parse(`${v}T00:00:00Z`);
    return Number.isNaN(t) ? null : endOfDay ? t + 86_400_000 - 1 : t;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/** @param {import('../server.js').SandboxContext} ctx */
export function createProvider(ctx) {
  const opts = { ...DEFAULTS, ...(ctx.options?.viralpay ?? {}) };
  const credentials = {
    clientId: String(opts.clientId),
    clientSecret: String(opts.clientSecret),
    username: String(opts.username),
    password: String(opts.password),
  };
  const ttlSeconds = nonNegativeNumber(opts.tokenTtlSeconds, DEFAULTS.tokenTtlSeconds);
  const perMinute = nonNegativeNumber(opts.rateLimitPerMinute, DEFAULTS.rateLimitPerMinute);
  const perDay = nonNegativeNumber(opts.rateLimitPerDay, DEFAULTS.rateLimitPerDay);
  const initialBalance = nonNegativeNumber(opts.initialBalance, DEFAULTS.initialBalance);
  const feeRate = nonNegativeNumber(opts.feeRate, DEFAULTS.feeRate);

  let state;
  function freshState() {
    const wallets = [];
    for (const [code, c] of Object.entries(COUNTRIES)) {
      for (const op of c.operators) {
        wallets.push({
          country_name: c.name,
          number: c.number,
          service: op,
          balance: initialBalance,
          currency: c.currency,
          country_code: code.toUpperCase(),
        });
      }
    }
    return {
      generation: (state?.generation ?? 0) + 1,
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
  state = freshState();

  // ------------------------------------------------------------------ envelope

  function envelope(extra) {
    state.requestId += 1;
    return { request_id: state.requestId, timestamp: Math.floor(ctx.now() / 1000), ...extra };
  }

  function ok(data, status = 200) {
    return { status, body: envelope({ data }) };
  }

  /** Errors: the same envelope with `data: null`, a machine `error` code and a readable `message`. */
  function fail(status, error, message, headers) {
    return { status, headers, body: envelope({ data: null, error, message }) };
  }

  // ------------------------------------------------------------------ rate limits

  /** 200 a minute per function (sliding window) and 86,400 a day in all (seed 002). */
  function rateLimited(path) {
    const now = ctx.now();
    const dayStart = Math.floor(now / 86_400_000) * 86_400_000;
    if (state.day.start !== dayStart) state.day = { start: dayStart, count: 0 };
    const times = (state.hits.get(path) ?? []).filter((t) => now - t < 60_000);
    state.hits.set(path, times);
    if (state.day.count >= perDay) {
      const retry = Math.max(1, Math.ceil((dayStart + 86_400_000 - now) / 1000));
      return fail(429, 'too_many_requests', 'Daily request limit reached', { 'retry-after': String(retry) });
    }
    if (times.length >= perMinute) {
      const retry = Math.max(1, Math.ceil((times[0] + 60_000 - now) / 1000));
      return fail(429, 'too_many_requests', `More than ${perMinute} requests in one minute to ${path}`, {
        'retry-after': String(retry),
      });
    }
    times.push(now);
    state.day.count += 1;
    return null;
  }

  // ------------------------------------------------------------------ auth

  function issueToken(req) {
    const auth = req.headers.authorization ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
    if (!m) return fail(401, 'invalid_client', 'Authorization: Basic base64(client_id:client_secret) is required');
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const basicId = colon < 0 ? decoded : decoded.slice(0, colon);
    const basicSecret = colon < 0 ? '' : decoded.slice(colon + 1);
    if (!(safeEqual(basicId, credentials.clientId) & safeEqual(basicSecret, credentials.clientSecret))) {
      return fail(401, 'invalid_client', 'Unknown client or wrong client secret');
    }
    if (req.form === undefined) {
      return fail(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded');
    }
    const f = req.form;
    for (const k of ['grant_type', 'client_id', 'client_secret', 'username', 'password']) {
      if (typeof f[k] !== 'string' || f[k] === '') return fail(400, 'invalid_request', `Missing parameter: ${k}`);
    }
    if (f.grant_type !== 'password') {
      return fail(400, 'unsupported_grant_type', 'Only the password grant type is available');
    }
    if (!(safeEqual(f.client_id, credentials.clientId) & safeEqual(f.client_secret, credentials.clientSecret))) {
      return fail(401, 'invalid_client', 'client_id/client_secret do not match the Authorization header client');
    }
    if (!(safeEqual(f.username, credentials.username) & safeEqual(f.password, credentials.password))) {
      return fail(401, 'invalid_grant', 'Wrong username or password');
    }
    const token = `vp_${ctx.randomId()}${ctx.randomId()}`;
    state.tokens.set(token, ctx.now() + ttlSeconds * 1000);
    return ok({ access_token: token, expires_in: ttlSeconds, token_type: 'Bearer' });
  }

  function checkBearer(req) {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    const challenge = (error) => ({ 'www-authenticate': `Bearer realm="viralpay", error="${error}"` });
    if (!m) return fail(401, 'unauthorized', 'Authorization: Bearer <access_token> is required', challenge('invalid_request'));
    const expiresAt = state.tokens.get(m[1]);
    if (expiresAt === undefined) return fail(401, 'invalid_token', 'Unknown access token', challenge('invalid_token'));
    if (ctx.now() >= expiresAt) {
      return fail(401, 'token_expired', 'The access token has expired', challenge('invalid_token'));
    }
    return null;
  }

  // ------------------------------------------------------------------ transactions

  function wallet(country, operator) {
    return state.wallets.find((w) => w.country_code === country.toUpperCase() && w.service === operator) ?? null;
  }

  function settle(t, forced) {
    if (t.status !== 'Pending') return;
    const outcome = forced ?? t.outcome;
    if (!outcome) return;
    t.status = outcome;
    t.settledAt = ctx.now();
    if (outcome === 'Success') {
      t.provider_id = `VP${ctx.randomId().toUpperCase()}`;
      if (t.type === 'payment') t.wallet.balance += t.amount - t.fees;
    } else if (t.type !== 'payment') {
      t.wallet.balance += t.debited; // a failed transfer gives the reserved money back
    }
  }

  function refresh(t) {
    if (t.status === 'Pending' && t.outcome && ctx.now() - t.createdAt >= ctx.finalDelayMs) settle(t);
    return t;
  }

  /** The status view of seed 002 (`GET /v1/transactions/status`), also the payment response. */
  function statusView(t, current = true) {
    if (current) refresh(t); // false: the state as just created (the creation answer)
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

  /** The transfer response of seed 002: transaction_id, status, reference, phone, amount, fees. */
  function transferView(t, current = true) {
    if (current) refresh(t); // false: the state as just created (the creation answer)
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

  /** The bank-transfer (virement) response of seed 002. */
  function virementView(t, current = true) {
    if (current) refresh(t); // false: the state as just created (the creation answer)
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

  function view(t) {
    if (t.type === 'transfer') return transferView(t);
    if (t.type === 'virement') return virementView(t);
    return statusView(t);
  }

  function callbackBody(t) {
    return JSON.stringify(envelope({ data: statusView(t) }));
  }

  /** The forged-callback fault: announced as a success, with another amount. */
  function forgeCallback(body) {
    const json = JSON.parse(body);
    json.data.status = 'Success';
    json.data.amount = Number(json.data.amount) * 10 + 5;
    return JSON.stringify(json);
  }

  function sendCallbackOf(t, fault) {
    if (!t.notifyUrl) return Promise.resolve([]);
    const o = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: callbackBody(t),
      provider: NAME,
      reference: t.order_id ?? t.transaction_id,
      forge: forgeCallback,
    };
    if (fault) o.fault = fault;
    const p = ctx.sendCallback(t.notifyUrl, o);
    p.then((entries) => {
      const last = Array.isArray(entries) ? entries[entries.length - 1] : null;
      if (last) t.lastNotification = { status: last.status ?? 0, error: last.error ?? null };
    });
    return p;
  }

  function schedule(t, fault) {
    if (!t.outcome) return;
    const gen = state.generation;
    ctx.setTimer(() => {
      if (gen !== state.generation) return;
      settle(t);
      ctx.setTimer(() => (gen === state.generation ? sendCallbackOf(t, fault) : undefined), ctx.callbackDelayMs);
    }, ctx.finalDelayMs);
  }

  function bodyOf(req) {
    if (req.json && typeof req.json === 'object' && !Array.isArray(req.json)) return req.json;
    if (req.form) return req.form;
    return null;
  }

  /** Same order_id again: the stored transaction if the request is the same one, else an error. */
  function replayOrConflict(orderId, type, fields) {
    const prev = state.byOrderId.get(orderId);
    if (!prev) return null;
    const same =
      prev.type === type &&
      prev.amount === fields.amount &&
      prev.currency === fields.currency &&
      prev.country === fields.country &&
      (type === 'virement' ? prev.account_number === fields.account_number : prev.phone === fields.phone);
    if (!same) {
      return fail(400, 'duplicate_order_id', `order_id ${orderId} was already used for another operation`);
    }
    return ok(view(prev));
  }

  /** Common checks of payments and transfers (seed 002's parameter table, both spellings). */
  function readMobileRequest(req) {
    const b = bodyOf(req);
    if (!b) return { error: fail(400, 'invalid_request', 'A JSON (or form) body is required') };
    const country = str(b.country).toLowerCase();
    const c = COUNTRIES[country];
    if (!c) return { error: fail(400, 'invalid_country', `country must be one of ${Object.keys(COUNTRIES).join(', ')}`) };
    const phone = str(b.phone_number ?? b.number).replace(/^\+/, '');
    if (!/^\d{8,15}$/.test(phone)) return { error: fail(400, 'invalid_phone_number', 'phone_number (or number) must be 8 to 15 digits') };
    if (b.amount === undefined || b.amount === null || b.amount === '') return { error: fail(400, 'missing_parameter', 'amount is required') };
    const amount = parseWholeAmount(b.amount, { zeroFraction: true });
    if (amount === null) return { error: fail(400, 'invalid_amount', 'amount must be a positive whole number') };
    const currency = str(b.currency).toUpperCase();
    if (!currency) return { error: fail(400, 'missing_parameter', 'currency is required') };
    if (currency !== c.currency) return { error: fail(400, 'invalid_currency', `${country} uses ${c.currency}`) };
    const reference = str(b.reference_id ?? b.reference);
    if (!reference) return { error: fail(400, 'missing_parameter', 'reference_id (or reference) is required') };
    const operator = str(b.operator).toLowerCase() || c.operators[0];
    if (!c.operators.includes(operator)) {
      return { error: fail(400, 'invalid_operator', `operator must be one of ${c.operators.join(', ')} in ${country}`) };
    }
    const notifyUrl = b.notify_url === undefined || b.notify_url === '' ? null : b.notify_url;
    if (notifyUrl !== null && !isHttpUrl(notifyUrl)) return { error: fail(400, 'invalid_notify_url', 'notify_url must be an http(s) URL') };
    const orderId = str(b.order_id) || null;
    const lang = str(b.lang).toLowerCase() === 'fr' ? 'fr' : 'en';
    return { fields: { country, phone, amount, currency, reference, operator, notifyUrl, orderId, lang } };
  }

  function outcomeOf(lastDigitSource) {
    const last = lastDigitSource[lastDigitSource.length - 1];
    return last === '9' ? null : last === '3' ? 'Failed' : 'Success';
  }

  function createTransaction(type, f, extra, fault) {
    const fees = Math.round(f.amount * feeRate);
    const t = {
      type,
      transaction_id: `VPT${ctx.randomId().toUpperCase()}`,
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
      createdAt: ctx.now(),
      lastNotification: null,
      ...extra,
    };
    state.transactions.push(t);
    state.byTransactionId.set(t.transaction_id, t);
    if (t.order_id) state.byOrderId.set(t.order_id, t);
    schedule(t, fault);
    return t;
  }

  function payment(req) {
    const { fields: f, error } = readMobileRequest(req);
    if (error) return error;
    if (f.orderId) {
      const replay = replayOrConflict(f.orderId, 'payment', f);
      if (replay) return replay;
    }
    const t = createTransaction('payment', f, { wallet: wallet(f.country, f.operator), outcome: outcomeOf(f.phone) }, req.fault);
    ctx.recordExecution({ provider: NAME, operation: 'collect', key: f.orderId ?? t.transaction_id, amount: f.amount });
    return ok(statusView(t, false));
  }

  function transfer(req) {
    const { fields: f, error } = readMobileRequest(req);
    if (error) return error;
    if (f.orderId) {
      const replay = replayOrConflict(f.orderId, 'transfer', f);
      if (replay) return replay;
    }
    const w = wallet(f.country, f.operator);
    const debit = f.amount + Math.round(f.amount * feeRate);
    if (w.balance < debit) return fail(400, 'insufficient_balance', `The ${w.service} ${w.currency} balance is too low`);
    w.balance -= debit;
    const t = createTransaction('transfer', f, { wallet: w, debited: debit, outcome: outcomeOf(f.phone) }, req.fault);
    ctx.recordExecution({ provider: NAME, operation: 'payout', key: f.orderId ?? t.transaction_id, amount: f.amount });
    return ok(transferView(t, false));
  }

  function virement(req) {
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
    const f = {
      country, currency, amount, reference, operator, notifyUrl, orderId,
      lang: str(b.lang).toLowerCase() === 'fr' ? 'fr' : 'en', account_number: accountNumber,
    };
    const replay = replayOrConflict(orderId, 'virement', f);
    if (replay) return replay;
    // Debited from the first wallet holding debit_currency, preferring the given country and operator.
    const w =
      state.wallets.find((x) => x.currency === debitCurrency && x.country_code === country.toUpperCase() && (!operator || x.service === operator)) ??
      state.wallets.find((x) => x.currency === debitCurrency);
    const debit = amount + Math.round(amount * feeRate);
    if (!w || w.balance < debit) return fail(400, 'insufficient_balance', `The ${debitCurrency} balance is too low`);
    w.balance -= debit;
    const t = createTransaction('virement', f, {
      wallet: w, debited: debit, account_number: accountNumber, account_bank: str(b.account_bank),
      narration: str(b.narration), debit_currency: debitCurrency, outcome: outcomeOf(accountNumber),
    }, req.fault);
    ctx.recordExecution({ provider: NAME, operation: 'bank_transfer', key: orderId, amount });
    return ok(virementView(t, false));
  }

  function findBy(params) {
    const id = params.transaction_id;
    const order = params.order_id;
    const ref = params.reference_id;
    if (id) return state.byTransactionId.get(id) ?? null;
    if (order) return state.byOrderId.get(order) ?? null;
    if (ref) return state.transactions.find((t) => t.reference_id === ref) ?? null;
    return undefined;
  }

  function transactionStatus(req) {
    const q = Object.fromEntries(req.query);
    const t = findBy(q);
    if (t === undefined) return fail(400, 'missing_parameter', 'transaction_id, order_id or reference_id is required');
    if (t === null) return fail(404, 'not_found', 'No transaction matches');
    return ok(statusView(t));
  }

  function transactions(req) {
    const sizeRaw = req.query.get('size');
    if (sizeRaw === null || !/^\d+$/.test(sizeRaw) || Number(sizeRaw) < 1 || Number(sizeRaw) > 1000) {
      return fail(400, 'invalid_parameter', 'size is required: a whole number from 1 to 1000');
    }
    const begin = req.query.get('date_begin');
    const end = req.query.get('date_end');
    const from = begin ? parseDate(begin, false) : -Infinity;
    const to = end ? parseDate(end, true) : Infinity;
    if (from === null || to === null) return fail(400, 'invalid_parameter', 'date_begin/date_end must be YYYY-MM-DD or ISO 8601');
    const list = state.transactions
      .filter((t) => t.createdAt >= from && t.createdAt <= to)
      .reverse()
      .slice(0, Number(sizeRaw))
      .map((t) => statusView(t));
    return ok({ size: Number(sizeRaw), count: list.length, transactions: list });
  }

  /** `POST /v1/notifications`: sends the transaction's notification again and reports the merchant's answer. */
  async function notifications(req) {
    const b = bodyOf(req) ?? {};
    const params = { transaction_id: str(b.transaction_id), order_id: str(b.order_id) };
    const t = findBy(params);
    if (t === undefined) return fail(400, 'missing_parameter', 'transaction_id is required');
    if (t === null) return fail(404, 'not_found', 'No transaction matches');
    const requestIp = req.headers['x-forwarded-for'] ?? '127.0.0.1';
    if (!t.notifyUrl) {
      return { status: 200, body: envelope({ request_ip: requestIp, data: { status: 0, message: 'No notify_url for this transaction' } }) };
    }
    refresh(t);
    const entries = await sendCallbackOf(t, req.fault);
    const last = entries[entries.length - 1];
    const status = last?.status ?? 0;
    const message = last?.error ? `Not delivered: ${last.error}` : `Merchant answered HTTP ${status}`;
    return { status: 200, body: envelope({ request_ip: requestIp, data: { status, message } }) };
  }

  const HANDLERS = {
    '/v1/account': () => ok({ ...ACCOUNT }),
    '/v1/balances': () => ok(state.wallets.map(({ country_name, number, service, balance, currency, country_code }) => ({
      country_name, number, service, balance, currency, country_code,
    }))),
    '/v1/transactions': transactions,
    '/v1/transactions/status': transactionStatus,
    '/v1/payments': payment,
    '/v1/transfers': transfer,
    '/v1/virements': virement,
    '/v1/notifications': notifications,
  };

  return {
    name: NAME,
    prefix: '/viralpay',
    credentials,

    async handle(req) {
      const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
      const method = ROUTES[path];
      if (!method) return fail(404, 'not_found', `No function ${req.method} ${path} (version 1 paths start with /v1/)`);
      const limited = rateLimited(path);
      if (limited) return limited;
      if (req.method !== method) return fail(405, 'method_not_allowed', `${path} takes ${method}`, { allow: method });
      if (path === '/v1/token') return issueToken(req);
      const denied = checkBearer(req);
      if (denied) return denied;
      return HANDLERS[path](req);
    },

    /** Sends a transaction's notification now (order_id or transaction_id). opts.status ('Success'|'Failed',
     *  'success'|'failed') first settles a transaction still Pending. */
    triggerCallback(reference, opts = {}) {
      const t = state.byOrderId.get(reference) ?? state.byTransactionId.get(reference);
      if (!t) return false;
      const forced = { Success: 'Success', success: 'Success', Failed: 'Failed', failed: 'Failed' }[opts?.status];
      refresh(t);
      if (forced) settle(t, forced);
      if (!t.notifyUrl) return true;
      sendCallbackOf(t);
      return true;
    },

    reset() {
      state = freshState();
    },
  };
}
