// Unipesa Payment API Gateway, as documented in docs/providers/unipesa.md.
//
// Prefix /unipesa, so `https://api.unipesa.tech/{public_id}/payment_c2b` is
// `<sandbox>/unipesa/{public_id}/payment_c2b`. All calls are POST with a signed JSON body.
// Test inputs (customer_id endings, provider 14, provider 9209's PIN, the b2c confirmation) and every
// choice the docs leave open are listed in ../README.md, section "Unipesa".

import crypto from 'node:crypto';
import { parseOrderedJson, toPlain } from '../lib/json-order.js';
import { signUnipesa, verifyUnipesaSignature } from '../lib/unipesa-signature.js';
import { isHttpUrl } from '../lib/values.js';

const NAME = 'unipesa';

/** Fixed sandbox credentials (not real ones): 32-hex public id, 40-hex merchant id, 128-hex secret key. */
export const DEFAULT_UNIPESA_CREDENTIALS = Object.freeze({
  publicId: '1a800cdc4f96860c6fbed04be3c98d6e',
  merchantId: '3944a19fedc9f652cf4ce870f2148fc62e65a802',
  secretKey:
    '683b7b20a655be9a3a41f4feb570764becd6250529c69595422017164e82c4ad' +
    '9cec033ba6b27ad16f6d20975c964ab760a5fde997c50ef0f8ef7c900ab7fee8',
});

/** Operation status codes (docs/providers/unipesa.md). */
export const UNIPESA_STATUS = Object.freeze({
  UNDEFINED: -1,
  INITIATED: 0,
  IN_PROGRESS: 1,
  SUCCESS: 2,
  FAILED: 3,
  CANCELLED: 4,
});

/** operation_type of callbacks (docs/providers/unipesa.md). */
const OPERATION_TYPE = Object.freeze({ payment_b2c: 16, payment_c2b: 17 });

/** The simulator: stays in progress, never sends a callback (docs/providers/unipesa.md). */
const SIMULATOR_PROVIDER_ID = '14';
/** Burkina Faso Orange: the provider's documented c2b example carries extra.otp (the customer's USSD-generated PIN). */
const PIN_PROVIDER_ID = '9209';

const RESULT_OK = Object.freeze({ code: 0, message: 'OK' });
const RESULT_AUTH = Object.freeze({ code: 10201, message: 'MERCHANT AUTHENTICATION ERROR' });
const RESULT_INVALID_PIN = Object.freeze({ code: 1, message: 'INVALID PIN' });
const RESULT_PIN_BLANK = Object.freeze({ code: 2, message: 'PIN IS BLANK' });
const RESULT_PIN_LENGTH = Object.freeze({ code: 3, message: 'INVALID PIN LENGTH' });
/** Sandbox choice (undocumented): status of an unknown order_id. */
const RESULT_NOT_FOUND = Object.freeze({ code: 404, message: 'TRANSACTION NOT FOUND' });

/** provider_result while the operator has not answered (Unipesa's in-progress examples, docs/providers/unipesa.md#responses-and-statuses). */
const PROVIDER_PENDING = Object.freeze({ code: -8888, message: '' });
/** Sandbox choices (undocumented): provider_result of the final statuses. */
const PROVIDER_FINAL = Object.freeze({
  2: { code: 0, message: 'OK' },
  3: { code: 3, message: 'FAILED' },
  4: { code: 4, message: 'CANCELLED' },
});

const SERVICE_VERSION = '1.03/1.14|1.0/1.26|1.0/1.0|1.01/1.01|1.01/1.01||1.01/1.27';
const SERVICE_ID = Object.freeze({ payment_c2b: 1, payment_b2c: 11, status: 1 });

/** Key that signs forged callbacks (the `forged-callback` fault): anything but the merchant's key. */
const FORGERY_KEY = 'payrail-sandbox forged callback: not the merchant secret key';

const ORDER_ID_RE = /^[A-Za-z0-9_\-:.]{1,128}$/;
const AMOUNT_RE = /^\d{1,15}\.\d{2}$/;
const CURRENCY_RE = /^[A-Z]{3}$/;
const COUNTRY_RE = /^[A-Z]{2}$/;
const PROVIDER_ID_RE = /^\d{1,9}$/;

