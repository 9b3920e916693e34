// MTN MoMo Open API, as the payrail sandbox speaks it (prefix /momo; paths as MTN's under it).
// Sources: docs/providers/momo.md (with the Partner Gateway CreatePayments), MTN's public API
// reference and "Sandbox Use Cases" table; every choice where MTN is silent is listed in ../docs/momo.md.
// Node built-ins only; nothing outside js/sandbox/ is imported (published as `payrail/sandbox`).

import crypto from 'node:crypto';
import {
  EMAIL,
  MAX_NOTE_CHARS,
  MSISDN,
  SANDBOX_CURRENCY,
  UUID_ANY,
  UUID_V4,
  VALIDATORS,
  badRequest,
  clean,
  conflict,
  decode,
  error,
  fromUnits,
  header,
  isObject,
  isoSeconds,
  jsonBody,
  notFound,
  safeEqual,
  sameHost,
  str,
  toUnits,
} from '../lib/momo-body.js';
import { CASH_TRANSFER_FIELDS, HOLDER_CASES, MESSAGES, OPERATIONS, REFUNDABLE } from '../lib/momo-tables.js';

const PRODUCTS = Object.freeze(['collection', 'disbursement', 'remittance']);
const SANDBOX_ENVIRONMENT = 'sandbox';

// Fixed default credentials (deterministic, overridable through options.momo).
const DEFAULT_SUBSCRIPTION_KEY = '5a1dbeef0c0ffee0d15ea5e5a4db0c5e';
const DEFAULT_API_USER = '3f2a6c1e-9b7d-4e58-a0c4-6d2e8f1b7a93';
const DEFAULT_API_KEY = '9c4e1a7b3d5f40e2a8b6c0d2e4f6a8b1';
const DEFAULT_BALANCE = '1000000';
const DEFAULT_TOKEN_TTL_SECONDS = 3600;

// Azure API Management's own answers (the MoMo gateway is an APIM instance).
const APIM_MISSING_KEY =
  'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.';
const APIM_INVALID_KEY = 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.';

/** @param {import('../server.js').SandboxContext} ctx */
export function createProvider(ctx) {
  const sb = createInstance(ctx);
  return {
    name: 'momo',
    prefix: '/momo',
    credentials: sb.credentials,
    handle: (req) => handle(sb, req),
    triggerCallback: (reference, options) => triggerCallback(sb, reference, options),
    reset: () => reset(sb),
  };
}

/** One sandbox instance (`sb`, every handler's first argument): the options.momo settings and the state. */
function createInstance(ctx) {
  const opts = (ctx.options && ctx.options.momo) || {};
  const subscriptionKey = str(opts.subscriptionKey, DEFAULT_SUBSCRIPTION_KEY);
  const productKeys = {};
  for (const p of PRODUCTS) productKeys[p] = str(opts.subscriptionKeys && opts.subscriptionKeys[p], subscriptionKey);
  const defaultUser = str(opts.apiUser, DEFAULT_API_USER);
  const defaultApiKey = str(opts.apiKey, DEFAULT_API_KEY);
  const credentials = { subscriptionKey, apiUser: defaultUser, apiKey: defaultApiKey, targetEnvironment: SANDBOX_ENVIRONMENT };
  if (opts.subscriptionKeys && typeof opts.subscriptionKeys === 'object') credentials.subscriptionKeys = { ...productKeys };
  const sb = {
    ctx,
    opts,
    productKeys,
    defaultUser,
    defaultApiKey,
    credentials,
    reasonFormat: opts.reasonFormat === 'object' ? 'object' : 'string',
    callbackMethod: callbackMethod(opts.callbackMethod, 'PUT'),
    tokenTtlSeconds:
      Number.isFinite(opts.tokenTtlSeconds) && opts.tokenTtlSeconds > 0 ? opts.tokenTtlSeconds : DEFAULT_TOKEN_TTL_SECONDS,
    delayedMs: () =>
      Number.isFinite(opts.delayedMs) && opts.delayedMs >= 0 ? opts.delayedMs : Math.max(10 * ctx.finalDelayMs, 1000),
    state: null,
  };
  sb.state = freshState(sb);
  return sb;
}

