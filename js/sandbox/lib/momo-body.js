// MTN MoMo in the payrail sandbox: the checks of creating request bodies and the small helpers the handlers
// share (error answers, headers, amounts in exact units). Used by ../providers/momo.js; the rules are listed in
// ../docs/momo.md "Validation". Node built-ins only.

import crypto from 'node:crypto';
import { CASH_TRANSFER_FIELDS, MESSAGES, PAYER_IDENTIFICATION_TYPES } from './momo-tables.js';

export const SANDBOX_CURRENCY = 'EUR';
export const MAX_NOTE_CHARS = 160;
const AMOUNT_SCALE = 6; // decimals kept exactly when balances move (amounts with more are refused)
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const UUID_ANY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MSISDN = /^\d{5,15}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PARTY_ID_TYPES = Object.freeze(['MSISDN', 'EMAIL', 'PARTY_CODE']);

// ------------------------------------------------------------------ validation of request bodies

/** Each returns { value, amount?, currency?, partyNumber? } or { error }. */
export const VALIDATORS = {
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
    if (b.payerIdentificationType !== undefined && !PAYER_IDENTIFICATION_TYPES.includes(b.payerIdentificationType)) {
      return {
        error: badRequest('INVALID_BODY', `payerIdentificationType must be one of ${PAYER_IDENTIFICATION_TYPES.join(', ')}.`),
      };
    }
    base.value = { ...base.value, ...pick(b, CASH_TRANSFER_FIELDS) };
    return base;
  },
  payment(b) {
    // docs/providers/momo.md#request-fields: externalTransactionId, money{amount,currency}, customerReference, serviceProviderUserName, optional fields
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

export function error(status, code, message) {
  return { status, body: { code, message: message ?? MESSAGES[code] ?? code } };
}

export function badRequest(code, message) {
  return error(400, code, message);
}

export function notFound() {
  return error(404, 'RESOURCE_NOT_FOUND');
}

export function conflict() {
  return error(409, 'RESOURCE_ALREADY_EXIST');
}

export function header(req, name) {
  const v = req.headers[name];
  return v === undefined ? undefined : String(v).trim();
}

export function jsonBody(req) {
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

export function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function str(v, fallback) {
  return typeof v === 'string' && v !== '' ? v : fallback;
}

function pick(obj, fields) {
  const out = {};
  for (const f of fields) if (obj[f] !== undefined) out[f] = obj[f];
  return out;
}

export function clean(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

export function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function safeEqual(a, b) {
  const x = Buffer.from(String(a), 'utf8');
  const y = Buffer.from(String(b), 'utf8');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Host names compare case-insensitively; the loopback names are one host. */
export function sameHost(a, b) {
  const x = a.toLowerCase();
  const y = b.toLowerCase().replace(/:\d+$/, '');
  if (x === y) return true;
  return LOCAL_HOSTS.has(x) && LOCAL_HOSTS.has(y);
}

/** A decimal string → BigInt units of 10^-AMOUNT_SCALE (null when not a plain decimal). */
export function toUnits(s) {
  if (typeof s !== 'string' || !/^\d+(\.\d+)?$/.test(s)) return null;
  const [int, frac = ''] = s.split('.');
  if (frac.length > AMOUNT_SCALE) return null;
  return BigInt(int) * 10n ** BigInt(AMOUNT_SCALE) + BigInt(frac.padEnd(AMOUNT_SCALE, '0') || '0');
}

export function fromUnits(units) {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const scale = 10n ** BigInt(AMOUNT_SCALE);
  const int = (abs / scale).toString();
  const frac = (abs % scale).toString().padStart(AMOUNT_SCALE, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

export function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
