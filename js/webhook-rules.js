// Each provider's own part of the webhook routes (js/webhooks.js), carried by its client class under WEBHOOK
// (`static [WEBHOOK] = momoWebhook`): a provider entry (payrail/momo, ...) bundles only its provider's part, the
// all-in-one entry all five, and a handler of any entry still takes a client of any entry (the symbol is
// registered, the rules come with the client). A rule set:
//   accept     (claimed, o, text, headers, options) => the Callback to deliver, from what parseCallback read:
//              Unipesa's verified signature, or the others' confirmation by a status read (confirmCallback);
//   methods    the HTTP methods its callbacks come by (default POST);
//   reference, kind  (url) => the reference or kind the URL names, when the handler's options give none (MoMo);
//   liveness   (o, method, text) => the answer to the provider's check that the route is alive, if the request
//              is one (CinetPay: a GET or HEAD, before the body is read with `text` undefined; a POST without
//              fields after).
import { SignatureError } from './errors.js';

export const WEBHOOK = Symbol.for('payrail.webhook');

/** MoMo's X-Reference-Id is a UUID (docs/providers/momo.md): a path segment of that form is taken for it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A decimal string without insignificant zeros ("100.50" and "100.5" agree), or the text itself. */
function decimal(value) {
  const text = String(value);
  const m = /^(-?)0*(\d+?)(?:\.(\d*?)0*)?$/.exec(text);
  if (!m) return text;
  return m[3] ? `${m[1]}${m[2]}.${m[3]}` : `${m[1]}${m[2]}`;
}

/**
 * The callback to act on, from what confirmCallback resolved to. ViralPAY and AliansPay resolve to the callback
 * itself (`verified: true`), having refused a disagreeing one; MoMo and CinetPay resolve to the status read
 * (a Transaction): the callback is refused here when the read disagrees with its status or amount (it may be
 * forged), else it is marked verified with the read's reason and transaction id, as the core does for the others.
 */
function confirmedCallback(claimed, record) {
  if (record && record.verified === true) return record;
  const disagree = (what) =>
    new SignatureError({
      code: 'signature_mismatch',
      category: 'signature',
      provider: claimed.provider,
      message: `the callback does not match the provider's record: ${what}`,
    });
  if (!record || record.status !== claimed.status) {
    throw disagree(`it says ${claimed.providerStatus}, the status query says ${record?.providerStatus}`);
  }
  if (claimed.amount != null && record.amount != null && decimal(claimed.amount) !== decimal(record.amount)) {
    throw disagree(`it says amount ${claimed.amount}, the status query says ${record.amount}`);
  }
  const cb = { ...claimed, verified: true, reason: record.reason };
  if (cb.reason === undefined) delete cb.reason;
  if (cb.transactionId == null && record.transactionId != null) cb.transactionId = record.transactionId;
  return cb;
}

/** Unipesa signs its callbacks: parseCallback verified the signature, and only a verified callback is delivered. */
function signed(claimed, o) {
  if (claimed.verified !== true) throw new SignatureError({ code: 'signature_mismatch', category: 'signature', provider: o.provider, message: 'the callback is not signed' });
  return claimed;
}

/** The providers that sign nothing: the callback as the status read confirmCallback makes confirms it. */
async function confirmed(claimed, o, text, headers, options) {
  return confirmedCallback(claimed, await o.client.confirmCallback(text, headers, options));
}

/** CinetPay's liveness check (docs/providers/cinetpay.md#callbacks): a GET or HEAD, or a POST without fields. */
function cinetpayLiveness(o, method, text) {
  const ok = (body) => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });
  if (method === 'GET' || method === 'HEAD') return ok(method === 'HEAD' ? '' : 'OK');
  if (text !== undefined && o.client.isLivenessPing(method, text)) return ok('OK');
  return undefined;
}

/** MTN's callbacks carry no reference: the URL's `?reference=`, else a last path segment that is a UUID. */
function momoReference(url) {
  const fromQuery = url.searchParams.get('reference');
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '');
  return fromQuery ?? (UUID.test(last) ? last : undefined);
}

export const unipesaWebhook = { accept: signed };
/** MTN's callbacks come by PUT or POST (docs/providers/momo.md#callbacks). */
export const momoWebhook = {
  accept: confirmed,
  methods: ['POST', 'PUT'],
  reference: momoReference,
  kind: (url) => url.searchParams.get('kind') ?? undefined,
};
export const cinetpayWebhook = { accept: confirmed, liveness: cinetpayLiveness };
export const viralpayWebhook = { accept: confirmed };
export const alianspayWebhook = { accept: confirmed };
