// MTN MoMo in the payrail sandbox: the data tables (messages, the "Sandbox Use Cases" outcomes of the test
// numbers, the creating operations). Used by ../providers/momo.js; choices where MTN is silent are listed in
// ../docs/momo.md. Node built-ins only.

/** Messages the sandbox gives with each reason / error code. */
export const MESSAGES = Object.freeze({
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
  RESOURCE_ALREADY_EXIST: 'Duplicated reference id. Creation of resource failed.', // docs/providers/momo.md, 409 example
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
export const HOLDER_CASES = Object.freeze({
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

/** The values of a cash transfer's `payerIdentificationType` (the enum of MTN's CashTransfer definition). */
export const PAYER_IDENTIFICATION_TYPES = Object.freeze(['PASS', 'CPFA', 'SRSSA', 'NRIN', 'OTHR', 'DRLC', 'SOCS', 'AREG', 'IDCD', 'EMID']);

/**
 * The operations that create a resource: product, resource name (the namespace of X-Reference-Id), versions,
 * and how the body is validated and shown.
 */
export const OPERATIONS = Object.freeze({
  'collection/requesttopay': { versions: ['v1_0'], kind: 'debit', outcomes: COLLECTION_OUTCOMES, money: +1 },
  'collection/requesttowithdraw': { versions: ['v1_0', 'v2_0'], statusVersions: ['v1_0'], kind: 'debit', outcomes: COLLECTION_OUTCOMES, money: +1 },
  'collection/payment': { versions: ['v2_0'], kind: 'payment', outcomes: COLLECTION_OUTCOMES, money: +1 },
  'collection/invoice': { versions: ['v2_0'], kind: 'invoice', outcomes: COLLECTION_OUTCOMES, money: +1 },
  'collection/preapproval': { versions: ['v2_0'], kind: 'preapproval', outcomes: PREAPPROVAL_OUTCOMES, money: 0 },
  'disbursement/transfer': { versions: ['v1_0'], kind: 'credit', outcomes: TRANSFER_OUTCOMES, money: -1 },
  'disbursement/deposit': { versions: ['v1_0', 'v2_0'], statusVersions: ['v1_0'], kind: 'credit', outcomes: COLLECTION_OUTCOMES, money: -1 },
  'disbursement/refund': { versions: ['v1_0', 'v2_0'], statusVersions: ['v1_0'], kind: 'refund', outcomes: null, money: -1 },
  'remittance/transfer': { versions: ['v1_0'], kind: 'credit', outcomes: TRANSFER_OUTCOMES, money: -1 },
  'remittance/cashtransfer': { versions: ['v2_0'], kind: 'cashtransfer', outcomes: TRANSFER_OUTCOMES, money: -1 },
});

/** Collections that a refund may point at (`referenceIdToRefund`). */
export const REFUNDABLE = Object.freeze(['collection/requesttopay', 'collection/payment']);

/** Optional string fields of a cash transfer, echoed in its status. */
export const CASH_TRANSFER_FIELDS = Object.freeze([
  'orginatingCountry', // (sic): MTN's CashTransfer definition spells it so, and reads no other spelling
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
