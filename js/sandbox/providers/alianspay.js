// AliansPay, as documented in docs/providers/alianspay.md (payment methods per country, statuses, the OTP scheme, the
// callback body) with payrail's defaults (docs/providers/alianspay.md#choices-where-the-provider-is-silent) for what the provider's documents does not publish (paths, header
// names, request body). Every choice the docs leave open is written down in ../docs/alianspay.md.
//
// Prefix /alianspay, so `https://api.alianspay.com/api/v1/collection` is `<sandbox>/alianspay/api/v1/collection`.
// Every API request carries `guid: <partner GUID>` and `otp: <TOTP of that GUID>` (lib/totp.js).

import { verifyTotp } from '../lib/totp.js';
import { isHttpUrl, nonNegativeNumber, parseWholeAmount, safeEqual, str } from '../lib/values.js';

const NAME = 'alianspay';

const DEFAULTS = Object.freeze({
  guid: '3f0c9a52-7d1e-4b8a-9c61-5e2f4a7b8d90',
  partner: 'payrail-sandbox',
  otpPastWindows: 1,
  otpFutureWindows: 0,
  initialBalance: 1_000_000,
});

// AliansPay's table (docs/providers/alianspay.md#tables): country → phone country code, currency, payment-method codes (moyenPayment).
const COUNTRIES = {
  CM: { dial: '237', currency: 'XAF', methods: ['OM', 'MOMO', 'AP', 'VISA_MASTERCARD'] },
  SN: { dial: '221', currency: 'XOF', methods: ['AP', 'OM', 'WAVE', 'VISA_MASTERCARD'] },
  TG: { dial: '228', currency: 'XOF', methods: ['AP', 'VISA_MASTERCARD', 'TMoney'] },
  TD: { dial: '235', currency: 'XAF', methods: ['AP', 'VISA_MASTERCARD', 'MOOV'] },
  GN: { dial: '224', currency: 'GNF', methods: ['MOMO', 'AP'] },
};

// docs/providers/alianspay.md#responses-and-statuses: "WAVE and VISA_MASTERCARD collection operations will include a URL in the response object".
const REDIRECT_METHODS = new Set(['WAVE', 'VISA_MASTERCARD']);

// Amounts that end a transaction in one of AliansPay's failure statuses (docs/providers/alianspay.md#responses-and-statuses).
const FAILURE_AMOUNTS = {
  4001: 'PAYEE_NOT_FOUND',
  4002: 'NOT_ENOUGH_FUNDS',
  4003: 'PAYER_LIMIT_REACHED',
  4004: 'PAYEE_NOT_ALLOWED_TO_RECEIVE',
  4005: 'EXPIRED',
  4006: 'TRANSACTION_CANCELED',
  4007: 'APPROVAL_REJECTED',
  4008: 'COULD_NOT_PERFORM_TRANSACTION',
  4009: 'ERROR',
  4010: 'FAILED',
};

const MESSAGES = {
  PENDING: 'Transaction en cours de traitement',
  SUCCESS: 'Cette opération a été effectuée avec succès !',
  FAILED: 'Transaction échouée pour une cause inconnue',
  PAYEE_NOT_FOUND: 'Le numéro de téléphone du bénéficiaire est invalide',
  COULD_NOT_PERFORM_TRANSACTION: "La transaction n'a pas été approuvée à temps",
  NOT_ENOUGH_FUNDS: "Le payeur n'a pas assez de fonds",
  PAYER_LIMIT_REACHED: 'La limite du payeur est atteinte',
  PAYEE_NOT_ALLOWED_TO_RECEIVE: 'Le bénéficiaire ne peut pas recevoir de fonds',
  EXPIRED: 'La ressource demandée a expiré',
  TRANSACTION_CANCELED: "La transaction a été annulée par l'initiateur",
  APPROVAL_REJECTED: "L'approbation a été rejetée",
  ERROR: "Erreur lors de l'exécution de la transaction",
};

const MOBILE_PHONE = /^\+?(\d{8,15})$/;