/** 'PUT' or 'POST' (any case); anything else is `fallback`. */
function callbackMethod(value, fallback) {
  const m = typeof value === 'string' ? value.toUpperCase() : '';
  return m === 'PUT' || m === 'POST' ? m : fallback;
}

function freshState(sb) {
  const { opts } = sb;
  const balances = {};
  for (const p of PRODUCTS) balances[p] = toUnits(str(opts.balances && opts.balances[p], DEFAULT_BALANCE)) ?? 0n;
  return {
    /** apiUser id → { apiKey|null, providerCallbackHost|null, products: Set } */
    users: new Map([
      [
        sb.defaultUser,
        {
          apiKey: sb.defaultApiKey,
          providerCallbackHost: typeof opts.providerCallbackHost === 'string' ? opts.providerCallbackHost : 'localhost',
          products: new Set(PRODUCTS),
        },
      ],
    ]),
    /** access token → { product, apiUser, expiresAt } */
    tokens: new Map(),
    /** `${product}/${resource}/${referenceId}` → transaction */
    resources: new Map(),
    /** referenceId → [transaction...] (triggerCallback looks up by reference only) */
    byReference: new Map(),
    balances,
    ftid: 0,
  };
}

// ------------------------------------------------------------------ request handling

async function handle(sb, req) {
  const path = req.path;
  const seg = path.split('/').filter((s) => s !== '');
  const method = req.method;

  // Sandbox provisioning: /v1_0/apiuser...
  if (seg[0] === 'v1_0' && seg[1] === 'apiuser') return provisioning(sb, req, method, seg.slice(2));

  const product = seg[0];
  if (!PRODUCTS.includes(product)) return null;

  if (seg[1] === 'token' && seg.length === 2) {
    if (method !== 'POST') return null;
    return createToken(sb, req, product);
  }

  const version = seg[1];
  if (version !== 'v1_0' && version !== 'v2_0') return null;
  const rest = seg.slice(2);
  const route = matchRoute(sb, product, version, method, rest);
  if (!route) return null;

  const keyError = checkSubscriptionKey(req, [sb.productKeys[product]]);
  if (keyError) return keyError;
  const auth = checkBearer(sb, req, product);
  if (auth.error) return auth.error;
  const envError = checkTargetEnvironment(req);
  if (envError) return envError;
  return route(req, auth);
}

/** Returns the handler of a product route, or null (framework 404). */
function matchRoute(sb, product, version, method, rest) {
  const [resource, ref, sub, ...more] = rest;
  // balances
  if (resource === 'account' && ref === 'balance' && version === 'v1_0' && method === 'GET') {
    if (sub === undefined) return (req) => balance(sb, product, null);
    if (more.length === 0) return (req) => balance(sb, product, sub);
    return null;
  }
  // account holders
  if (resource === 'accountholder' && version === 'v1_0' && method === 'GET' && rest.length === 4) {
    const [, type, id, what] = rest;
    if (what === 'active') return () => accountHolderActive(type, id);
    if (what === 'basicuserinfo' && type.toLowerCase() === 'msisdn') return () => basicUserInfo(id);
    return null;
  }
  const opKey = `${product}/${resource}`;
  const op = OPERATIONS[opKey];
  if (!op || !op.versions.includes(version)) return null;
  if (ref === undefined) {
    if (method === 'POST') return (req, auth) => createOperation(sb, req, auth, opKey, op, version);
    return null;
  }
  if (sub === undefined) {
    // MTN defines GET .../requesttowithdraw|deposit|refund/{id} under v1_0 only, V2 operations included.
    if (method === 'GET' && (op.statusVersions ?? op.versions).includes(version)) {
      return (req, auth) => getStatus(sb, auth, opKey, ref);
    }
    if (method === 'DELETE' && opKey === 'collection/invoice') return (req, auth) => cancelInvoice(sb, req, auth, ref);
    return null;
  }
  if (sub === 'deliverynotification' && more.length === 0 && method === 'POST' && opKey === 'collection/requesttopay') {
    return (req, auth) => deliveryNotification(sb, req, auth, ref);
  }
  return null;
}

// ------------------------------------------------------------------ provisioning and tokens