/** The first invalid field of a payment request, in the documented body order, as [field, why]; else null. */
function validatePayment(body) {
  const { customer_id: customerId, order_id: orderId, amount, currency, country, callback_url: cb } = body;
  if (!(typeof customerId === 'string' && customerId.trim() !== '') && !Number.isInteger(customerId)) {
    return ['customer_id', 'required (the customer phone number or account)'];
  }
  if (typeof orderId !== 'string' || !ORDER_ID_RE.test(orderId)) {
    return ['order_id', 'required, at most 128 characters of [A-Za-z0-9_-:.]'];
  }
  if (typeof amount !== 'string' || !AMOUNT_RE.test(amount) || !/[1-9]/.test(amount)) {
    return ['amount', 'a positive amount as a string with two decimals, e.g. "100.00"'];
  }
  if (typeof currency !== 'string' || !CURRENCY_RE.test(currency)) {
    return ['currency', 'required, an ISO 4217 code (3 upper-case letters)'];
  }
  if (country !== undefined && (typeof country !== 'string' || !COUNTRY_RE.test(country))) {
    return ['country', 'an ISO 3166-1 alpha-2 code (2 upper-case letters)'];
  }
  if (cb !== undefined && !isHttpUrl(cb)) return ['callback_url', 'an http(s) URL'];
  const providerId = body.provider_id;
  if (!(Number.isInteger(providerId) && providerId >= 0) && !(typeof providerId === 'string' && PROVIDER_ID_RE.test(providerId))) {
    return ['provider_id', 'required, a provider id number'];
  }
  if (body.extra !== undefined && (typeof body.extra !== 'object' || body.extra === null || Array.isArray(body.extra))) {
    return ['extra', 'an object'];
  }
  return null;
}

/** Provider 9209 needs extra.otp (Unipesa's BF Orange example, docs/providers/unipesa.md#request-fields). Null when the PIN is acceptable. */
function checkPin(body) {
  if (String(body.provider_id) !== PIN_PROVIDER_ID) return null;
  const otp = body.extra?.otp;
  if (otp === undefined || otp === null || String(otp) === '') return RESULT_PIN_BLANK;
  const pin = String(otp);
  if (pin.length !== 4) return RESULT_PIN_LENGTH;
  if (!/^\d{4}$/.test(pin) || pin === '0000') return RESULT_INVALID_PIN;
  return null;
}

/** The final status a customer_id leads to: ending in 3 → failed, 4 → cancelled, otherwise success. */
function finalStatusFor(customerId) {
  const last = String(customerId).slice(-1);
  if (last === '3') return UNIPESA_STATUS.FAILED;
  if (last === '4') return UNIPESA_STATUS.CANCELLED;
  return UNIPESA_STATUS.SUCCESS;
}

function newTransaction(operation, body) {
  return {
    operation,
    orderId: body.order_id,
    merchantId: body.merchant_id,
    customerId: body.customer_id,
    amount: body.amount,
    currency: body.currency,
    country: body.country ?? null,
    callbackUrl: body.callback_url ?? null,
    providerId: body.provider_id,
    transactionId: String(crypto.randomInt(100_000_000_000, 1_000_000_000_000)),
    transactionRef: '',
    status: UNIPESA_STATUS.IN_PROGRESS,
    providerResult: { ...PROVIDER_PENDING },
    confirmType: 0,
    awaitingConfirmation: false,
    response: null,
    confirmationResponse: null,
    finalTimer: null,
    callbackTimer: null,
  };
}

/** The callback body as JSON text, fields in the documented order, signed with `key`. */
function callbackBody(tx, key) {
  const amount = Number(tx.amount); // Unipesa's callback example, docs/providers/unipesa.md#callbacks: "amount": 100 (a number)
  const providerId = Number(tx.providerId);
  const fields = {
    merchant_id: tx.merchantId,
    operation_type: OPERATION_TYPE[tx.operation],
    customer_id: tx.customerId,
    amount,
    order_id: tx.orderId,
    transaction_id: tx.transactionId,
    transaction_ref: tx.transactionRef,
    status: tx.status,
    provider_id: providerId,
    destination_id: '',
    result: { ...RESULT_OK },
  };
  const unsigned = JSON.stringify(fields);
  return JSON.stringify({ ...fields, signature: signUnipesa(unsigned, key) });
}

