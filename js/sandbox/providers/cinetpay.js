// CinetPay Transfer (payout) API v1, as documented in docs/providers/cinetpay.md (the provider's Postman collection) and
// docs/providers/cinetpay.md. Every choice the docs leave open is written down in ../docs/cinetpay.md.
//
// Prefix /cinetpay/v1, so `https://client.cinetpay.com/v1/auth/login` is `<sandbox>/cinetpay/v1/auth/login`.
// Every error except 701 comes back with HTTP 200: the body's `code` decides (as on the real API).

import { isHttpUrl, nonNegativeNumber, parseWholeAmount } from '../lib/values.js';

const NAME = 'cinetpay';

const DEFAULTS = Object.freeze({
  apiKey: 'sandbox-cinetpay-apikey',
  password: 'sandbox-cinetpay-password',
  tokenTtlSeconds: 300,
  balance: 1_000_000,
  minAmount: 200,
  maxAmount: 1_500_000,
  amountStep: 1,
});

// code → [message, description fr, description en]. Messages are CinetPay's (docs/providers/cinetpay.md).
const CODES = {
  0: ['OPERATION_SUCCES', 'Opération effectuée avec succès', 'Operation successfully completed'],
  '-1': ['OPERATION_ERROR', "Erreur lors de l'exécution de la requête", 'Errors in the execution of the request'],
  701: ['INVALID_CREDENTIALS', 'Identifiant de connexion incorrect', 'Incorrect login credentials'],
  704: ['INVALID_PARAM', 'Les paramètres envoyés ne sont pas corrects', 'The parameters sent are not correct'],
  705: ['EXPIRED_TOKEN', 'Votre token a expiré', 'The token has expired'],
  706: ['INVALID_TOKEN', 'Votre token est invalide', 'The token is invalid'],
  708: ['NOT_ALLOWED', "Vous n'êtes pas autorisé à visiter ce lien", 'You are not allowed to visit the link'],
  716: ['DATA_NOT_VALID', 'Une donnée envoyée est incorrecte', 'An issued data is incorrect'],
  718: ['JSON_PARSE_ERROR', 'Le JSON envoyé contient des erreurs', 'The emitted JSON contains errors'],
  719: ['AMOUNT_TOO_SMALL', 'Le montant est inférieur au minimum', 'The amount is below the minimum'],
  720: ['AMOUNT_TOO_LARGE', 'Le montant est supérieur au maximum', 'The amount is above the maximum'],
  602: ['INSUFFICIENT_BALANCE', 'Votre solde transfert est insuffisant', 'Your transfer balance is insufficient'],
  723: ['NOT_FOUND', 'Aucun résultat pour cette recherche', 'No results for this search'],
  724: ['ERROR_PHONE_NOT_MY_CONTACT', "Ce numéro n'est pas dans vos contacts", 'The phone number is not one of your contacts'],
  725: ['MISSING_NOTIFY_URL', 'Vous devez mentionner une url de notification valide', 'You must give a valid notification url'],
  726: ['ERROR_PHONE_ALREADY_MY_CONTACT', 'Ce numéro est déjà dans vos contacts', 'The phone number is already one of your contacts'],
  801: ['INVALID_AMOUNT', 'Le montant est invalide', 'The amount entered is invalid'],
  802: ['INVALID_PHONE', 'Le numéro de téléphone est invalide', 'The telephone number entered is invalid'],
  804: ['OPERATOR_UNAVAILABLE', "L'opérateur est indisponible", 'The operator is unavailable'],
  805: ['CLIENT_TRANSACTION_ID_EXIST', 'Cet identifiant de transaction existe déjà', 'Your transaction ID already exists on CinetPay'],
};

function describe(code, lang) {
  const entry = CODES[code] ?? CODES['-1'];
  return { message: entry[0], description: lang === 'en' ? entry[2] : entry[1] };
}

/** The success envelope: `code` is the number 0 (CinetPay's login example, docs/providers/cinetpay.md#hosts-and-authentication). */
function ok(data) {
  return { status: 200, body: { code: 0, message: 'OPERATION_SUCCES', data } };
}

/** The error envelope: `code` is a string ("701"), with a description and `data: []` (CinetPay's 701 example, docs/providers/cinetpay.md#hosts-and-authentication). */
function fail(code, lang, { status = 200, detail } = {}) {
  const { message, description } = describe(code, lang);
  return {
    status,
    body: { code: String(code), message, description: detail ? `${description}: ${detail}` : description, data: [] },
  };
}