function provisioning(sb, req, method, rest) {
  const allKeys = PRODUCTS.map((p) => sb.productKeys[p]);
  const matchRest =
    (method === 'POST' && rest.length === 0) ||
    (method === 'POST' && rest.length === 2 && rest[1] === 'apikey') ||
    (method === 'GET' && rest.length === 1);
  if (!matchRest) return null;
  const keyError = checkSubscriptionKey(req, allKeys);
  if (keyError) return keyError;

  if (rest.length === 0) {
    const id = header(req, 'x-reference-id');
    if (!id || !UUID_V4.test(id)) return badRequest('INVALID_REFERENCE_ID', 'X-Reference-Id must be a UUID version 4.');
    const body = jsonBody(req);
    if (!isObject(body) || typeof body.providerCallbackHost !== 'string' || body.providerCallbackHost.trim() === '') {
      return badRequest('INVALID_BODY', 'The body must be {"providerCallbackHost": "<host>"}.');
    }
    if (sb.state.users.has(id.toLowerCase())) return conflict();
    const key = header(req, 'ocp-apim-subscription-key');
    sb.state.users.set(id.toLowerCase(), {
      apiKey: null,
      providerCallbackHost: body.providerCallbackHost.trim(),
      products: new Set(PRODUCTS.filter((p) => sb.productKeys[p] === key)),
    });
    return { status: 201 };
  }
  const id = decode(rest[0]).toLowerCase();
  const user = sb.state.users.get(id);
  if (!user) return notFound();
  if (rest.length === 2) {
    user.apiKey = crypto.randomBytes(16).toString('hex');
    return { status: 201, body: { apiKey: user.apiKey } };
  }
  return { status: 200, body: { providerCallbackHost: user.providerCallbackHost, targetEnvironment: SANDBOX_ENVIRONMENT } };
}

function createToken(sb, req, product) {
  const keyError = checkSubscriptionKey(req, [sb.productKeys[product]]);
  if (keyError) return keyError;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header(req, 'authorization') ?? '');
  const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const apiUser = colon > 0 ? decoded.slice(0, colon).toLowerCase() : '';
  const apiKey = colon > 0 ? decoded.slice(colon + 1) : '';
  const user = sb.state.users.get(apiUser);
  if (!user || user.apiKey === null || !safeEqual(user.apiKey, apiKey) || !user.products.has(product)) {
    return { status: 401, body: { error: 'login_failed' } };
  }
  const token = crypto.randomBytes(32).toString('base64url');
  sb.state.tokens.set(token, { product, apiUser, expiresAt: sb.ctx.now() + sb.tokenTtlSeconds * 1000 });
  return { status: 200, body: { access_token: token, token_type: 'access_token', expires_in: sb.tokenTtlSeconds } };
}

function checkSubscriptionKey(req, accepted) {
  const key = header(req, 'ocp-apim-subscription-key');
  if (key === undefined || key === '') return { status: 401, body: { statusCode: 401, message: APIM_MISSING_KEY } };
  if (!accepted.some((k) => safeEqual(k, key))) return { status: 401, body: { statusCode: 401, message: APIM_INVALID_KEY } };
  return null;
}

function checkBearer(sb, req, product) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  const entry = m ? sb.state.tokens.get(m[1]) : undefined;
  if (!entry || entry.product !== product || sb.ctx.now() >= entry.expiresAt) {
    if (entry && sb.ctx.now() >= entry.expiresAt) sb.state.tokens.delete(m[1]);
    return {
      error: {
        status: 401,
        body: { statusCode: 401, message: 'Access denied due to invalid or expired access token.' },
      },
    };
  }
  return { apiUser: entry.apiUser, product };
}

function checkTargetEnvironment(req) {
  const env = header(req, 'x-target-environment');
  if (env === SANDBOX_ENVIRONMENT) return null;
  return error(500, 'NOT_ALLOWED_TARGET_ENVIRONMENT');
}

// ------------------------------------------------------------------ creating operations