/** @param {import('../server.js').SandboxContext} ctx */
export function createProvider(ctx) {
  const uni = new UnipesaSandbox(ctx);
  return {
    name: NAME,
    prefix: '/unipesa',
    credentials: { ...uni.credentials },

    async handle(req) {
      return uni.handle(req);
    },

    triggerCallback(reference, opts = {}) {
      const tx = uni.transactions.get(reference);
      if (!tx) return false;
      uni.sendCallback(tx, opts.url ?? opts.callbackUrl ?? tx.callbackUrl);
      return true;
    },

    reset() {
      for (const tx of uni.transactions.values()) {
        ctx.clearTimer(tx.finalTimer);
        ctx.clearTimer(tx.callbackTimer);
      }
      uni.transactions = new Map();
    },
  };
}

/** The state and the endpoints of one sandbox's Unipesa. */
class UnipesaSandbox {
  constructor(ctx) {
    this.ctx = ctx;
    const opts = ctx.options[NAME] ?? {};
    this.credentials = {
      publicId: opts.publicId ?? DEFAULT_UNIPESA_CREDENTIALS.publicId,
      merchantId: opts.merchantId ?? DEFAULT_UNIPESA_CREDENTIALS.merchantId,
      secretKey: opts.secretKey ?? DEFAULT_UNIPESA_CREDENTIALS.secretKey,
    };
    /** order_id → transaction */
    this.transactions = new Map();
  }

  /** `/{public_id}/{payment_c2b|payment_b2c|status}`: merchant, method, JSON body and signature checks first. */
  async handle(req) {
    const { credentials } = this;
    const m = /^\/([^/]+)\/(payment_c2b|payment_b2c|status)\/?$/.exec(req.path);
    if (!m) return null;
    const [, publicId, operation] = m;
    if (publicId !== credentials.publicId) {
      return {
        status: 404,
        body: { status: UNIPESA_STATUS.UNDEFINED, result: { code: 404, message: 'MERCHANT NOT FOUND' } },
      };
    }
    if (req.method !== 'POST') {
      return { status: 405, headers: { allow: 'POST' }, body: { status: -1, result: { code: 405, message: 'METHOD NOT ALLOWED' } } };
    }
    let ordered;
    try {
      ordered = parseOrderedJson(req.rawBody);
    } catch {
      ordered = undefined;
    }
    if (!(ordered instanceof Map)) {
      return this.error(400, operation, '', { code: 400, message: 'INVALID PARAMETER body: a JSON object is required' });
    }
    const body = toPlain(ordered);
    const orderId = typeof body.order_id === 'string' ? body.order_id : '';
    if (body.merchant_id !== credentials.merchantId || !verifyUnipesaSignature(ordered, credentials.secretKey)) {
      return this.error(200, operation, orderId, RESULT_AUTH);
    }
    if (operation === 'status') return this.status(body);
    return this.payment(operation, body);
  }

