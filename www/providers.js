// The providers of the browser demo page, one entry each: adding a provider to the page is one entry here (and
// its class in the package).

import { parseJson } from './dom.js';

/**
 * Each entry: the package class, which credentials are secrets, per operation the path of its request in the
 * sandbox (faults target it) and the form fields ({ key: request key, dotted for nested; hint; options }), how a
 * callback is checked ('signed': parseCallback verifies it; else confirmCallback re-reads the status), and what
 * to show of the built request: built(entry, { payrail, credentials }) with the sandbox's log entry of the first
 * attempt, the loaded package and the sandbox's test credentials of that provider.
 */
export const PROVIDERS = [
  {
    id: 'unipesa',
    name: 'Unipesa',
    className: 'Unipesa',
    source: 'docs/providers/unipesa.md',
    note: 'Every body is signed (HMAC-SHA512, fields in the order sent); callbacks are signed too and verified in this page.',
    secrets: ['secretKey'],
    check: 'signed',
    key: (entry) => parseJson(entry.rawBody)?.order_id,
    operations: {
      collect: {
        path: '/payment_c2b',
        fields: [
          { key: 'amount', value: '1500', hint: 'XOF: 200 to 1 000 000, a multiple of 5 (Unipesa’s tables)' },
          { key: 'currency', value: 'XOF' },
          { key: 'phone', value: '+225 07 05 14 56 55', hint: 'normalised to 2250705145655' },
          { key: 'country', value: 'CI' },
          { key: 'providerId', value: '2306', hint: 'CI Wave; 9197 (Orange) needs extra.otp' },
          { key: 'customerId', value: '', hint: 'defaults to the phone; ending in 3 → failed, 4 → cancelled' },
        ],
      },
      payout: {
        path: '/payment_b2c',
        fields: [
          { key: 'amount', value: '5000', hint: 'XOF: 200 to 1 000 000, a multiple of 5' },
          { key: 'currency', value: 'XOF' },
          { key: 'phone', value: '+225 07 05 14 56 55' },
          { key: 'country', value: 'CI' },
          { key: 'providerId', value: '2306', hint: 'CI Wave' },
          { key: 'extra.customer_name', value: 'Awa Koné', hint: 'required for a Wave payout' },
          { key: 'customerId', value: '', hint: 'defaults to the phone; ending in 3 → failed, 4 → cancelled' },
        ],
      },
    },
    built(entry, { payrail }) {
      const body = parseJson(entry.rawBody) ?? {};
      const lines = [['order_id', body.order_id], ['signature', `${String(body.signature ?? '').slice(0, 32)}… (HMAC-SHA512, 128 hex)`]];
      try {
        lines.push(['string signed', payrail.unipesaStringToSign(entry.rawBody)]);
      } catch { /* shown without it */ }
      return lines;
    },
  },
  {
    id: 'momo',
    name: 'MTN MoMo',
    className: 'MtnMomo',
    source: 'docs/providers/momo.md',
    note: 'A token per product (cached), an X-Reference-Id (UUID v4) per operation; the callback is an unsigned PUT, confirmed by a status read.',
    secrets: ['subscriptionKey', 'apiKey'],
    check: 'confirm',
    key: (entry) => entry.headers['x-reference-id'],
    operations: {
      collect: {
        path: '/collection/v1_0/requesttopay',
        kind: 'requesttopay',
        fields: [
          { key: 'amount', value: '100' },
          { key: 'currency', value: 'EUR', hint: "the MoMo sandbox's currency" },
          { key: 'phone', value: '46733000001', hint: '46733123451 → rejected (MTN test number)' },
          { key: 'description', value: 'Order 1', hint: 'sent as payerMessage (at most 160 characters)' },
        ],
      },
      payout: {
        path: '/disbursement/v1_0/transfer',
        kind: 'transfer',
        fields: [
          { key: 'amount', value: '50' },
          { key: 'currency', value: 'EUR' },
          { key: 'phone', value: '46733000002' },
          { key: 'description', value: 'Refund 1', hint: 'sent as payerMessage' },
        ],
      },
    },
    options: (creds) => ({ ...creds, targetEnvironment: creds.targetEnvironment ?? 'sandbox' }),
    built(entry) {
      return [
        ['X-Reference-Id', `${entry.headers['x-reference-id']} (UUID v4, made once, reused by every retry)`],
        ['Authorization', 'Bearer •••••••• (the product token, fetched once and cached)'],
        ['X-Callback-Url', entry.headers['x-callback-url'] ?? '(none)'],
      ];
    },
    statusArg: (tx, op) => ({ reference: tx.reference, kind: op.kind }),
    // MTN’s callback body carries no X-Reference-Id for v1_0 operations: the reference is passed along.
    parse: (client, body, tx, op) => client.parseCallback(body, {}, { reference: tx.reference, kind: op.kind }),
    confirm: (client, body, tx, op) => client.confirmCallback(body, undefined, { reference: tx.reference, kind: op.kind }),
  },
  {
    id: 'cinetpay',
    name: 'CinetPay',
    className: 'CinetPay',
    source: 'docs/providers/cinetpay.md',
    note: 'Payouts only: log in (token cached 5 min), add the payee as a contact, send. The notification is an unsigned form POST, confirmed with check/money.',
    secrets: ['apiKey', 'password'],
    check: 'confirm',
    settle: 'VAL',
    key: (entry) => parseJson(new URLSearchParams(entry.rawBody ?? '').get('data') ?? '')?.[0]?.client_transaction_id,
    operations: {
      collect: null,
      payout: {
        path: '/transfer/money/send/contact',
        fields: [
          { key: 'amount', value: '500', hint: '200 to 1 500 000 XOF' },
          { key: 'phone', value: '+225 07 07 00 00 01', hint: 'ending in 3 → rejected, 8 → operator unavailable, 9 → waits for confirmation' },
          { key: 'name', value: 'Awa' },
          { key: 'surname', value: 'Koné' },
          { key: 'email', value: 'awa@example.com' },
        ],
      },
    },
    built(entry) {
      const form = new URLSearchParams(entry.rawBody ?? '');
      const items = parseJson(form.get('data') ?? '') ?? [];
      return [
        ['client_transaction_id', items[0]?.client_transaction_id ?? '?'],
        ['body', 'form data=[{prefix, phone, amount, notify_url, client_transaction_id}]'],
        ['token', '•••••••• in the query (from auth/login, cached)'],
      ];
    },
  },
  {
    id: 'viralpay',
    name: 'ViralPAY',
    className: 'ViralPay',
    source: 'docs/providers/viralpay.md',
    note: 'A password-grant token (cached); payments and transfers idempotent by order_id. Notifications are unsigned, confirmed by a status query.',
    secrets: ['clientSecret', 'password'],
    check: 'confirm',
    settle: 'Success',
    key: (entry) => (parseJson(entry.rawBody) ?? Object.fromEntries(new URLSearchParams(entry.rawBody ?? ''))).order_id,
    operations: {
      collect: {
        path: '/v1/payments',
        fields: [
          { key: 'amount', value: '1000' },
          { key: 'currency', value: 'XOF' },
          { key: 'country', value: 'ci', hint: 'cm (XAF), sn or ci (XOF)' },
          { key: 'operator', value: 'orange' },
          { key: 'phone', value: '0757230420', hint: 'ending in 3 → failed, 9 → stays pending' },
        ],
      },
      payout: {
        path: '/v1/transfers',
        fields: [
          { key: 'amount', value: '2000' },
          { key: 'currency', value: 'XOF' },
          { key: 'country', value: 'ci' },
          { key: 'operator', value: 'orange' },
          { key: 'phone', value: '0757230421', hint: 'ending in 3 → failed, 9 → stays pending' },
        ],
      },
    },
    built(entry) {
      const body = parseJson(entry.rawBody) ?? Object.fromEntries(new URLSearchParams(entry.rawBody ?? ''));
      return [
        ['order_id', `${body.order_id ?? '?'} (made once, reused by every retry)`],
        ['Authorization', 'Bearer •••••••• (from POST /v1/token, cached)'],
      ];
    },
  },
  {
    id: 'alianspay',
    name: 'AliansPay',
    className: 'AliansPay',
    source: 'docs/providers/alianspay.md',
    note: 'Every attempt carries a fresh OTP (TOTP of the partner GUID, 30 s). Callbacks are unsigned, confirmed by a status query.',
    secrets: ['guid'],
    check: 'confirm',
    settle: 'SUCCESS',
    key: (entry) => parseJson(entry.rawBody)?.externalTransactionId,
    operations: {
      collect: {
        path: '/api/v1/collection',
        fields: [
          { key: 'moyenPayment', value: 'OM', options: ['OM', 'MOMO', 'AP', 'VISA_MASTERCARD', 'WAVE', 'TMoney', 'MOOV'], hint: 'WAVE and VISA_MASTERCARD give a redirect URL' },
          { key: 'amount', value: '1500', hint: '4001 to 4010 → each failure status of AliansPay' },
          { key: 'currency', value: 'XAF' },
          { key: 'phone', value: '237696985698', hint: 'country code first; ending in 3 → FAILED, 9 → stays PENDING' },
          { key: 'country', value: 'CM', hint: 'CM, SN, TG, TD or GN (checked against the phone)' },
        ],
      },
      payout: {
        path: '/api/v1/disbursement',
        fields: [
          { key: 'moyenPayment', value: 'MOMO', options: ['OM', 'MOMO', 'AP', 'VISA_MASTERCARD', 'WAVE', 'TMoney', 'MOOV'] },
          { key: 'amount', value: '2500', hint: '4001 to 4010 → each failure status of AliansPay' },
          { key: 'currency', value: 'XAF' },
          { key: 'phone', value: '237670000001', hint: 'ending in 3 → FAILED, 9 → stays PENDING' },
          { key: 'country', value: 'CM' },
        ],
      },
    },
    built(entry, { payrail, credentials }) {
      const otp = entry.headers.otp ?? '?';
      let check = '';
      try {
        const expected = payrail.aliansPayOtp(credentials.guid, Math.floor(entry.time / 1000));
        check = expected === otp ? ' ✓ equals aliansPayOtp(guid) at that second' : '';
      } catch { /* no check shown */ }
      const body = parseJson(entry.rawBody) ?? {};
      return [
        ['otp', `${otp} (RFC 6238 TOTP, SHA-1, 30 s, key = the guid)${check}`],
        ['guid', '•••••••• (the partner GUID, also the OTP key: a secret)'],
        ['externalTransactionId', body.externalTransactionId ?? '?'],
      ];
    },
  },
];