function createOperation(sb, req, auth, opKey, op, version) {
  const referenceId = header(req, 'x-reference-id');
  if (!referenceId || !UUID_V4.test(referenceId)) {
    return badRequest('INVALID_REFERENCE_ID', 'X-Reference-Id must be a UUID version 4.');
  }
  const ref = referenceId.toLowerCase();
  const storeKey = `${opKey}/${ref}`;
  if (sb.state.resources.has(storeKey)) return conflict();

  const callbackUrl = header(req, 'x-callback-url');
  if (callbackUrl !== undefined && callbackUrl !== '') {
    const cbError = checkCallbackUrl(sb, callbackUrl, auth.apiUser);
    if (cbError) return cbError;
  }

  const body = jsonBody(req);
  if (!isObject(body)) return badRequest('INVALID_BODY', 'The body must be a JSON object.');
  const parsed = VALIDATORS[op.kind](body);
  if (parsed.error) return parsed.error;

  const now = sb.ctx.now();
  const tx = {
    opKey,
    product: opKey.split('/')[0],
    resource: opKey.split('/')[1],
    version,
    referenceId: ref,
    owner: auth.apiUser,
    request: parsed.value,
    amount: parsed.amount,
    currency: parsed.currency,
    partyNumber: parsed.partyNumber,
    callbackUrl: callbackUrl || null,
    fault: req.fault && (req.fault === 'duplicate-callback' || req.fault === 'forged-callback') ? req.fault : null,
    createdAt: now,
    status: 'PENDING',
    reason: null,
    financialTransactionId: null,
    finalTimer: null,
    extra: {},
  };
  if (op.kind === 'invoice') {
    const seconds = parsed.validitySeconds;
    tx.extra.invoiceId = String(100000000 + sb.state.resources.size + 1);
    tx.extra.paymentReference = crypto.randomBytes(4).toString('hex').toUpperCase();
    tx.extra.expiryDateTime = isoSeconds(now + seconds * 1000);
  }
  sb.state.resources.set(storeKey, tx);
  const list = sb.state.byReference.get(ref) ?? [];
  list.push(tx);
  sb.state.byReference.set(ref, list);

  sb.ctx.recordExecution({
    provider: 'momo',
    operation: tx.resource,
    key: ref,
    amount: parsed.amount ?? null,
    product: tx.product,
  });
  schedule(sb, tx, op);
  return { status: 202 };
}

/** Decides when and how a new transaction ends (fixed by the test numbers) and sets its timer. */
function schedule(sb, tx, op) {
  let outcome;
  if (op.kind === 'refund') outcome = 'REFUND';
  else outcome = (op.outcomes && op.outcomes[tx.partyNumber]) || 'SUCCESSFUL';
  tx.plannedOutcome = outcome;
  if (outcome === 'ONGOING') return; // stays PENDING forever
  const ms = outcome === 'DELAYED' ? sb.delayedMs() : sb.ctx.finalDelayMs;
  tx.dueAt = tx.createdAt + ms;
  tx.finalTimer = sb.ctx.setTimer(() => finalize(sb, tx), ms);
}

/** Moves a PENDING transaction to its final status (once) and schedules its callback. */
function finalize(sb, tx) {
  if (tx.status !== 'PENDING' || tx.cancelled) return;
  if (sb.state.resources.get(`${tx.opKey}/${tx.referenceId}`) !== tx) return; // forgotten by reset(sb)
  if (tx.finalTimer) sb.ctx.clearTimer?.(tx.finalTimer);
  tx.finalTimer = null;
  const op = OPERATIONS[tx.opKey];
  let reason = null;
  const planned = tx.plannedOutcome;
  if (planned === 'DELAYED') reason = 'PAYER_DELAYED';
  else if (planned === 'REFUND') reason = refundFailure(sb, tx);
  else if (planned !== 'SUCCESSFUL') reason = planned;

  if (reason === null && op.money !== 0) {
    const units = toUnits(tx.amount);
    if (op.money < 0) {
      if (sb.state.balances[tx.product] < units) reason = 'NOT_ENOUGH_FUNDS';
      else sb.state.balances[tx.product] -= units;
    } else {
      sb.state.balances[tx.product] += units;
    }
  }
  if (reason === null) {
    tx.status = 'SUCCESSFUL';
    if (op.kind !== 'preapproval') tx.financialTransactionId = String(1000000000 + ++sb.state.ftid);
  } else {
    tx.status = 'FAILED';
    tx.reason = reason;
  }
  if (tx.callbackUrl) {
    sb.ctx.setTimer(() => sendCallback(sb, tx, tx.callbackUrl, tx.fault), sb.ctx.callbackDelayMs);
  }
}