  serviceDateTime() {
    const d = new Date(this.ctx.now());
    const p = (n, w = 2) => String(n).padStart(w, '0');
    return (
      `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
      `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`
    );
  }

  /** A response body with the documented fields, in the documented order. */
  responseBody(operation, { orderId, tx, status, result, providerResult, confirmType }) {
    const body = {
      order_id: orderId ?? '',
      transaction_id: tx ? tx.transactionId : '',
      transaction_ref: tx ? tx.transactionRef : '',
      status: status ?? (tx ? tx.status : UNIPESA_STATUS.UNDEFINED),
      result: { ...(result ?? RESULT_OK) },
      provider_result: { ...(providerResult ?? (tx ? tx.providerResult : { code: -1, message: '' })) },
      service_id: SERVICE_ID[operation],
      service_version: SERVICE_VERSION,
      service_date_time: this.serviceDateTime(),
    };
    if (operation === 'payment_b2c') body.confirm_type = confirmType ?? 0;
    return body;
  }

  error(httpStatus, operation, orderId, result) {
    return {
      status: httpStatus,
      body: this.responseBody(operation, {
        orderId,
        status: UNIPESA_STATUS.UNDEFINED,
        result,
        providerResult: { code: -1, message: '' },
      }),
    };
  }

  invalid(operation, orderId, field, why) {
    // Sandbox choice (the docs publish no validation error): HTTP 400, status -1, result.code 400 and a
    // message naming the field.
    return this.error(400, operation, orderId, { code: 400, message: `INVALID PARAMETER ${field}: ${why}` });
  }

  /** Money moves: record the execution and start the clock to the final status (not for the simulator). */
  execute(tx) {
    this.ctx.recordExecution({
      provider: NAME,
      operation: tx.operation === 'payment_c2b' ? 'collect' : 'payout',
      key: tx.orderId,
      amount: tx.amount,
    });
    tx.status = UNIPESA_STATUS.IN_PROGRESS;
    if (String(tx.providerId) === SIMULATOR_PROVIDER_ID) return; // stays in progress, no callback (docs/providers/unipesa.md)
    tx.finalTimer = this.ctx.setTimer(() => this.finalize(tx), this.ctx.finalDelayMs);
  }

  finalize(tx) {
    if (this.transactions.get(tx.orderId) !== tx) return; // forgotten by reset()
    tx.status = finalStatusFor(tx.customerId);
    tx.providerResult = { ...PROVIDER_FINAL[tx.status] };
    tx.transactionRef = `SB.${crypto.randomBytes(4).toString('hex').toUpperCase()}`; // operator reference
    if (tx.callbackUrl) tx.callbackTimer = this.ctx.setTimer(() => this.sendCallback(tx), this.ctx.callbackDelayMs);
  }

  sendCallback(tx, url = tx.callbackUrl) {
    if (!url) return null;
    return this.ctx.sendCallback(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: callbackBody(tx, this.credentials.secretKey),
      provider: NAME,
      reference: tx.orderId,
      forge: () => callbackBody(tx, FORGERY_KEY),
    });
  }

  /** payment_c2b and payment_b2c: checks, the order_id replay (and b2c confirmation), then a new transaction. */
  async payment(operation, body) {
    const problem = validatePayment(body);
    const orderId = typeof body.order_id === 'string' ? body.order_id : '';
    if (problem) return this.invalid(operation, orderId, problem[0], problem[1]);

    const existing = this.transactions.get(body.order_id);
    if (existing) return this.replay(operation, body, existing);

    if (operation === 'payment_c2b') {
      const pin = checkPin(body);
      if (pin) return this.error(200, operation, body.order_id, pin);
    }

    const tx = newTransaction(operation, body);
    this.transactions.set(tx.orderId, tx);
    if (operation === 'payment_b2c' && String(body.customer_id).endsWith('9')) {
      // Sandbox test input: this payout waits for a confirmation (confirm_type 1): a second payment_b2c
      // with the same order_id and extra.confirmation_code.
      tx.status = UNIPESA_STATUS.INITIATED;
      tx.confirmType = 1;
      tx.awaitingConfirmation = true;
    } else {
      this.execute(tx);
    }
    tx.response = this.responseBody(operation, { orderId: tx.orderId, tx, confirmType: tx.confirmType });
    return { status: 200, body: tx.response };
  }

  /**
   * A payment whose order_id is known. order_id is the idempotency key: same order_id, same response, nothing
   * executed again; except a payment_b2c with extra.confirmation_code confirms a payout waiting for it.
   */
  replay(operation, body, existing) {
    const code = body.extra?.confirmation_code;
    const hasCode = code !== undefined && code !== null && String(code) !== '';
    if (operation === 'payment_b2c' && existing.operation === 'payment_b2c' && hasCode) {
      if (existing.awaitingConfirmation) {
        existing.awaitingConfirmation = false;
        existing.confirmType = 0;
        this.execute(existing);
        existing.confirmationResponse = this.responseBody('payment_b2c', {
          orderId: existing.orderId,
          tx: existing,
          confirmType: 0,
        });
      }
      if (existing.confirmationResponse) return { status: 200, body: existing.confirmationResponse };
    }
    return { status: 200, body: existing.response };
  }

  status(body) {
    const orderId = body.order_id;
    if (typeof orderId !== 'string' || !ORDER_ID_RE.test(orderId)) {
      return this.invalid('status', typeof orderId === 'string' ? orderId : '', 'order_id', 'required, at most 128 characters of [A-Za-z0-9_-:.]');
    }
    const tx = this.transactions.get(orderId);
    if (!tx) {
      return { status: 200, body: this.responseBody('status', { orderId, status: UNIPESA_STATUS.UNDEFINED, result: RESULT_NOT_FOUND, providerResult: { code: -1, message: '' } }) };
    }
    return { status: 200, body: this.responseBody('status', { orderId, tx }) };
  }
}
