// MTN MoMo Open API, as the payrail sandbox speaks it (prefix /momo; paths as MTN's under it).
// Sources: /work/shared/PROVIDERS.md §2, seed 004 (Partner Gateway CreatePayments), MTN's public API
// reference and "Sandbox Use Cases" table; every choice where MTN is silent is listed in ../docs/momo.md.
// Node built-ins only; nothing outside js/sandbox/ is imported (published as `payrail/sandbox`).

import crypto from 'node:crypto';

const PRODUCTS = Object.freeze(['collection', 'disbursement', 'remittance']);
const SANDBOX_ENVIRONMENT = 'sandbox';
const SANDBOX_CURRENCY = 'EUR';
const MAX_NOTE_CHARS = 160;
const AMOUNT_SCALE = 6; // decimals kept exactly when balances move (amounts with more are refused)
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UUID_ANY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MSISDN = /^\d{5,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PARTY_ID_TYPES = Object.freeze(['MSISDN', 'EMAIL', 'PARTY_CODE']);

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

/** Messages the sandbox gives with each reason / error code. */
const MESSAGES = Object.freeze({
  PAYEE_NOT_FOUND: 'Payee does not exist.',
  PAYER_NOT_FOUND: 'Payer does not exist.',
  NOT_ALLOWED: 'Authorization failed. Insufficient permissions.',
  NOT_ALLOWED_TARGET_ENVIRONMENT: 'Access to target environment is forbidden.',
  INVALID_CALLBACK_URL_HOST: 'Callback URL with different host than the one registered for the API user.',
  INVALID_CURRENCY: 'Currency not supported.',
  SERVICE_UNAVAILABLE: 'Service unavailable.',
  INTERNAL_PROCESSING_ERROR: 'An internal error occurred while processing.',
  NOT_ENOUGH_FUNDS: 'The payer does not have enough funds.',
  PAYER_LIMIT_REACHED: 'The payer limit has been reached.',
  PAYEE_NOT_ALLOWED_TO_RECEIVE: 'The payee is not allowed to receive funds.',
  PAYMENT_NOT_APPROVED: 'The payment was not approved.',
  RESOURCE_NOT_FOUND: 'Requested resource was not found.',
  APPROVAL_REJECTED: 'The payer rejected the request.',
  EXPIRED: 'The request expired before it was approved.',
  TRANSACTION_CANCELED: 'The transaction was canceled.',
  RESOURCE_ALREADY_EXIST: 'Duplicated reference id. Creation of resource failed.', // seed 004, 409 example
  TRANSACTION_NOT_COMPLETED: 'The transaction to refund is not successfully completed.',
  TRANSACTION_NOT_FOUND: 'The transaction could not be found.',
  NOT_FOUND: 'Account holder not found.',
  COULD_NOT_PERFORM_TRANSACTION: 'Could not perform the transaction (not approved in time).',
  PAYER_DELAYED: 'The payer did not answer in time.',
});

// MTN "Sandbox Use Cases": fixed outcomes of the test numbers, per family of operations.
// A string is a FAILED reason; 'ONGOING' stays PENDING forever; 'DELAYED' is PENDING for delayedMs, then FAILED
// with PAYER_DELAYED. Entries marked (sandbox) are not in MTN's table and are this sandbox's choice.
const COLLECTION_OUTCOMES = Object.freeze({
  46733123450: 'INTERNAL_PROCESSING_ERROR', // ...PayerFailed
  46733123451: 'APPROVAL_REJECTED', //         ...PayerRejected
  46733123452: 'EXPIRED', //                   ...PayerExpired
  46733123453: 'ONGOING', //                   ...PayerOngoing
  46733123454: 'DELAYED', //                   ...PayerDelayed
  46733123455: 'PAYER_NOT_FOUND',
  46733123456: 'PAYEE_NOT_ALLOWED_TO_RECEIVE',
  46733123457: 'NOT_ALLOWED',
  46733123458: 'NOT_ALLOWED_TARGET_ENVIRONMENT',
  46733123459: 'INVALID_CALLBACK_URL_HOST',
  46733123460: 'INVALID_CURRENCY',
  46733123461: 'INTERNAL_PROCESSING_ERROR',
  46733123462: 'SERVICE_UNAVAILABLE',
  46733123463: 'COULD_NOT_PERFORM_TRANSACTION',
  46733123464: 'NOT_ENOUGH_FUNDS', // (sandbox)
});
const TRANSFER_OUTCOMES = Object.freeze({
  46733123450: 'INTERNAL_PROCESSING_ERROR', // TransferPayeeFailed
  46733123451: 'APPROVAL_REJECTED',
  46733123452: 'EXPIRED',
  46733123453: 'ONGOING',
  46733123454: 'DELAYED',
  46733123455: 'NOT_ENOUGH_FUNDS',
  46733123456: 'PAYER_LIMIT_REACHED',
  46733123457: 'PAYEE_NOT_FOUND',
  46733123458: 'NOT_ALLOWED',
  46733123459: 'NOT_ALLOWED_TARGET_ENVIRONMENT',
  46733123460: 'INVALID_CALLBACK_URL_HOST',
  46733123461: 'INVALID_CURRENCY',
  46733123462: 'INTERNAL_PROCESSING_ERROR',
  46733123463: 'SERVICE_UNAVAILABLE',
  46733123464: 'COULD_NOT_PERFORM_TRANSACTION', // (sandbox)
});
const PREAPPROVAL_OUTCOMES = Object.freeze({
  46733123450: 'INTERNAL_PROCESSING_ERROR',
  46733123451: 'APPROVAL_REJECTED',
  46733123452: 'EXPIRED',
  46733123453: 'ONGOING',
  46733123454: 'DELAYED',
  46733123455: 'PAYER_NOT_FOUND',
  46733123456: 'NOT_ALLOWED',
  46733123457: 'NOT_ALLOWED_TARGET_ENVIRONMENT',
  46733123458: 'INVALID_CALLBACK_URL_HOST',
  46733123459: 'INVALID_CURRENCY',
  46733123460: 'INTERNAL_PROCESSING_ERROR',
  46733123461: 'SERVICE_UNAVAILABLE',
});
// Account holder checks (active / basicuserinfo): MSISDN, e-mail and party-code test values.
const HOLDER_CASES = Object.freeze({
  msisdn: {
    46733123450: 'NOT_FOUND',
    46733123451: 'NOT_ACTIVE',
    46733123452: 'NOT_ALLOWED',
    46733123453: 'NOT_ALLOWED_TARGET_ENVIRONMENT',
    46733123454: 'INTERNAL_PROCESSING_ERROR',
    46733123455: 'SERVICE_UNAVAILABLE',
  },
  email: {
    'notfound@email.com': 'NOT_FOUND',
    'notactive@email.com': 'NOT_ACTIVE',
    'notallowed@email.com': 'NOT_ALLOWED',
    'notallowedtargetenvironment@email.com': 'NOT_ALLOWED_TARGET_ENVIRONMENT',
    'internalprocessingerror@email.com': 'INTERNAL_PROCESSING_ERROR',
    'serviceunavailable@email.com': 'SERVICE_UNAVAILABLE',
  },
  party_code: {
    '5cecb5a7-8bd0-4f49-87b1-8eb9ecc7b7bc': 'NOT_FOUND',
    'b0040b3c-b426-4a90-af6e-673e65861cd7': 'NOT_ACTIVE',
    '4d5f500f-c385-4901-9be5-25b6d36ad220': 'NOT_ALLOWED',
    'd2265f9b-0c22-496d-908f-79a65ad66266': 'NOT_ALLOWED_TARGET_ENVIRONMENT',
    '8f548a78-ceb8-4d12-a243-5640b91e91a4': 'INTERNAL_PROCESSING_ERROR',
    '585c07a4-2c80-42f7-9e73-e586b36dee68': 'SERVICE_UNAVAILABLE',
  },
});

/**
 * The operations that create a resource: product, resource name (the namespace of X-Reference-Id), versions,
 * and how the body is validated and shown.
 */
const OPERATIONS = Object.freeze({
  'collection/requesttopay': { versions: ['v1_0'], kind: 'debit', outcomes: COLLECTION_OUTCOMES, money: +1 },
  'collection/requesttowithdraw': { versions: ['v1_0', 'v2_0'], kind: 'debit', outcomes: COLLECTION_OUTCOMES, money: +1 },
  'collection/payment': { versions: ['v2_0'], kind: 'payment', outcomes: COLLECTION_OUTCOMES, money: +1 },
  'collection/invoice': { versions: ['v2_0'], kind: 'invoice', outcomes: COLLECTION_OUTCOMES, money: +1 },
  'collection/preapproval': { versions: ['v2_0'], kind: 'preapproval', outcomes: PREAPPROVAL_OUTCOMES, money: 0 },
  'disbursement/transfer': { versions: ['v1_0'], kind: 'credit', outcomes: TRANSFER_OUTCOMES, money: -1 },
  'disbursement/deposit': { versions: ['v1_0', 'v2_0'], kind: 'credit', outcomes: COLLECTION_OUTCOMES, money: -1 },
  'disbursement/refund': { versions: ['v1_0', 'v2_0'], kind: 'refund', outcomes: null, money: -1 },
  'remittance/transfer': { versions: ['v1_0'], kind: 'credit', outcomes: TRANSFER_OUTCOMES, money: -1 },
  'remittance/cashtransfer': { versions: ['v2_0'], kind: 'cashtransfer', outcomes: TRANSFER_OUTCOMES, money: -1 },
});

/** Collections that a refund may point at (`referenceIdToRefund`). */
const REFUNDABLE = Object.freeze(['collection/requesttopay', 'collection/payment']);

/** Optional string fields of a cash transfer, echoed in its status. */
const CASH_TRANSFER_FIELDS = Object.freeze([
  'originatingCountry',
  'originalAmount',
  'originalCurrency',
  'payerIdentificationType',
  'payerIdentificationNumber',
  'payerIdentity',
  'payerFirstName',
  'payerSurName',
  'payerLanguageCode',
  'payerEmail',
  'payerMsisdn',
  'payerGender',
]);

/** @param {import('../server.js').SandboxContext} ctx */
export function createProvider(ctx) {
  const opts = (ctx.options && ctx.options.momo) || {};
  const subscriptionKey = str(opts.subscriptionKey, DEFAULT_SUBSCRIPTION_KEY);
  const productKeys = {};
  for (const p of PRODUCTS) productKeys[p] = str(opts.subscriptionKeys && opts.subscriptionKeys[p], subscriptionKey);
  const defaultUser = str(opts.apiUser, DEFAULT_API_USER);
  const defaultApiKey = str(opts.apiKey, DEFAULT_API_KEY);
  const targetEnvironment = SANDBOX_ENVIRONMENT;
  const reasonFormat = opts.reasonFormat === 'object' ? 'object' : 'string';

  const credentials = { subscriptionKey, apiUser: defaultUser, apiKey: defaultApiKey, targetEnvironment };
  if (opts.subscriptionKeys && typeof opts.subscriptionKeys === 'object') credentials.subscriptionKeys = { ...productKeys };

  let state;
  function freshState() {
    const balances = {};
    for (const p of PRODUCTS) balances[p] = toUnits(str(opts.balances && opts.balances[p], DEFAULT_BALANCE)) ?? 0n;
    return {
      /** apiUser id → { apiKey|null, providerCallbackHost|null, products: Set } */
      users: new Map([
        [
          defaultUser,
          {
            apiKey: defaultApiKey,
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
  state = freshState();

  const tokenTtlSeconds =
    Number.isFinite(opts.tokenTtlSeconds) && opts.tokenTtlSeconds > 0 ? opts.tokenTtlSeconds : DEFAULT_TOKEN_TTL_SECONDS;
  const delayedMs = () =>
    Number.isFinite(opts.delayedMs) && opts.delayedMs >= 0 ? opts.delayedMs : Math.max(10 * ctx.finalDelayMs, 1000);

  // ------------------------------------------------------------------ request handling

  async function handle(req) {
    const path = req.path;
    const seg = path.split('/').filter((s) => s !== '');
    const method = req.method;

    // Sandbox provisioning: /v1_0/apiuser...
    if (seg[0] === 'v1_0' && seg[1] === 'apiuser') return provisioning(req, method, seg.slice(2));

    const product = seg[0];
    if (!PRODUCTS.includes(product)) return null;

    if (seg[1] === 'token' && seg.length === 2) {
      if (method !== 'POST') return null;
      return createToken(req, product);
    }

    const version = seg[1];
    if (version !== 'v1_0' && version !== 'v2_0') return null;
    const rest = seg.slice(2);
    const route = matchRoute(product, version, method, rest);
    if (!route) return null;

    const keyError = checkSubscriptionKey(req, [productKeys[product]]);
    if (keyError) return keyError;
    const auth = checkBearer(req, product);
    if (auth.error) return auth.error;
    const envError = checkTargetEnvironment(req);
    if (envError) return envError;
    return route(req, auth);
  }

  /** Returns the handler of a product route, or null (framework 404). */
  function matchRoute(product, version, method, rest) {
    const [resource, ref, sub, ...more] = rest;
    // balances
    if (resource === 'account' && ref === 'balance' && version === 'v1_0' && method === 'GET') {
      if (sub === undefined) return (req) => balance(product, null);
      if (more.length === 0) return (req) => balance(product, sub);
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
      if (method === 'POST') return (req, auth) => createOperation(req, auth, opKey, op, version);
      return null;
    }
    if (sub === undefined) {
      if (method === 'GET') return (req, auth) => getStatus(auth, opKey, ref);
      if (method === 'DELETE' && opKey === 'collection/invoice') return (req, auth) => cancelInvoice(req, auth, ref);
      return null;
    }
    if (sub === 'deliverynotification' && more.length === 0 && method === 'POST' && opKey === 'collection/requesttopay') {
      return (req, auth) => deliveryNotification(req, auth, ref);
    }
    return null;
  }

  // ------------------------------------------------------------------ provisioning and tokens

  function provisioning(req, method, rest) {
    const allKeys = PRODUCTS.map((p) => productKeys[p]);
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
      if (state.users.has(id.toLowerCase())) return conflict();
      const key = header(req, 'ocp-apim-subscription-key');
      state.users.set(id.toLowerCase(), {
        apiKey: null,
        providerCallbackHost: body.providerCallbackHost.trim(),
        products: new Set(PRODUCTS.filter((p) => productKeys[p] === key)),
      });
      return { status: 201 };
    }
    const id = decode(rest[0]).toLowerCase();
    const user = state.users.get(id);
    if (!user) return notFound();
    if (rest.length === 2) {
      user.apiKey = crypto.randomBytes(16).toString('hex');
      return { status: 201, body: { apiKey: user.apiKey } };
    }
    return { status: 200, body: { providerCallbackHost: user.providerCallbackHost, targetEnvironment } };
  }

  function createToken(req, product) {
    const keyError = checkSubscriptionKey(req, [productKeys[product]]);
    if (keyError) return keyError;
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header(req, 'authorization') ?? '');
    const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const apiUser = colon > 0 ? decoded.slice(0, colon).toLowerCase() : '';
    const apiKey = colon > 0 ? decoded.slice(colon + 1) : '';
    const user = state.users.get(apiUser);
    if (!user || user.apiKey === null || !safeEqual(user.apiKey, apiKey) || !user.products.has(product)) {
      return { status: 401, body: { error: 'login_failed' } };
    }
    const token = crypto.randomBytes(32).toString('base64url');
    state.tokens.set(token, { product, apiUser, expiresAt: ctx.now() + tokenTtlSeconds * 1000 });
    return { status: 200, body: { access_token: token, token_type: 'access_token', expires_in: tokenTtlSeconds } };
  }

  function checkSubscriptionKey(req, accepted) {
    const key = header(req, 'ocp-apim-subscription-key');
    if (key === undefined || key === '') return { status: 401, body: { statusCode: 401, message: APIM_MISSING_KEY } };
    if (!accepted.some((k) => safeEqual(k, key))) return { status: 401, body: { statusCode: 401, message: APIM_INVALID_KEY } };
    return null;
  }

  function checkBearer(req, product) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
    const entry = m ? state.tokens.get(m[1]) : undefined;
    if (!entry || entry.product !== product || ctx.now() >= entry.expiresAt) {
      if (entry && ctx.now() >= entry.expiresAt) state.tokens.delete(m[1]);
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
    if (env === targetEnvironment) return null;
    return error(500, 'NOT_ALLOWED_TARGET_ENVIRONMENT');
  }

  // ------------------------------------------------------------------ creating operations

  function createOperation(req, auth, opKey, op, version) {
    const referenceId = header(req, 'x-reference-id');
    if (!referenceId || !UUID_V4.test(referenceId)) {
      return badRequest('INVALID_REFERENCE_ID', 'X-Reference-Id must be a UUID version 4.');
    }
    const ref = referenceId.toLowerCase();
    const storeKey = `${opKey}/${ref}`;
    if (state.resources.has(storeKey)) return conflict();

    const callbackUrl = header(req, 'x-callback-url');
    if (callbackUrl !== undefined && callbackUrl !== '') {
      const cbError = checkCallbackUrl(callbackUrl, auth.apiUser);
      if (cbError) return cbError;
    }

    const body = jsonBody(req);
    if (!isObject(body)) return badRequest('INVALID_BODY', 'The body must be a JSON object.');
    const parsed = VALIDATORS[op.kind](body);
    if (parsed.error) return parsed.error;

    const now = ctx.now();
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
      tx.extra.invoiceId = String(100000000 + state.resources.size + 1);
      tx.extra.paymentReference = crypto.randomBytes(4).toString('hex').toUpperCase();
      tx.extra.expiryDateTime = isoSeconds(now + seconds * 1000);
    }
    state.resources.set(storeKey, tx);
    const list = state.byReference.get(ref) ?? [];
    list.push(tx);
    state.byReference.set(ref, list);

    ctx.recordExecution({
      provider: 'momo',
      operation: tx.resource,
      key: ref,
      amount: parsed.amount ?? null,
      product: tx.product,
    });
    schedule(tx, op);
    return { status: 202 };
  }

  /** Decides when and how a new transaction ends (fixed by the test numbers) and sets its timer. */
  function schedule(tx, op) {
    let outcome;
    if (op.kind === 'refund') outcome = 'REFUND';
    else outcome = (op.outcomes && op.outcomes[tx.partyNumber]) || 'SUCCESSFUL';
    tx.plannedOutcome = outcome;
    if (outcome === 'ONGOING') return; // stays PENDING forever
    const ms = outcome === 'DELAYED' ? delayedMs() : ctx.finalDelayMs;
    tx.dueAt = tx.createdAt + ms;
    tx.finalTimer = ctx.setTimer(() => finalize(tx), ms);
  }

  /** Moves a PENDING transaction to its final status (once) and schedules its callback. */
  function finalize(tx) {
    if (tx.status !== 'PENDING' || tx.cancelled) return;
    if (state.resources.get(`${tx.opKey}/${tx.referenceId}`) !== tx) return; // forgotten by reset()
    if (tx.finalTimer) ctx.clearTimer?.(tx.finalTimer);
    tx.finalTimer = null;
    const op = OPERATIONS[tx.opKey];
    let reason = null;
    const planned = tx.plannedOutcome;
    if (planned === 'DELAYED') reason = 'PAYER_DELAYED';
    else if (planned === 'REFUND') reason = refundFailure(tx);
    else if (planned !== 'SUCCESSFUL') reason = planned;

    if (reason === null && op.money !== 0) {
      const units = toUnits(tx.amount);
      if (op.money < 0) {
        if (state.balances[tx.product] < units) reason = 'NOT_ENOUGH_FUNDS';
        else state.balances[tx.product] -= units;
      } else {
        state.balances[tx.product] += units;
      }
    }
    if (reason === null) {
      tx.status = 'SUCCESSFUL';
      if (op.kind !== 'preapproval') tx.financialTransactionId = String(1000000000 + ++state.ftid);
    } else {
      tx.status = 'FAILED';
      tx.reason = reason;
    }
    if (tx.callbackUrl) {
      ctx.setTimer(() => sendCallback(tx, tx.callbackUrl, tx.fault), ctx.callbackDelayMs);
    }
  }

  /** Lazy path for clocks moved by options.now: a GET after the due time sees the final status. */
  function catchUp(tx) {
    if (tx.status === 'PENDING' && tx.dueAt !== undefined && ctx.now() >= tx.dueAt) finalize(tx);
  }

  function refundFailure(tx) {
    const target = tx.request.referenceIdToRefund.toLowerCase();
    const original = REFUNDABLE.map((k) => state.resources.get(`${k}/${target}`)).find(Boolean);
    if (!original) return 'TRANSACTION_NOT_FOUND';
    catchUp(original);
    if (original.status !== 'SUCCESSFUL') return 'TRANSACTION_NOT_COMPLETED';
    if (original.currency !== tx.currency) return 'INVALID_CURRENCY';
    let refunded = 0n;
    for (const other of state.resources.values()) {
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

  function checkCallbackUrl(value, apiUser) {
    let url;
    try {
      url = new URL(value);
    } catch {
      return badRequest('INVALID_CALLBACK_URL_HOST', 'X-Callback-Url must be an absolute http(s) URL.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return badRequest('INVALID_CALLBACK_URL_HOST', 'X-Callback-Url must be an absolute http(s) URL.');
    }
    const user = state.users.get(apiUser);
    const registered = user && user.providerCallbackHost;
    if (registered && !sameHost(url.hostname, registered)) return badRequest('INVALID_CALLBACK_URL_HOST');
    return null;
  }

  // ------------------------------------------------------------------ reading

  function findOwned(auth, opKey, ref) {
    const tx = state.resources.get(`${opKey}/${decode(ref).toLowerCase()}`);
    if (!tx || tx.owner !== auth.apiUser) return null;
    return tx;
  }

  function getStatus(auth, opKey, ref) {
    const tx = findOwned(auth, opKey, ref);
    if (!tx) return notFound();
    catchUp(tx);
    return { status: 200, body: statusBody(tx) };
  }

  function cancelInvoice(req, auth, ref) {
    const tx = findOwned(auth, 'collection/invoice', ref);
    if (!tx) return notFound();
    const cancelRef = header(req, 'x-reference-id');
    if (!cancelRef || !UUID_V4.test(cancelRef)) {
      return badRequest('INVALID_REFERENCE_ID', 'X-Reference-Id must be a UUID version 4.');
    }
    const body = jsonBody(req);
    if (body !== undefined && (!isObject(body) || (body.externalId !== undefined && typeof body.externalId !== 'string'))) {
      return badRequest('INVALID_BODY', 'The body must be {"externalId": "<string>"}.');
    }
    catchUp(tx);
    if (tx.status !== 'PENDING') return error(409, 'NOT_ALLOWED', 'Only a pending invoice can be cancelled.');
    tx.cancelled = true;
    if (tx.finalTimer) ctx.clearTimer?.(tx.finalTimer);
    tx.finalTimer = null;
    tx.status = 'FAILED';
    tx.reason = 'TRANSACTION_CANCELED';
    if (tx.callbackUrl) ctx.setTimer(() => sendCallback(tx, tx.callbackUrl, tx.fault), ctx.callbackDelayMs);
    return { status: 200 };
  }

  function deliveryNotification(req, auth, ref) {
    const tx = findOwned(auth, 'collection/requesttopay', ref);
    if (!tx) return notFound();
    const body = jsonBody(req);
    const fromHeader = header(req, 'notificationmessage');
    const fromBody = isObject(body) && typeof body.notificationMessage === 'string' ? body.notificationMessage : undefined;
    const message = fromHeader ?? fromBody;
    if (message === undefined || message === '') {
      return badRequest('INVALID_BODY', 'notificationMessage (header or body) is required.');
    }
    if ([...message].length > MAX_NOTE_CHARS) {
      return badRequest('MESSAGE_TOO_LONG', `notificationMessage is longer than ${MAX_NOTE_CHARS} characters.`);
    }
    catchUp(tx);
    if (tx.status !== 'SUCCESSFUL') return error(409, 'TRANSACTION_NOT_COMPLETED', 'The transaction is not successfully completed.');
    tx.notifications = (tx.notifications ?? 0) + 1;
    return { status: 200 };
  }

  function balance(product, currency) {
    if (currency !== null && decode(currency).toUpperCase() !== SANDBOX_CURRENCY) return badRequest('INVALID_CURRENCY');
    return { status: 200, body: { availableBalance: fromUnits(state.balances[product]), currency: SANDBOX_CURRENCY } };
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

  function reasonValue(code) {
    return reasonFormat === 'object' ? { code, message: MESSAGES[code] ?? code } : code;
  }

  /** The body of GET .../{referenceId}, also sent as the callback. */
  function statusBody(tx) {
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
          reason: final && tx.reason ? reasonValue(tx.reason) : undefined,
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
          reason: final && tx.reason ? reasonValue(tx.reason) : undefined,
        });
      case 'cashtransfer': {
        const out = {
          financialTransactionId: tx.financialTransactionId ?? undefined,
          status: tx.status,
          reason: final && tx.reason ? reasonValue(tx.reason) : undefined,
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
          reason: final && tx.reason ? reasonValue(tx.reason) : undefined,
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
          reason: final && tx.reason ? reasonValue(tx.reason) : undefined,
        });
      default:
        return { status: tx.status };
    }
  }

  function sendCallback(tx, url, fault) {
    const body = JSON.stringify(statusBody(tx));
    return ctx.sendCallback(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      provider: 'momo',
      reference: tx.referenceId,
      fault: fault ?? undefined,
      forge: forgeCallback,
    });
  }

  /** MoMo signs nothing: a forged callback claims the opposite outcome and a larger amount. */
  function forgeCallback(text) {
    let obj;
    try {
      obj = JSON.parse(text);
    } catch {
      return text;
    }
    if (obj.status === 'SUCCESSFUL') {
      obj.status = 'FAILED';
      obj.reason = reasonValue('INTERNAL_PROCESSING_ERROR');
    } else {
      obj.status = 'SUCCESSFUL';
      delete obj.reason;
      delete obj.errorReason;
      obj.financialTransactionId = '999999999';
    }
    if (typeof obj.amount === 'string' && /^\d+(\.\d+)?$/.test(obj.amount)) obj.amount = `${obj.amount}0`;
    return JSON.stringify(obj);
  }

  function triggerCallback(reference, options = {}) {
    const list = state.byReference.get(String(reference).toLowerCase());
    if (!list || list.length === 0) return false;
    const tx = list[list.length - 1];
    catchUp(tx);
    const url = (options && (options.url || options.callbackUrl)) || tx.callbackUrl;
    if (url) sendCallback(tx, url, options && options.fault);
    return true;
  }

  function reset() {
    for (const tx of state.resources.values()) if (tx.finalTimer) ctx.clearTimer?.(tx.finalTimer);
    state = freshState();
  }

  return {
    name: 'momo',
    prefix: '/momo',
    credentials,
    handle,
    triggerCallback,
    reset,
  };
}

// ------------------------------------------------------------------ validation of request bodies

/** Each returns { value, amount?, currency?, partyNumber? } or { error }. */
const VALIDATORS = {
  debit: (b) => validateTransfer(b, 'payer'),
  credit: (b) => validateTransfer(b, 'payee'),
  refund(b) {
    const e =
      checkAmountCurrency(b.amount, b.currency) ||
      checkOptionalString(b, 'externalId') ||
      checkNotes(b, ['payerMessage', 'payeeNote']);
    if (e) return { error: e };
    if (typeof b.referenceIdToRefund !== 'string' || !UUID_ANY.test(b.referenceIdToRefund)) {
      return { error: badRequest('INVALID_BODY', 'referenceIdToRefund must be the UUID of a collection.') };
    }
    return { value: pick(b, ['amount', 'currency', 'externalId', 'payerMessage', 'payeeNote', 'referenceIdToRefund']), amount: b.amount, currency: b.currency };
  },
  cashtransfer(b) {
    const base = validateTransfer(b, 'payee');
    if (base.error) return base;
    for (const f of CASH_TRANSFER_FIELDS) {
      const e = checkOptionalString(b, f);
      if (e) return { error: e };
    }
    if (b.originalAmount !== undefined && !isPositiveAmount(b.originalAmount)) {
      return { error: badRequest('INVALID_AMOUNT', 'originalAmount must be a string holding a positive number.') };
    }
    base.value = { ...base.value, ...pick(b, CASH_TRANSFER_FIELDS) };
    return base;
  },
  payment(b) {
    // seed 004: externalTransactionId, money{amount,currency}, customerReference, serviceProviderUserName, optional fields
    if (!isObject(b.money)) return { error: badRequest('INVALID_BODY', 'money {amount, currency} is required.') };
    const e =
      checkAmountCurrency(b.money.amount, b.money.currency) ||
      checkOptionalString(b, 'externalTransactionId') ||
      checkRequiredString(b, 'customerReference') ||
      checkRequiredString(b, 'serviceProviderUserName') ||
      checkOptionalString(b, 'couponId') ||
      checkOptionalString(b, 'productId') ||
      checkOptionalString(b, 'productOfferingId') ||
      checkNotes(b, ['receiverMessage', 'senderNote']);
    if (e) return { error: e };
    if (b.maxNumberOfRetries !== undefined && !(Number.isInteger(b.maxNumberOfRetries) && b.maxNumberOfRetries >= 0)) {
      return { error: badRequest('INVALID_BODY', 'maxNumberOfRetries must be a non-negative integer.') };
    }
    if (b.includeSenderCharges !== undefined && typeof b.includeSenderCharges !== 'boolean') {
      return { error: badRequest('INVALID_BODY', 'includeSenderCharges must be a boolean.') };
    }
    return {
      value: pick(b, [
        'externalTransactionId',
        'money',
        'customerReference',
        'serviceProviderUserName',
        'couponId',
        'productId',
        'productOfferingId',
        'receiverMessage',
        'senderNote',
        'maxNumberOfRetries',
        'includeSenderCharges',
      ]),
      amount: b.money.amount,
      currency: b.money.currency,
      partyNumber: b.customerReference.replace(/^\+/, ''),
    };
  },
  invoice(b) {
    const e =
      checkAmountCurrency(b.amount, b.currency) ||
      checkOptionalString(b, 'externalId') ||
      checkNotes(b, ['description', 'payerMessage', 'payeeNote']) ||
      checkParty(b.intendedPayer, 'intendedPayer') ||
      (b.payee !== undefined ? checkParty(b.payee, 'payee') : null);
    if (e) return { error: e };
    const validity = positiveSeconds(b.validityDuration);
    if (validity === null) {
      return { error: badRequest('INVALID_BODY', 'validityDuration must be a positive whole number of seconds.') };
    }
    return {
      value: pick(b, ['externalId', 'amount', 'currency', 'validityDuration', 'intendedPayer', 'payee', 'description', 'payerMessage', 'payeeNote']),
      amount: b.amount,
      currency: b.currency,
      partyNumber: b.intendedPayer.partyIdType === 'MSISDN' ? b.intendedPayer.partyId : null,
      validitySeconds: validity,
    };
  },
  preapproval(b) {
    const e =
      checkParty(b.payer, 'payer') ||
      (b.payerCurrency !== SANDBOX_CURRENCY
        ? badRequest('INVALID_CURRENCY', `payerCurrency must be ${SANDBOX_CURRENCY} in the sandbox environment.`)
        : null) ||
      checkNotes(b, ['payerMessage']);
    if (e) return { error: e };
    const validity = positiveSeconds(b.validityTime);
    if (validity === null) {
      return { error: badRequest('INVALID_BODY', 'validityTime must be a positive whole number of seconds.') };
    }
    return {
      value: { ...pick(b, ['payer', 'payerCurrency', 'payerMessage']), validityTime: validity },
      amount: undefined,
      currency: b.payerCurrency,
      partyNumber: b.payer.partyIdType === 'MSISDN' ? b.payer.partyId : null,
    };
  },
};

function validateTransfer(b, partyField) {
  const e =
    checkAmountCurrency(b.amount, b.currency) ||
    checkOptionalString(b, 'externalId') ||
    checkParty(b[partyField], partyField) ||
    checkNotes(b, ['payerMessage', 'payeeNote']);
  if (e) return { error: e };
  const party = b[partyField];
  return {
    value: pick(b, ['amount', 'currency', 'externalId', partyField, 'payerMessage', 'payeeNote']),
    amount: b.amount,
    currency: b.currency,
    partyNumber: party.partyIdType === 'MSISDN' ? party.partyId : null,
  };
}

/** A positive whole number of seconds, given as a number or a string (validityDuration, validityTime); else null. */
function positiveSeconds(v) {
  const n = Number(v);
  return (typeof v === 'string' || typeof v === 'number') && Number.isInteger(n) && n > 0 ? n : null;
}

function isPositiveAmount(v) {
  if (typeof v !== 'string' || !/^\d+(\.\d+)?$/.test(v)) return false;
  const frac = v.split('.')[1] ?? '';
  if (frac.length > AMOUNT_SCALE) return false;
  return toUnits(v) > 0n;
}

function checkAmountCurrency(amount, currency) {
  if (!isPositiveAmount(amount)) {
    return badRequest('INVALID_AMOUNT', `amount must be a string holding a positive number (at most ${AMOUNT_SCALE} decimals).`);
  }
  if (currency !== SANDBOX_CURRENCY) {
    return badRequest('INVALID_CURRENCY', `currency must be ${SANDBOX_CURRENCY} in the sandbox environment.`);
  }
  return null;
}

function checkParty(party, field) {
  if (!isObject(party)) return badRequest('INVALID_PARTY', `${field} {partyIdType, partyId} is required.`);
  const { partyIdType, partyId } = party;
  if (!PARTY_ID_TYPES.includes(partyIdType)) {
    return badRequest('INVALID_PARTY', `${field}.partyIdType must be one of ${PARTY_ID_TYPES.join(', ')}.`);
  }
  if (typeof partyId !== 'string') return badRequest('INVALID_PARTY', `${field}.partyId must be a string.`);
  const ok =
    partyIdType === 'MSISDN' ? MSISDN.test(partyId) : partyIdType === 'EMAIL' ? EMAIL.test(partyId) : UUID_ANY.test(partyId);
  if (!ok) {
    const what =
      partyIdType === 'MSISDN'
        ? 'digits only (5 to 15, country code included, no "+")'
        : partyIdType === 'EMAIL'
          ? 'an e-mail address'
          : 'a UUID';
    return badRequest('INVALID_PARTY', `${field}.partyId must be ${what} for ${partyIdType}.`);
  }
  return null;
}

function checkNotes(b, fields) {
  for (const f of fields) {
    const v = b[f];
    if (v === undefined) continue;
    if (typeof v !== 'string') return badRequest('INVALID_BODY', `${f} must be a string.`);
    if ([...v].length > MAX_NOTE_CHARS) return badRequest('MESSAGE_TOO_LONG', `${f} is longer than ${MAX_NOTE_CHARS} characters.`);
  }
  return null;
}

function checkOptionalString(b, field) {
  if (b[field] !== undefined && typeof b[field] !== 'string') return badRequest('INVALID_BODY', `${field} must be a string.`);
  return null;
}

function checkRequiredString(b, field) {
  if (typeof b[field] !== 'string' || b[field].trim() === '') return badRequest('INVALID_BODY', `${field} is required.`);
  return null;
}

// ------------------------------------------------------------------ small helpers

function error(status, code, message) {
  return { status, body: { code, message: message ?? MESSAGES[code] ?? code } };
}

function badRequest(code, message) {
  return error(400, code, message);
}

function notFound() {
  return error(404, 'RESOURCE_NOT_FOUND');
}

function conflict() {
  return error(409, 'RESOURCE_ALREADY_EXIST');
}

function header(req, name) {
  const v = req.headers[name];
  return v === undefined ? undefined : String(v).trim();
}

function jsonBody(req) {
  if (req.json !== undefined) return req.json;
  if (typeof req.rawBody === 'string' && req.rawBody.trim() !== '') {
    try {
      return JSON.parse(req.rawBody);
    } catch {
      return null;
    }
  }
  return undefined;
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v, fallback) {
  return typeof v === 'string' && v !== '' ? v : fallback;
}

function pick(obj, fields) {
  const out = {};
  for (const f of fields) if (obj[f] !== undefined) out[f] = obj[f];
  return out;
}

function clean(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function safeEqual(a, b) {
  const x = Buffer.from(String(a), 'utf8');
  const y = Buffer.from(String(b), 'utf8');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Host names compare case-insensitively; the loopback names are one host. */
function sameHost(a, b) {
  const x = a.toLowerCase();
  const y = b.toLowerCase().replace(/:\d+$/, '');
  if (x === y) return true;
  return LOCAL_HOSTS.has(x) && LOCAL_HOSTS.has(y);
}

/** A decimal string → BigInt units of 10^-AMOUNT_SCALE (null when not a plain decimal). */
function toUnits(s) {
  if (typeof s !== 'string' || !/^\d+(\.\d+)?$/.test(s)) return null;
  const [int, frac = ''] = s.split('.');
  if (frac.length > AMOUNT_SCALE) return null;
  return BigInt(int) * 10n ** BigInt(AMOUNT_SCALE) + BigInt(frac.padEnd(AMOUNT_SCALE, '0') || '0');
}

function fromUnits(units) {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const scale = 10n ** BigInt(AMOUNT_SCALE);
  const int = (abs / scale).toString();
  const frac = (abs % scale).toString().padStart(AMOUNT_SCALE, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