/** Lazy path for clocks moved by options.now: a GET after the due time sees the final status. */
function catchUp(sb, tx) {
  if (tx.status === 'PENDING' && tx.dueAt !== undefined && sb.ctx.now() >= tx.dueAt) finalize(sb, tx);
}

function refundFailure(sb, tx) {
  const target = tx.request.referenceIdToRefund.toLowerCase();
  const original = REFUNDABLE.map((k) => sb.state.resources.get(`${k}/${target}`)).find(Boolean);
  if (!original) return 'TRANSACTION_NOT_FOUND';
  catchUp(sb, original);
  if (original.status !== 'SUCCESSFUL') return 'TRANSACTION_NOT_COMPLETED';
  if (original.currency !== tx.currency) return 'INVALID_CURRENCY';
  let refunded = 0n;
  for (const other of sb.state.resources.values()) {
    if (other.opKey === 'disbursement/refund' && other !== tx && other.status === 'SUCCESSFUL') {
      if (other.request.referenceIdToRefund.toLowerCase() === target) refunded += toUnits(other.amount);
    }
  }
  if (refunded + toUnits(tx.amount) > toUnits(original.amount)) return 'NOT_ALLOWED';
  tx.extra.refundedParty = original.request.payer ?? refundPartyOfPayment(original);
  return null;
}

function refundPartyOfPayment(payment) {
  const digits = payment.partyNumber;
  return digits ? { partyIdType: 'MSISDN', partyId: digits } : undefined;
}

function checkCallbackUrl(sb, value, apiUser) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return badRequest('INVALID_CALLBACK_URL_HOST', 'X-Callback-Url must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return badRequest('INVALID_CALLBACK_URL_HOST', 'X-Callback-Url must be an absolute http(s) URL.');
  }
  const user = sb.state.users.get(apiUser);
  const registered = user && user.providerCallbackHost;
  if (registered && !sameHost(url.hostname, registered)) return badRequest('INVALID_CALLBACK_URL_HOST');
  return null;
}

// ------------------------------------------------------------------ reading

function findOwned(sb, auth, opKey, ref) {
  const tx = sb.state.resources.get(`${opKey}/${decode(ref).toLowerCase()}`);
  if (!tx || tx.owner !== auth.apiUser) return null;
  return tx;
}

function getStatus(sb, auth, opKey, ref) {
  const tx = findOwned(sb, auth, opKey, ref);
  if (!tx) return notFound();
  catchUp(sb, tx);
  return { status: 200, body: statusBody(sb, tx) };
}

function cancelInvoice(sb, req, auth, ref) {
  const tx = findOwned(sb, auth, 'collection/invoice', ref);
  if (!tx) return notFound();
  const cancelRef = header(req, 'x-reference-id');
  if (!cancelRef || !UUID_V4.test(cancelRef)) {
    return badRequest('INVALID_REFERENCE_ID', 'X-Reference-Id must be a UUID version 4.');
  }
  const body = jsonBody(req);
  if (body !== undefined && (!isObject(body) || (body.externalId !== undefined && typeof body.externalId !== 'string'))) {
    return badRequest('INVALID_BODY', 'The body must be {"externalId": "<string>"}.');
  }
  catchUp(sb, tx);
  if (tx.status !== 'PENDING') return error(409, 'NOT_ALLOWED', 'Only a pending invoice can be cancelled.');
  tx.cancelled = true;
  if (tx.finalTimer) sb.ctx.clearTimer?.(tx.finalTimer);
  tx.finalTimer = null;
  tx.status = 'FAILED';
  tx.reason = 'TRANSACTION_CANCELED';
  if (tx.callbackUrl) sb.ctx.setTimer(() => sendCallback(sb, tx, tx.callbackUrl, tx.fault), sb.ctx.callbackDelayMs);
  return { status: 200 };
}

