// MtnMomo against MTN's own API definitions (issue 15, point 9). The request bodies (and the delivery
// notification's headers) payrail puts on the wire, as the local sandbox recorded them, are validated against JSON
// schemas written by hand from MTN's definitions (tests/vectors/momo-schemas/*.json, each citing where its
// definition is published); MTN's documented response shapes (tests/vectors/momo-schemas/responses.json) are fed
// through payrail's parsers. The validator is the small one below: the keywords the schemas use, nothing else.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { MtnMomo, ParseError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';

const DIR = new URL('../vectors/momo-schemas/', import.meta.url);
const schema = (name) => JSON.parse(fs.readFileSync(new URL(name, DIR), 'utf8'));
const POLL = { intervalMs: 20, timeoutMs: 3000 };

/**
 * Errors of `value` against `s` (JSON Schema keywords: $ref to #/$defs, type, properties, additionalProperties
 * false, required, enum, maxLength), each as "path: what". An unknown keyword throws, so a schema cannot ask for
 * a check this validator silently skips.
 */
function validate(s, value, root = s, at = '$') {
  const known = new Set(['$schema', '$comment', '$defs', 'title', '$ref', 'type', 'properties', 'additionalProperties', 'required', 'enum', 'maxLength']);
  for (const k of Object.keys(s)) if (!known.has(k)) throw new Error(`schema keyword ${k} at ${at} is not supported`);
  if (s.$ref) {
    const name = /^#\/\$defs\/(\w+)$/.exec(s.$ref)?.[1];
    if (!name || !root.$defs?.[name]) throw new Error(`unresolved $ref ${s.$ref}`);
    return validate(root.$defs[name], value, root, at);
  }
  const errors = [];
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (s.type && !(s.type === kind || (s.type === 'number' && kind === 'integer'))) return [`${at}: ${kind}, not ${s.type}`];
  if (s.enum && !s.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`);
  if (s.maxLength !== undefined && [...value].length > s.maxLength) errors.push(`${at}: longer than ${s.maxLength}`);
  if (kind === 'object') {
    for (const r of s.required ?? []) if (!(r in value)) errors.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(value)) {
      if (s.properties?.[k]) errors.push(...validate(s.properties[k], v, root, `${at}.${k}`));
      else if (s.additionalProperties === false) errors.push(`${at}.${k}: not a field of ${root.title}`);
    }
  }
  return errors;
}

describe('the schema validator can fail (payrail before issue 15 sent these)', () => {
  test('originatingCountry, a free payerIdentificationType, a numeric validityDuration, a missing header', () => {
    assert.deepEqual(validate(schema('CashTransfer.json'), { amount: '1', originatingCountry: 'SE', payerIdentificationType: 'PASSPORT' }), [
      '$.originatingCountry: not a field of CashTransfer',
      '$.payerIdentificationType: "PASSPORT" is not one of PASS, CPFA, SRSSA, NRIN, OTHR, DRLC, SOCS, AREG, IDCD, EMID',
    ]);
    assert.deepEqual(validate(schema('CreateInvoice.json'), { validityDuration: 3600 }), ['$.validityDuration: integer, not string']);
    assert.deepEqual(validate(schema('PreApproval.json'), { validityTime: '60' }), ['$.validityTime: string, not integer']);
    const dn = schema('DeliveryNotification.json');
    assert.deepEqual(validate(dn.$defs.headers, { 'content-type': 'application/json' }, dn), ['$.notificationmessage: required']);
    assert.deepEqual(validate(schema('RequestToPay.json'), { payer: { partyIdType: 'PHONE', partyId: 1 } }), [
      '$.payer.partyIdType: "PHONE" is not one of MSISDN, EMAIL, PARTY_CODE',
      '$.payer.partyId: integer, not string',
    ]);
    assert.throws(() => validate({ minimum: 1 }, 1), /minimum/);
  });
});

describe('MtnMomo request bodies on the wire match MTN\'s definitions', () => {
  let sb;
  let m;
  before(async () => {
    sb = await startSandbox({ finalDelayMs: 30, callbackDelayMs: 10 });
    m = new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo });
  });
  after(() => sb.close());

  /** The one POST the sandbox recorded with this X-Reference-Id. */
  const sent = (reference) => {
    const r = sb.requests().filter((x) => x.provider === 'momo' && x.method === 'POST' && x.headers['x-reference-id'] === reference);
    assert.equal(r.length, 1, `one POST for ${reference}`);
    return r[0];
  };
  const payer = { partyIdType: 'MSISDN', partyId: '46733000040' };
  const notes = { payerMessage: 'for order 7', payeeNote: 'order 7' };

  test('every creating operation, with every optional field MTN defines', async () => {
    const paid = await m.collect({ amount: '30', currency: 'EUR', phone: '46733000041' });
    await m.waitForFinal(paid.reference, POLL);
    const cases = [
      ['requestToPay', 'RequestToPay.json', { amount: '1.5', currency: 'EUR', externalId: 'e1', payer, ...notes }],
      ['collect', 'RequestToPay.json', { amount: 2, currency: 'EUR', phone: '+46 733 000 042', description: 'unified' }],
      ['requestToWithdraw', 'RequestToPay.json', { amount: '1', currency: 'EUR', externalId: 'e2', payer, ...notes }],
      ['requestToWithdrawV2', 'RequestToPay.json', { amount: '1', currency: 'EUR', externalId: 'e3', payer, ...notes }],
      ['transfer', 'Transfer.json', { amount: '1', currency: 'EUR', externalId: 'e4', payee: payer, ...notes }],
      ['payout', 'Transfer.json', { amount: '1', currency: 'EUR', phone: '46733000043', description: 'unified' }],
      ['deposit', 'Transfer.json', { amount: '1', currency: 'EUR', externalId: 'e5', payee: payer, ...notes }],
      ['depositV2', 'Transfer.json', { amount: '1', currency: 'EUR', externalId: 'e6', payee: payer, ...notes }],
      ['remittanceTransfer', 'Transfer.json', { amount: '1', currency: 'EUR', externalId: 'e7', payee: payer, ...notes }],
      ['refund', 'Refund.json', { amount: '1', currency: 'EUR', externalId: 'e8', referenceIdToRefund: paid.reference, ...notes }],
      ['refundV2', 'Refund.json', { amount: '1', currency: 'EUR', externalId: 'e9', referenceIdToRefund: paid.reference, ...notes }],
      ['createInvoice', 'CreateInvoice.json', { externalId: 'i1', amount: '3', currency: 'EUR', validityDuration: 3600, intendedPayer: payer, payee: payer, description: 'fees' }],
      ['preApproval', 'PreApproval.json', { payer, payerCurrency: 'EUR', payerMessage: 'monthly', validityTime: '3600' }],
      ['createPayment', 'CreatePayments.json', {
        externalTransactionId: 'p1', money: { amount: '4', currency: 'EUR' }, customerReference: '46733000044', serviceProviderUserName: 'Electricity Inc.',
        couponId: 'c', productId: 'p', productOfferingId: 'o', receiverMessage: 'r', senderNote: 's', maxNumberOfRetries: 2, includeSenderCharges: false,
      }],
      ['cashTransfer', 'CashTransfer.json', {
        amount: '5', currency: 'EUR', payee: payer, externalId: 'c1', originatingCountry: 'SE', originalAmount: '55', originalCurrency: 'SEK', ...notes,
        payerIdentificationType: 'PASS', payerIdentificationNumber: 'AB1', payerIdentity: 'id', payerFirstName: 'Ann', payerSurName: 'Svensson',
        payerLanguageCode: 'sv', payerEmail: 'ann@example.com', payerMsisdn: '46700000000', payerGender: 'F',
      }],
    ];
    for (const [fn, file, request] of cases) {
      assert.equal(typeof m[fn], 'function', fn);
      const t = await m[fn](request);
      const body = sent(t.reference).body;
      assert.deepEqual(validate(schema(file), body), [], `${fn} → ${file}: ${JSON.stringify(body)}`);
    }
  });

  test('the delivery notification: the required header and the body', async () => {
    const t = await m.requestToPay({ amount: '1', currency: 'EUR', payer });
    await m.waitForFinal(t.reference, POLL);
    await m.requestToPayDeliveryNotification(t.reference, 'Your order ships today');
    const [r] = sb.requests().filter((x) => x.provider === 'momo' && x.path.endsWith(`/requesttopay/${t.reference}/deliverynotification`));
    const dn = schema('DeliveryNotification.json');
    assert.deepEqual(validate(dn.$defs.headers, r.headers, dn), []);
    assert.deepEqual(validate(dn.$defs.body, r.body, dn), []);
    assert.equal(r.headers.notificationmessage, 'Your order ships today');
  });
});

describe('MTN\'s documented response shapes through payrail\'s parsers', () => {
  const { cases } = schema('responses.json');
  const USER = randomUUID();

  /** A client whose fetch answers the token call, then `body` for anything else. */
  function clientAnswering(body) {
    // The SDK calls fetch with one Request (src/wasm/fetch.rs).
    const fetch = async (request) => {
      const json = String(request.url ?? request).endsWith('/token/') ? { access_token: 'tok', token_type: 'access_token', expires_in: 3600 } : body;
      return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    return new MtnMomo({ subscriptionKey: 'k', apiUser: USER, apiKey: 'a', targetEnvironment: 'sandbox', fetch, maxRetries: 0 });
  }

  for (const c of cases) {
    test(`${c.name} (${c.read})`, async () => {
      const m = clientAnswering(c.body);
      const reference = randomUUID();
      const read = () =>
        c.read === 'status'
          ? m.status({ reference, kind: c.kind })
          : c.read === 'callback'
            ? m.parseCallback(JSON.stringify(c.body), {}, { reference, kind: c.kind })
            : m.balance({ product: c.product }).then((b) => b[0]);
      if (c.expect.parseError) {
        await assert.rejects(read(), (e) => {
          assert.ok(e instanceof ParseError, `${e.name}: ${e.message}`);
          assert.ok(e.message.includes(`\`${c.expect.parseError}\``), e.message);
          return true;
        });
        return;
      }
      const t = await read();
      for (const [k, v] of Object.entries(c.expect)) assert.equal(t[k], v, `${k} of ${c.name}`);
    });
  }
});