function digitsOnly(v) {
  return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : null;
}

function validPrefix(p) {
  return p !== null && /^\d{1,4}$/.test(p);
}

function validPhone(p) {
  return p !== null && /^\d{6,14}$/.test(p);
}

/** Mobile-money operator of a receiver (Côte d'Ivoire numbering from CinetPay's country table). */
function operatorOf(prefix, phone) {
  if (prefix === '225') {
    if (phone.startsWith('07')) return 'OM';
    if (phone.startsWith('05')) return 'MOMO';
    if (phone.startsWith('01')) return 'FLOOZ';
    return 'WAVECI';
  }
  if (prefix === '221') return 'OMSN';
  if (prefix === '237') return 'MTNCM';
  return 'MOBILE_MONEY';
}

/** `YYYY-MM-DD HH:MM:SS` in UTC. */
function formatDate(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function randomDigits(ctx, n) {
  // ctx.randomId gives hex; map it to digits so the ids look like CinetPay's numeric lots.
  let out = '';
  while (out.length < n) out += BigInt(`0x${ctx.randomId()}`).toString().padStart(20, '0');
  return out.slice(0, n);
}

/** @param {import('../server.js').SandboxContext} ctx */
export function createProvider(ctx) {
  const sb = createInstance(ctx);
  return {
    name: NAME,
    prefix: '/cinetpay/v1',
    credentials: sb.credentials,
    handle: (req) => handle(sb, req),

    /** Sends the notification of a transfer now (client_transaction_id or transaction_id).
     *  opts.status ('VAL'|'REJ', or 'success'|'failed') first settles a transfer still NEW. */
    triggerCallback(reference, opts = {}) {
      const t = findTransfer(sb, reference);
      if (!t) return false;
      const forced = { VAL: 'VAL', success: 'VAL', REJ: 'REJ', failed: 'REJ' }[opts?.status];
      refresh(sb, t);
      if (forced) settle(sb, t, forced);
      sendNotification(sb, t);
      return true;
    },

    reset() {
      sb.state = freshState(sb);
    },
  };
}

/** One sandbox instance (`sb`, every handler's first argument): the options.cinetpay settings and the state. */
function createInstance(ctx) {
  const opts = { ...DEFAULTS, ...(ctx.options?.cinetpay ?? {}) };
  const sb = {
    ctx,
    credentials: { apiKey: String(opts.apiKey), password: String(opts.password) },
    ttlMs: nonNegativeNumber(opts.tokenTtlSeconds, DEFAULTS.tokenTtlSeconds) * 1000,
    initialBalance: nonNegativeNumber(opts.balance, DEFAULTS.balance),
    countryBalances: countryBalancesOption(opts.countryBalances),
    minAmount: nonNegativeNumber(opts.minAmount, DEFAULTS.minAmount),
    maxAmount: nonNegativeNumber(opts.maxAmount, DEFAULTS.maxAmount),
    amountStep: Number.isSafeInteger(opts.amountStep) && opts.amountStep > 0 ? opts.amountStep : 1,
    state: null,
  };
  sb.state = freshState(sb);
  return sb;
}

/** options.cinetpay.countryBalances `{ CI: 1000000, CM: 500000 }` (ISO 3166 alpha-2 → opening balance), or null. */
function countryBalancesOption(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value)
    .filter(([iso]) => /^[A-Z]{2}$/.test(iso))
    .map(([iso, n]) => [iso, nonNegativeNumber(n, 0)]);
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

/** The ISO code of a transfer's country (the calling codes of CinetPay's countries), for countryBalances. */
const COUNTRY_OF_PREFIX = Object.freeze({
  225: 'CI', 221: 'SN', 223: 'ML', 226: 'BF', 227: 'NE', 228: 'TG', 229: 'BJ', 237: 'CM', 224: 'GN', 243: 'CD',
});

/** The balance pool a transfer to `prefix` draws on: its country's with countryBalances, else the one pool. */
function poolKey(sb, prefix) {
  return sb.countryBalances ? (COUNTRY_OF_PREFIX[prefix] ?? null) : '*';
}

function freshState(sb) {
  const opening = sb.countryBalances ? Object.entries(sb.countryBalances) : [['*', sb.initialBalance]];
  return {
    generation: (sb.state?.generation ?? 0) + 1,
    tokens: new Map(), // token → expiresAt (ms, ctx clock)
    contacts: new Map(), // prefix+phone → contact
    byClientId: new Map(), // client_transaction_id → transfer
    byTransactionId: new Map(), // transaction_id → transfer
    // key ('*', or an ISO code with countryBalances) → { balance: settled, inUsing: reserved by transfers still NEW }
    pools: new Map(opening.map(([key, balance]) => [key, { balance, inUsing: 0 }])),
  };
}

// ------------------------------------------------------------------ transfers

/** Moves a transfer to its final status once its time has come (or when forced). Idempotent. */
function settle(sb, t, forced) {
  if (t.treatment_status !== 'NEW') return;
  const outcome = forced ?? t.outcome;
  if (!outcome) return;
  t.treatment_status = outcome;
  t.sending_status = 'CONFIRM';
  t.transfer_valid = 'Y';
  const pool = sb.state.pools.get(t.pool);
  pool.inUsing -= t.amount;
  if (outcome === 'VAL') {
    pool.balance -= t.amount;
    t.operator_transaction_id = `MP${randomDigits(sb.ctx, 12)}`;
    t.comment = 'Transfert effectué avec succès';
  } else {
    t.comment = "Transfert rejeté par l'opérateur (sandbox)";
  }
  t.validated_at = formatDate(sb.ctx.now());
}

/** Lazy settlement on the sandbox clock (so options.now can move time without waiting). */
function refresh(sb, t) {
  if (t.treatment_status === 'NEW' && t.outcome && sb.ctx.now() - t.createdAt >= sb.ctx.finalDelayMs) settle(sb, t);
  return t;
}

function transferView(sb, t) {
  refresh(sb, t);
  return {
    transaction_id: t.transaction_id,
    client_transaction_id: t.client_transaction_id,
    lot: t.lot,
    amount: String(t.amount),
    receiver: `${t.prefix}${t.phone}`,
    receiver_e164: `+${t.prefix}${t.phone}`,
    operator: t.operator,
    sending_status: t.sending_status,
    transfer_valid: t.transfer_valid,
    treatment_status: t.treatment_status,
    comment: t.comment,
    operator_transaction_id: t.operator_transaction_id,
    validated_at: t.validated_at,
  };
}

/** The notification of docs/providers/cinetpay.md#callbacks: a form POST, unsigned. */
function notificationBody(sb, t) {
  const v = transferView(sb, t);
  return new URLSearchParams({
    transaction_id: v.transaction_id,
    client_transaction_id: v.client_transaction_id,
    lot: v.lot,
    amount: v.amount,
    receiver: v.receiver,
    sending_status: v.sending_status,
    comment: v.comment,
    treatment_status: v.treatment_status,
    operator_transaction_id: v.operator_transaction_id ?? '',
    validated_at: v.validated_at ?? '',
  }).toString();
}

/** The forged-callback fault: the same transfer announced as validated, with another amount. */
function forgeNotification(body) {
  const form = new URLSearchParams(body);
  form.set('treatment_status', 'VAL');
  form.set('amount', String(Number(form.get('amount') || '0') * 10 + 5));
  form.set('operator_transaction_id', 'FORGED');
  return form.toString();
}

function sendNotification(sb, t, fault) {
  const o = {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: notificationBody(sb, t),
    provider: NAME,
    reference: t.client_transaction_id,
    forge: forgeNotification,
  };
  if (fault) o.fault = fault;
  return sb.ctx.sendCallback(t.notify_url, o);
}

function schedule(sb, t, fault) {
  if (!t.outcome) return; // stays NEW (awaiting the merchant's e-mail confirmation): no notification
  const gen = sb.state.generation;
  sb.ctx.setTimer(() => {
    if (gen !== sb.state.generation) return;
    settle(sb, t);
    sb.ctx.setTimer(() => {
      if (gen !== sb.state.generation) return undefined;
      return sendNotification(sb, t, fault);
    }, sb.ctx.callbackDelayMs);
  }, sb.ctx.finalDelayMs);
}

// ------------------------------------------------------------------ request helpers

function checkToken(sb, req, lang) {
  const token = req.query.get('token');
  if (!token) return fail(706, lang, { detail: 'token manquant / missing token' });
  const expiresAt = sb.state.tokens.get(token);
  if (expiresAt === undefined) return fail(706, lang);
  if (sb.ctx.now() >= expiresAt) return fail(705, lang);
  return null;
}

/** The `data` form field parsed as a JSON array, or an error response. */
function readDataArray(req, lang) {
  if (req.form === undefined) {
    return { error: fail(704, lang, { detail: 'expected an application/x-www-form-urlencoded body' }) };
  }
  const raw = req.form.data;
  if (typeof raw !== 'string' || raw.trim() === '') return { error: fail(704, lang, { detail: 'data' }) };
  let items;
  try {
    items = JSON.parse(raw);
  } catch {
    return { error: fail(718, lang) };
  }
  if (!Array.isArray(items) || items.length === 0 || items.some((i) => !i || typeof i !== 'object' || Array.isArray(i))) {
    return { error: fail(716, lang, { detail: 'data must be a non-empty JSON array of objects' }) };
  }
  return { items };
}

// ------------------------------------------------------------------ endpoints

function login(sb, req, lang) {
  if (req.method !== 'POST') return fail(708, lang, { detail: 'POST' });
  const form = req.form ?? {};
  const apikey = typeof form.apikey === 'string' ? form.apikey : '';
  const password = typeof form.password === 'string' ? form.password : '';
  if (apikey !== sb.credentials.apiKey || password !== sb.credentials.password) {
    return fail(701, lang, { status: 401 });
  }
  const token = sb.ctx.randomId('cp_') + sb.ctx.randomId();
  sb.state.tokens.set(token, sb.ctx.now() + sb.ttlMs);
  return ok({ token });
}

/** `{amount, inUsing, available}` (docs.cinetpay.com), plus `countryBalance: {ISO: {...}}` with countryBalances (the
 *  shape CinetPay's PHP transfer sample reads: `data.countryBalance[ISO].available`). */
function balance(sb) {
  const view = (p) => ({ amount: p.balance, inUsing: p.inUsing, available: p.balance - p.inUsing });
  const pools = [...sb.state.pools.values()];
  const total = view({ balance: pools.reduce((a, p) => a + p.balance, 0), inUsing: pools.reduce((a, p) => a + p.inUsing, 0) });
  if (!sb.countryBalances) return ok(total);
  const countryBalance = Object.fromEntries([...sb.state.pools.entries()].map(([iso, p]) => [iso, view(p)]));
  return ok({ ...total, countryBalance });
}

function addContacts(sb, req, lang) {
  const { items, error } = readDataArray(req, lang);
  if (error) return error;
  const results = items.map((item) => {
    const prefix = digitsOnly(item.prefix);
    const phone = digitsOnly(item.phone);
    const echo = {
      prefix: item.prefix ?? null,
      phone: item.phone ?? null,
      name: item.name ?? null,
      surname: item.surname ?? null,
      email: item.email ?? null,
    };
    const lot = randomDigits(sb.ctx, 22);
    const itemResult = (code) => ({ ...echo, code, status: code === 0 ? 'success' : describe(code, lang).message, lot });
    if (!validPrefix(prefix) || !validPhone(phone)) return itemResult(802);
    for (const f of ['name', 'surname', 'email']) {
      if (typeof item[f] !== 'string' || item[f].trim() === '') return itemResult(716);
    }
    if (!item.email.includes('@')) return itemResult(716);
    const key = prefix + phone;
    if (sb.state.contacts.has(key)) return itemResult(726);
    sb.state.contacts.set(key, { prefix, phone, name: item.name, surname: item.surname, email: item.email });
    return itemResult(0);
  });
  return ok([results]);
}

function sendMoney(sb, req, lang) {
  const { items, error } = readDataArray(req, lang);
  if (error) return error;
  // The whole batch is checked before anything is executed: one bad item rejects the batch.
  const seen = new Set();
  const checked = [];
  const need = new Map(); // pool → total of the batch
  for (const [index, item] of items.entries()) {
    const at = `item ${index}`;
    const prefix = digitsOnly(item.prefix);
    const phone = digitsOnly(item.phone);
    if (!validPrefix(prefix) || !validPhone(phone)) return fail(802, lang, { detail: at });
    const rawId = item.client_transaction_id;
    if ((typeof rawId !== 'string' && typeof rawId !== 'number') || String(rawId).trim() === '') {
      return fail(704, lang, { detail: `${at}: client_transaction_id` });
    }
    const clientId = String(rawId);
    if (sb.state.byClientId.has(clientId) || seen.has(clientId)) return fail(805, lang, { detail: `${at}: ${clientId}` });
    seen.add(clientId);
    if (item.amount === undefined || item.amount === null || item.amount === '') {
      return fail(704, lang, { detail: `${at}: amount` });
    }
    const amount = parseWholeAmount(item.amount);
    if (amount === null || amount % sb.amountStep !== 0) return fail(801, lang, { detail: at });
    if (amount < sb.minAmount) return fail(719, lang, { detail: `${at}: minimum ${sb.minAmount}` });
    if (amount > sb.maxAmount) return fail(720, lang, { detail: `${at}: maximum ${sb.maxAmount}` });
    if (!isHttpUrl(item.notify_url)) return fail(725, lang, { detail: at });
    if (!sb.state.contacts.has(prefix + phone)) return fail(724, lang, { detail: at });
    if (phone.endsWith('8')) return fail(804, lang, { detail: at });
    const pool = poolKey(sb, prefix);
    if (!sb.state.pools.has(pool)) return fail(602, lang, { detail: `${at}: no balance for this country` });
    need.set(pool, (need.get(pool) ?? 0) + amount);
    checked.push({ prefix, phone, amount, clientId, notifyUrl: item.notify_url, pool });
  }
  for (const [key, sum] of need) {
    const p = sb.state.pools.get(key);
    if (sum > p.balance - p.inUsing) return fail(602, lang);
  }

  const results = checked.map(({ prefix, phone, amount, clientId, notifyUrl, pool }) => {
    const last = phone[phone.length - 1];
    const t = {
      transaction_id: `TR${randomDigits(sb.ctx, 16)}`,
      client_transaction_id: clientId,
      lot: randomDigits(sb.ctx, 22),
      prefix,
      phone,
      amount,
      notify_url: notifyUrl,
      operator: operatorOf(prefix, phone),
      // phone ending in 9: waits for the merchant's e-mail confirmation forever (docs/providers/cinetpay.md)
      sending_status: last === '9' ? 'PENDING' : 'CONFIRM',
      transfer_valid: 'N',
      treatment_status: 'NEW',
      comment: '',
      operator_transaction_id: null,
      validated_at: null,
      outcome: last === '9' ? null : last === '3' ? 'REJ' : 'VAL',
      createdAt: sb.ctx.now(),
      pool,
    };
    sb.state.byClientId.set(clientId, t);
    sb.state.byTransactionId.set(t.transaction_id, t);
    sb.state.pools.get(pool).inUsing += amount;
    sb.ctx.recordExecution({ provider: NAME, operation: 'payout', key: clientId, amount });
    schedule(sb, t, req.fault);
    return {
      prefix,
      phone,
      amount,
      client_transaction_id: clientId,
      notify_url: notifyUrl,
      code: 0,
      status: 'success',
      transaction_id: t.transaction_id,
      lot: t.lot,
      treatment_status: t.treatment_status,
      sending_status: t.sending_status,
    };
  });
  return ok([results]);
}

function checkMoney(sb, req, lang) {
  const clientId = req.query.get('client_transaction_id');
  const transactionId = req.query.get('transaction_id');
  if (!clientId && !transactionId) return fail(704, lang, { detail: 'client_transaction_id or transaction_id' });
  const t = clientId ? sb.state.byClientId.get(clientId) : sb.state.byTransactionId.get(transactionId);
  if (!t) return fail(723, lang);
  return ok([transferView(sb, t)]);
}


function findTransfer(sb, reference) {
  return sb.state.byClientId.get(reference) ?? sb.state.byTransactionId.get(reference) ?? null;
}

const ROUTES = {
  '/auth/login': { methods: ['POST'], auth: false, run: login },
  '/transfer/check/balance': { methods: ['GET'], auth: true, run: balance },
  '/transfer/contact': { methods: ['POST'], auth: true, run: addContacts },
  '/transfer/money/send/contact': { methods: ['POST'], auth: true, run: sendMoney },
  '/transfer/check/money': { methods: ['GET'], auth: true, run: checkMoney },
};

async function handle(sb, req) {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path; // CinetPay's collection writes `balance/` (docs/providers/cinetpay.md#endpoints)
  const route = ROUTES[path];
  if (!route) return null;
  const lang = req.query.get('lang') === 'en' ? 'en' : 'fr';
  if (!route.methods.includes(req.method)) {
    return fail(708, lang, { detail: `use ${route.methods.join('/')}` });
  }
  if (route.auth) {
    const denied = checkToken(sb, req, lang);
    if (denied) return denied;
  }
  return route.run(sb, req, lang);
}