function deliveryNotification(sb, req, auth, ref) {
  const tx = findOwned(sb, auth, 'collection/requesttopay', ref);
  if (!tx) return notFound();
  // MTN's definition marks the notificationMessage header required; the body's notificationMessage is optional.
  const message = header(req, 'notificationmessage');
  if (message === undefined || message === '') {
    return badRequest('INVALID_HEADER', 'The notificationMessage header is required.');
  }
  const body = jsonBody(req);
  if (body !== undefined && !(isObject(body) && (body.notificationMessage === undefined || typeof body.notificationMessage === 'string'))) {
    return badRequest('INVALID_BODY', 'The body must be {"notificationMessage": "<string>"}.');
  }
  if ([...message].length > MAX_NOTE_CHARS) {
    return badRequest('MESSAGE_TOO_LONG', `notificationMessage is longer than ${MAX_NOTE_CHARS} characters.`);
  }
  catchUp(sb, tx);
  if (tx.status !== 'SUCCESSFUL') return error(409, 'TRANSACTION_NOT_COMPLETED', 'The transaction is not successfully completed.');
  tx.notifications = (tx.notifications ?? 0) + 1;
  return { status: 200 };
}

function balance(sb, product, currency) {
  if (currency !== null && decode(currency).toUpperCase() !== SANDBOX_CURRENCY) return badRequest('INVALID_CURRENCY');
  return { status: 200, body: { availableBalance: fromUnits(sb.state.balances[product]), currency: SANDBOX_CURRENCY } };
}

function holderCase(type, id) {
  const t = String(type).toLowerCase();
  if (!HOLDER_CASES[t]) return { error: badRequest('INVALID_PARTY', 'accountHolderIdType must be msisdn, email or party_code.') };
  const value = decode(id);
  const valid = t === 'msisdn' ? MSISDN.test(value) : t === 'email' ? EMAIL.test(value) : UUID_ANY.test(value);
  if (!valid) return { error: badRequest('INVALID_PARTY', `Invalid ${t} account holder id.`) };
  return { case: HOLDER_CASES[t][t === 'msisdn' ? value : value.toLowerCase()] ?? 'ACTIVE' };
}

function holderError(c) {
  if (c === 'NOT_FOUND') return error(404, 'NOT_FOUND');
  if (c === 'SERVICE_UNAVAILABLE') return error(503, 'SERVICE_UNAVAILABLE');
  return error(500, c);
}

function accountHolderActive(type, id) {
  const h = holderCase(type, id);
  if (h.error) return h.error;
  if (h.case === 'ACTIVE') return { status: 200, body: { result: true } };
  if (h.case === 'NOT_ACTIVE') return { status: 200, body: { result: false } };
  return holderError(h.case);
}

function basicUserInfo(id) {
  const h = holderCase('msisdn', id);
  if (h.error) return h.error;
  if (h.case !== 'ACTIVE' && h.case !== 'NOT_ACTIVE') return holderError(h.case);
  return {
    status: 200,
    body: {
      given_name: 'Sand',
      family_name: 'Box',
      birthdate: '1976-08-13',
      locale: 'sv_SE',
      gender: 'MALE',
      status: h.case === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
    },
  };
}

// ------------------------------------------------------------------ status bodies and callbacks

function reasonValue(sb, code) {
  return sb.reasonFormat === 'object' ? { code, message: MESSAGES[code] ?? code } : code;
}