function nonNegativeInt(v, fallback) {
  return Number.isInteger(v) && v >= 0 ? v : fallback;
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** The forged-callback fault: announced as successful, with another amount. */
function forgeCallback(body) {
  const json = JSON.parse(body);
  json.status = 'SUCCESSFUL';
  json.amount = Number(json.amount) * 10 + 5;
  return JSON.stringify(json);
}

/** The country of a request: `country` if given, else the reference's country code, else (cards) the currency. */
function countryOf(body, moyenPayment, reference, currency) {
  const given = str(body.country).toUpperCase();
  if (given) return COUNTRIES[given] ? { code: given } : { error: `country must be one of ${Object.keys(COUNTRIES).join(', ')}` };
  const digits = MOBILE_PHONE.exec(reference)?.[1];
  if (digits) {
    const code = Object.keys(COUNTRIES).find((c) => digits.startsWith(COUNTRIES[c].dial));
    if (code) return { code };
  }
  if (moyenPayment === 'VISA_MASTERCARD' || !digits) {
    const byCurrency = Object.keys(COUNTRIES).filter((c) => COUNTRIES[c].currency === currency && COUNTRIES[c].methods.includes(moyenPayment));
    if (byCurrency.length > 0) return { code: byCurrency[0] };
  }
  return {
    error: `reference must be a phone number with its country code (${Object.values(COUNTRIES).map((c) => c.dial).join(', ')}), or send country`,
  };
}

/** An error answer: `{ status: 'ERROR', code, message }`. */
function fail(status, code, message) {
  return { status, body: { status: 'ERROR', code, message } };
}

/**
 * The checked fields of a collection or disbursement request, as { fields } or { error } (the answer), in the
 * order the checks are made.
 */
function readOperation(req) {
  const error = (...args) => ({ error: fail(...args) });
  const b = req.json;
  if (!b || typeof b !== 'object' || Array.isArray(b)) {
    return error(400, 'INVALID_REQUEST', 'The body must be a JSON object');
  }
  const moyenPayment = str(b.moyenPayment);
  const reference = str(b.reference);
  const externalTransactionId = str(b.externalTransactionId);
  const currency = str(b.currency).toUpperCase();
  for (const [k, v] of [['moyenPayment', moyenPayment], ['reference', reference], ['externalTransactionId', externalTransactionId], ['currency', currency]]) {
    if (!v) return error(400, 'MISSING_PARAMETER', `${k} is required`);
  }
  if (b.amount === undefined || b.amount === null || b.amount === '') return error(400, 'MISSING_PARAMETER', 'amount is required');
  const amount = parseWholeAmount(b.amount);
  if (amount === null) return error(400, 'INVALID_AMOUNT', 'amount must be a positive whole number');
  const allMethods = new Set(Object.values(COUNTRIES).flatMap((c) => c.methods));
  if (!allMethods.has(moyenPayment)) {
    return error(400, 'INVALID_PAYMENT_METHOD', `moyenPayment must be one of ${[...allMethods].join(', ')}`);
  }
  if (moyenPayment !== 'VISA_MASTERCARD' && !MOBILE_PHONE.test(reference)) {
    return error(400, 'INVALID_REFERENCE', 'reference must be the phone number (8 to 15 digits, country code first)');
  }
  const where = countryOf(b, moyenPayment, reference, currency);
  if (where.error) return error(400, 'UNSUPPORTED_COUNTRY', where.error);
  const country = COUNTRIES[where.code];
  if (!country.methods.includes(moyenPayment)) {
    return error(400, 'PAYMENT_METHOD_NOT_AVAILABLE', `${moyenPayment} is not available in ${where.code} (${country.methods.join(', ')})`);
  }
  if (currency !== country.currency) {
    return error(400, 'INVALID_CURRENCY', `${where.code} operations are in ${country.currency}`);
  }
  const callbackUrl = b.callbackUrl === undefined || b.callbackUrl === null || b.callbackUrl === '' ? null : b.callbackUrl;
  if (callbackUrl !== null && !isHttpUrl(callbackUrl)) return error(400, 'INVALID_CALLBACK_URL', 'callbackUrl must be an http(s) URL');
  const description = b.description === undefined || b.description === null ? null : String(b.description);
  return {
    fields: { moyenPayment, reference, externalTransactionId, currency, amount, country: where.code, callbackUrl, description },
  };
}

/** The fixed API paths: the method each takes and its handler (called with the provider and the request). */
const ROUTES = {
  '/api/v1/collection': { method: 'POST', run: (ap, req) => ap.createOperation(req, 'COLLECTION') },
  '/api/v1/disbursement': { method: 'POST', run: (ap, req) => ap.createOperation(req, 'DISBURSEMENT') },
  '/api/v1/balance': { method: 'GET', run: (ap) => ap.balance() },
};

/** @param {import('../server.js').SandboxContext} ctx */
export function createProvider(ctx) {
  const ap = new AliansPaySandbox(ctx);
  return {
    name: NAME,
    prefix: '/alianspay',
    credentials: ap.credentials,

    async handle(req) {
      return ap.handle(req);
    },

    /** Sends a transaction's callback now (externalTransactionId, or AliansPay's transactionId).
     *  opts.status ('SUCCESS' or a failure status of docs/providers/alianspay.md; 'success'|'failed') first settles a PENDING one. */
    triggerCallback(reference, opts = {}) {
      return ap.triggerCallback(reference, opts);
    },

    reset() {
      ap.state = ap.freshState();
    },
  };
}

/** The state and the endpoints of one sandbox's AliansPay. */
class AliansPaySandbox {
  constructor(ctx) {
    this.ctx = ctx;
    const opts = { ...DEFAULTS, ...(ctx.options?.alianspay ?? {}) };
    this.credentials = { guid: String(opts.guid) };
    this.partner = String(opts.partner);
    this.pastWindows = nonNegativeInt(opts.otpPastWindows, DEFAULTS.otpPastWindows);
    this.futureWindows = nonNegativeInt(opts.otpFutureWindows, DEFAULTS.otpFutureWindows);
    this.initialBalance = nonNegativeNumber(opts.initialBalance, DEFAULTS.initialBalance);
    this.state = undefined;
    this.state = this.freshState();
  }

  freshState() {
    const initialBalance = this.initialBalance;
    return {
      generation: (this.state?.generation ?? 0) + 1,
      balances: { XAF: initialBalance, XOF: initialBalance, GNF: initialBalance },
      byExternalId: new Map(),
      byTransactionId: new Map(),
    };
  }

  /** The checkout page (no OTP), then the API: known path, method 405, guid + otp, the route's handler. */
  async handle(req) {
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    const checkout = /^\/checkout\/([^/]+)$/.exec(path);
    if (checkout && req.method === 'GET') {
      let id;
      try {
        id = decodeURIComponent(checkout[1]);
      } catch {
        id = '';
      }
      return this.checkoutPage(id);
    }

    const tx = /^\/api\/v1\/transaction\/([^/]+)$/.exec(path);
    const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : tx ? { method: 'GET', run: null } : null;
    if (!route) return null;
    const expected = route.method;
    if (req.method !== expected) {
      return { status: 405, headers: { allow: expected }, body: { status: 'ERROR', code: 'METHOD_NOT_ALLOWED', message: `${path} takes ${expected}` } };
    }
    const denied = this.authenticate(req);
    if (denied) return denied;
    if (route.run) return route.run(this, req);
    let id;
    try {
      id = decodeURIComponent(tx[1]);
    } catch {
      return fail(400, 'INVALID_REQUEST', 'Bad percent-encoding in the path');
    }
    return this.transactionStatus(id);
  }

  // ------------------------------------------------------------------ auth: guid + otp headers

  authenticate(req) {
    const { credentials, pastWindows, futureWindows } = this;
    const guid = req.headers.guid;
    if (!guid) return fail(401, 'MISSING_GUID', 'The guid header (partner GUID) is required');
    if (!safeEqual(guid.trim(), credentials.guid)) return fail(401, 'INVALID_GUID', 'Unknown partner GUID');
    const otp = req.headers.otp;
    if (!otp) return fail(401, 'MISSING_OTP', 'The otp header (6-digit TOTP of the partner GUID) is required');
    const unixTime = this.ctx.now() / 1000;
    const check = verifyTotp(credentials.guid, otp, { unixTime, pastWindows, futureWindows });
    if (check.ok) return null;
    // Only to make the message more helpful: was it a real code from an older window?
    const older = verifyTotp(credentials.guid, otp, { unixTime, pastWindows: pastWindows + 10, futureWindows: 0 });
    const message = older.ok
      ? `OTP expired: it belongs to a 30-second window ${-older.delta} steps ago`
      : 'Invalid OTP';
    return fail(401, 'INVALID_OTP', message);
  }

  // ------------------------------------------------------------------ transactions

  settle(t, forced) {
    if (t.status !== 'PENDING') return;
    const outcome = forced ?? t.outcome;
    if (!outcome) return;
    t.status = outcome;
    t.updatedAt = this.ctx.now();
    if (outcome === 'SUCCESS') {
      if (t.transaction === 'COLLECTION') this.state.balances[t.currency] += t.amount;
    } else if (t.transaction === 'DISBURSEMENT') {
      this.state.balances[t.currency] += t.amount; // the reserved amount comes back
    }
  }

  refresh(t) {
    if (t.status === 'PENDING' && t.outcome && this.ctx.now() - t.createdAt >= this.ctx.finalDelayMs) this.settle(t);
    return t;
  }

  view(t, current = true) {
    if (current) this.refresh(t); // false: the state as just created (the creation answer)
    const v = {
      status: t.status,
      message: MESSAGES[t.status] ?? t.status,
      transactionId: t.transactionId,
      externalTransactionId: t.externalTransactionId,
      transaction: t.transaction,
      moyenPayment: t.moyenPayment,
      country: t.country,
      amount: t.amount,
      currency: t.currency,
      reference: t.reference,
      description: t.description,
      createdAt: new Date(t.createdAt).toISOString(),
      updatedAt: new Date(t.updatedAt).toISOString(),
    };
    if (t.paymentUrl) v.paymentUrl = t.paymentUrl;
    return v;
  }

  /** AliansPay's callback body (docs/providers/alianspay.md#callbacks); success is spelled SUCCESSFUL there. */
  callbackBody(t) {
    this.refresh(t);
    return JSON.stringify({
      guid: t.transactionId,
      externalTransactionId: t.externalTransactionId,
      status: t.status === 'SUCCESS' ? 'SUCCESSFUL' : t.status,
      message: MESSAGES[t.status] ?? t.status,
      reference: t.reference,
      paymentMethod: t.moyenPayment,
      description: t.description ?? (t.transaction === 'COLLECTION' ? 'Collection' : 'Disbursement'),
      transaction: t.transaction,
      partner: this.partner,
      amount: t.amount,
    });
  }

  sendCallbackOf(t, fault) {
    if (!t.callbackUrl) return false;
    const o = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: this.callbackBody(t),
      provider: NAME,
      reference: t.externalTransactionId,
      forge: forgeCallback,
    };
    if (fault) o.fault = fault;
    this.ctx.sendCallback(t.callbackUrl, o);
    return true;
  }

  schedule(t, fault) {
    if (!t.outcome) return;
    const { ctx } = this;
    const gen = this.state.generation;
    ctx.setTimer(() => {
      if (gen !== this.state.generation) return;
      this.settle(t);
      ctx.setTimer(() => {
        if (gen === this.state.generation) this.sendCallbackOf(t, fault);
      }, ctx.callbackDelayMs);
    }, ctx.finalDelayMs);
  }

  /** `POST /api/v1/collection` and `/api/v1/disbursement` (kind COLLECTION or DISBURSEMENT). */
  createOperation(req, kind) {
    const { fields: f, error } = readOperation(req);
    if (error) return error;
    const { state, ctx } = this;
    const { moyenPayment, reference, externalTransactionId, currency, amount } = f;

    // Same externalTransactionId: the stored transaction when the request is the same, else a conflict.
    const prev = state.byExternalId.get(externalTransactionId);
    if (prev) {
      const same = prev.transaction === kind && prev.amount === amount && prev.currency === currency &&
        prev.reference === reference && prev.moyenPayment === moyenPayment;
      if (!same) {
        return fail(409, 'DUPLICATE_EXTERNAL_TRANSACTION_ID', `externalTransactionId ${externalTransactionId} was already used for another operation`);
      }
      return { status: 200, body: this.view(prev) };
    }

    if (kind === 'DISBURSEMENT') {
      if (state.balances[currency] < amount) {
        return fail(400, 'NOT_ENOUGH_FUNDS', `The partner's ${currency} balance is too low for this disbursement`);
      }
      state.balances[currency] -= amount; // reserved now, given back if the disbursement fails
    }
    const digits = MOBILE_PHONE.exec(reference)?.[1] ?? '';
    const last = digits[digits.length - 1];
    const outcome = FAILURE_AMOUNTS[amount] ?? (last === '9' ? null : last === '3' ? 'FAILED' : 'SUCCESS');
    const transactionId = ctx.uuid();
    const t = {
      transactionId,
      externalTransactionId,
      transaction: kind,
      moyenPayment,
      country: f.country,
      amount,
      currency,
      reference,
      description: f.description,
      callbackUrl: f.callbackUrl,
      status: 'PENDING',
      outcome,
      createdAt: ctx.now(),
      updatedAt: ctx.now(),
      paymentUrl:
        kind === 'COLLECTION' && REDIRECT_METHODS.has(moyenPayment)
          ? `${ctx.baseUrl ? ctx.baseUrl(NAME) : `http://${req.headers.host}/alianspay`}/checkout/${transactionId}`
          : null,
    };
    state.byExternalId.set(externalTransactionId, t);
    state.byTransactionId.set(transactionId, t);
    ctx.recordExecution({
      provider: NAME,
      operation: kind === 'COLLECTION' ? 'collect' : 'payout',
      key: externalTransactionId,
      amount,
    });
    this.schedule(t, req.fault);
    return { status: 200, body: this.view(t, false) };
  }

  /** `GET /api/v1/transaction/{externalTransactionId}`. */
  transactionStatus(externalTransactionId) {
    const t = this.state.byExternalId.get(externalTransactionId);
    if (!t) return fail(404, 'NOT_FOUND', `No transaction with externalTransactionId ${externalTransactionId}`);
    return { status: 200, body: this.view(t) };
  }

  /** `GET /api/v1/balance`: the partner's balance per currency. */
  balance() {
    return {
      status: 200,
      body: {
        status: 'SUCCESS',
        partner: this.partner,
        balances: Object.entries(this.state.balances).map(([currency, amount]) => ({ currency, amount })),
      },
    };
  }

  /** The page a WAVE / VISA_MASTERCARD payer opens (no OTP: it is the customer's browser). */
  checkoutPage(transactionId) {
    const t = this.state.byTransactionId.get(transactionId);
    if (!t) return { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><p>Unknown payment</p>' };
    this.refresh(t);
    const html =
      '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>AliansPay sandbox checkout</title></head><body>' +
      `<h1>AliansPay sandbox: ${escapeHtml(t.moyenPayment)} payment</h1>` +
      `<p>${escapeHtml(t.amount)} ${escapeHtml(t.currency)} for ${escapeHtml(t.reference)} ` +
      `(externalTransactionId ${escapeHtml(t.externalTransactionId)}).</p>` +
      `<p>Status: <strong>${escapeHtml(t.status)}</strong>. In the sandbox the payment completes by itself.</p>` +
      '</body></html>';
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html };
  }

  /** Sends a transaction's callback now; see createProvider().triggerCallback. */
  triggerCallback(reference, opts = {}) {
    const t = this.state.byExternalId.get(reference) ?? this.state.byTransactionId.get(reference);
    if (!t) return false;
    this.refresh(t);
    const asked = typeof opts?.status === 'string' ? opts.status : null;
    const forced = asked === 'success' || asked === 'SUCCESSFUL' ? 'SUCCESS'
      : asked === 'failed' ? 'FAILED'
        : asked && (asked === 'SUCCESS' || MESSAGES[asked]) && asked !== 'PENDING' ? asked : null;
    if (forced) this.settle(t, forced);
    this.sendCallbackOf(t);
    return true;
  }
}