/** The body of GET .../{referenceId}, also sent as the callback. */
function statusBody(sb, tx) {
  const r = tx.request;
  const final = tx.status !== 'PENDING';
  switch (OPERATIONS[tx.opKey].kind) {
    case 'debit':
      return clean({
        amount: r.amount,
        currency: r.currency,
        financialTransactionId: tx.financialTransactionId ?? undefined,
        externalId: r.externalId,
        payer: r.payer,
        payerMessage: r.payerMessage,
        payeeNote: r.payeeNote,
        status: tx.status,
        reason: final && tx.reason ? reasonValue(sb, tx.reason) : undefined,
      });
    case 'credit':
    case 'refund':
      return clean({
        amount: r.amount,
        currency: r.currency,
        financialTransactionId: tx.financialTransactionId ?? undefined,
        externalId: r.externalId,
        payee: r.payee ?? tx.extra.refundedParty,
        payerMessage: r.payerMessage,
        payeeNote: r.payeeNote,
        status: tx.status,
        reason: final && tx.reason ? reasonValue(sb, tx.reason) : undefined,
      });
    case 'cashtransfer': {
      const out = {
        financialTransactionId: tx.financialTransactionId ?? undefined,
        status: tx.status,
        reason: final && tx.reason ? reasonValue(sb, tx.reason) : undefined,
        amount: r.amount,
        currency: r.currency,
        payee: r.payee,
        externalId: r.externalId,
      };
      for (const f of CASH_TRANSFER_FIELDS) out[f] = r[f];
      out.payerMessage = r.payerMessage;
      out.payeeNote = r.payeeNote;
      return clean(out);
    }
    case 'payment':
      return clean({
        referenceId: tx.referenceId,
        status: tx.status,
        financialTransactionId: tx.financialTransactionId ?? undefined,
        reason: final && tx.reason ? reasonValue(sb, tx.reason) : undefined,
      });
    case 'invoice':
      return clean({
        referenceId: tx.referenceId,
        externalId: r.externalId,
        amount: r.amount,
        currency: r.currency,
        status: tx.status,
        paymentReference: tx.extra.paymentReference,
        invoiceId: tx.extra.invoiceId,
        expiryDateTime: tx.extra.expiryDateTime,
        payeeFirstName: 'Sand',
        payeeLastName: 'Box',
        errorReason: final && tx.reason ? { code: tx.reason, message: MESSAGES[tx.reason] ?? tx.reason } : undefined,
        intendedPayer: r.intendedPayer,
        description: r.description,
      });
    case 'preapproval':
      return clean({
        payer: r.payer,
        payerCurrency: r.payerCurrency,
        payerMessage: r.payerMessage,
        status: tx.status,
        expirationDateTime:
          tx.status === 'SUCCESSFUL' ? isoSeconds(tx.createdAt + r.validityTime * 1000) : undefined,
        reason: final && tx.reason ? reasonValue(sb, tx.reason) : undefined,
      });
    default:
      return { status: tx.status };
  }
}

/** MTN's callback page: callbacks arrive by PUT or POST (options.momo.callbackMethod, or per trigger). */
function sendCallback(sb, tx, url, fault, method = sb.callbackMethod) {
  const body = JSON.stringify(statusBody(sb, tx));
  return sb.ctx.sendCallback(url, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
    provider: 'momo',
    reference: tx.referenceId,
    fault: fault ?? undefined,
    forge: (text) => forgeCallback(sb, text),
  });
}

/** MoMo signs nothing: a forged callback claims the opposite outcome and a larger amount. */
function forgeCallback(sb, text) {
  let obj;
  try {
    obj = JSON.parse(text);
  } catch {
    return text;
  }
  if (obj.status === 'SUCCESSFUL') {
    obj.status = 'FAILED';
    obj.reason = reasonValue(sb, 'INTERNAL_PROCESSING_ERROR');
  } else {
    obj.status = 'SUCCESSFUL';
    delete obj.reason;
    delete obj.errorReason;
    obj.financialTransactionId = '999999999';
  }
  if (typeof obj.amount === 'string' && /^\d+(\.\d+)?$/.test(obj.amount)) obj.amount = `${obj.amount}0`;
  return JSON.stringify(obj);
}

function triggerCallback(sb, reference, options = {}) {
  const list = sb.state.byReference.get(String(reference).toLowerCase());
  if (!list || list.length === 0) return false;
  const tx = list[list.length - 1];
  catchUp(sb, tx);
  const url = (options && (options.url || options.callbackUrl)) || tx.callbackUrl;
  if (url) sendCallback(sb, tx, url, options && options.fault, callbackMethod(options && options.method, sb.callbackMethod));
  return true;
}

function reset(sb) {
  for (const tx of sb.state.resources.values()) if (tx.finalTimer) sb.ctx.clearTimer?.(tx.finalTimer);
  sb.state = freshState(sb);
}
