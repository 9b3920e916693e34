// payrail browser demo: runs the real package (/pkg/browser.js, WebAssembly) in the page against the local
// sandbox, and shows each transaction's timeline: request built (signature, OTP, token), sent (every attempt),
// pending, callback received, verified or confirmed, final status. The raw requests come from the sandbox's log
// (GET /__sandbox/requests); the responses are those the page's fetch received; callbacks are read from
// GET /__sandbox/callbacks (a page cannot receive HTTP: the sandbox delivers them to scripts/www.mjs's sink).
// Secrets are masked everywhere. Adding a provider = one entry in PROVIDERS.

const $ = (id) => document.getElementById(id);

/** Creates an element: h('div', { class: 'x', dataset: {...} }, child, 'text'...). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the providers (one entry each)

/**
 * Each entry: the package class, which credentials are secrets, per operation the path of its request in the
 * sandbox (faults target it) and the form fields ({ key: request key, dotted for nested; hint; options }), how a
 * callback is checked ('signed': parseCallback verifies it; else confirmCallback re-reads the status), and what
 * to show of the built request.
 */
const PROVIDERS = [
  {
    id: 'unipesa',
    name: 'Unipesa',
    className: 'Unipesa',
    source: 'seed 003 · PROVIDERS.md §1',
    note: 'Every body is signed (HMAC-SHA512, fields in the order sent); callbacks are signed too and verified in this page.',
    secrets: ['secretKey'],
    check: 'signed',
    key: (entry) => parseJson(entry.rawBody)?.order_id,
    operations: {
      collect: {
        path: '/payment_c2b',
        fields: [
          { key: 'amount', value: '1500', hint: 'XOF: 200 to 1 000 000, a multiple of 5 (seed 003 tables)' },
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
    built(entry) {
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
    source: 'PROVIDERS.md §2 · seed 004',
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
    // MTN's callback body carries no X-Reference-Id for v1_0 operations: the reference is passed along.
    parse: (client, body, tx, op) => client.parseCallback(body, {}, { reference: tx.reference, kind: op.kind }),
    confirm: (client, body, tx, op) => client.confirmCallback(body, { reference: tx.reference, kind: op.kind }),
  },
  {
    id: 'cinetpay',
    name: 'CinetPay',
    className: 'CinetPay',
    source: 'seed 001 · PROVIDERS.md §3',
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
    source: 'seed 002 · PROVIDERS.md §4',
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
    source: 'seed 000 · PROVIDERS.md §5',
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
          { key: 'amount', value: '1500', hint: '4001 to 4010 → each failure status of seed 000' },
          { key: 'currency', value: 'XAF' },
          { key: 'phone', value: '237696985698', hint: 'country code first; ending in 3 → FAILED, 9 → stays PENDING' },
          { key: 'country', value: 'CM', hint: 'CM, SN, TG, TD or GN (checked against the phone)' },
        ],
      },
      payout: {
        path: '/api/v1/disbursement',
        fields: [
          { key: 'moyenPayment', value: 'MOMO', options: ['OM', 'MOMO', 'AP', 'VISA_MASTERCARD', 'WAVE', 'TMoney', 'MOOV'] },
          { key: 'amount', value: '2500', hint: '4001 to 4010 → each failure status of seed 000' },
          { key: 'currency', value: 'XAF' },
          { key: 'phone', value: '237670000001', hint: 'ending in 3 → FAILED, 9 → stays PENDING' },
          { key: 'country', value: 'CM' },
        ],
      },
    },
    built(entry) {
      const otp = entry.headers.otp ?? '?';
      let check = '';
      try {
        const expected = payrail.aliansPayOtp(credentialsOf('alianspay').guid, Math.floor(entry.time / 1000));
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

// ---------------------------------------------------------------- state

let payrail = null;
let config = null;
let info = null;
let current = PROVIDERS[0];
let runId = 0;
/** Secret strings seen so far (credentials, tokens learned from responses, Basic/Bearer values). */
const secrets = new Set();

function credentialsOf(id) {
  return info?.credentials?.[id] ?? {};
}

function parseJson(text) {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function sandboxJson(path, init) {
  const res = await fetch(`${config.sandboxUrl}/__sandbox${path}`, init);
  return res.json();
}

// ---------------------------------------------------------------- masking

const MASK = '••••••••';
const SECRET_HEADERS = new Set(['authorization', 'ocp-apim-subscription-key', 'guid']);
const SECRET_JSON_KEYS = /^(access_token|token|apiKey|api_key|apikey|secretKey|secret_key|password|client_secret|clientSecret)$/;

function addSecret(value) {
  if (typeof value === 'string' && value.length >= 6) secrets.add(value);
}

/** Learns the secrets in a response body (tokens, MoMo API keys) so they are masked wherever they appear. */
function learnSecrets(text) {
  const walk = (v) => {
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (SECRET_JSON_KEYS.test(k) && typeof x === 'string') addSecret(x);
        else walk(x);
      }
    }
  };
  walk(parseJson(text));
}

function learnFromHeaders(headers) {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) continue;
    const v = String(value);
    addSecret(v.replace(/^(Bearer|Basic)\s+/i, ''));
    addSecret(v);
  }
}

/** The text with every known secret replaced, and secret-named form/query fields masked. */
function mask(text) {
  if (text === undefined || text === null) return '';
  let out = String(text);
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
  out = out.replace(/\b(apikey|password|client_secret|token)( ?= ?)([^&\s"]+)/gi, (_m, k, eq) => `${k}${eq}${MASK}`);
  return out;
}

/** Headers the browser adds on its own (not the package's): left out of the raw view. */
const BROWSER_HEADERS = /^(host|connection|content-length|user-agent|accept|accept-encoding|accept-language|origin|referer|sec-.*|access-control-.*|keep-alive|date|vary)$/i;

function maskHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (BROWSER_HEADERS.test(name)) continue;
    if (SECRET_HEADERS.has(name.toLowerCase())) {
      const scheme = /^(Bearer|Basic)\s+/i.exec(String(value));
      out[name] = scheme ? `${scheme[1]} ${MASK}` : MASK;
    } else {
      out[name] = mask(value);
    }
  }
  return out;
}

/** A request body for display: JSON pretty-printed, a form as one decoded `name = value` line per field. */
function prettyBody(text, contentType = '') {
  if (/x-www-form-urlencoded/i.test(contentType) && typeof text === 'string' && text !== '') {
    return [...new URLSearchParams(text)].map(([k, v]) => `${k} = ${pretty(v)}`).join('\n');
  }
  return pretty(text);
}

function pretty(text) {
  const parsed = parseJson(text);
  return parsed === null ? String(text ?? '') : JSON.stringify(parsed, null, 2);
}

// ---------------------------------------------------------------- form

function renderProviders() {
  const bar = $('providers');
  bar.replaceChildren(
    ...PROVIDERS.map((p) =>
      h('button', {
        type: 'button',
        role: 'tab',
        class: 'provider',
        dataset: { provider: p.id },
        'aria-selected': p === current ? 'true' : 'false',
        disabled: payrail && !payrail[p.className] ? true : undefined,
        title: payrail && !payrail[p.className] ? `${p.className} is not in this build of the package` : p.source,
        onclick: () => selectProvider(p),
      }, p.name),
    ),
  );
}

function operationName() {
  return document.querySelector('input[name="op"]:checked').value;
}

function selectProvider(p) {
  current = p;
  runId++; // a run still waiting for its callback stops updating the page
  $('submit').disabled = false;
  $('callback-actions').hidden = true;
  renderTimeline(p);
  setFinal('', 'no transaction yet');
  renderProviders();
  $('provider-note').replaceChildren(h('strong', {}, p.source), ' — ', p.note);
  for (const radio of document.querySelectorAll('input[name="op"]')) {
    const available = Boolean(p.operations[radio.value]);
    radio.disabled = !available;
    radio.closest('label').classList.toggle('disabled', !available);
    radio.closest('label').title = available ? '' : `${p.name}'s API has no ${radio.value}`;
  }
  if (!p.operations[operationName()]) {
    document.querySelector(`input[name="op"][value="${p.operations.collect ? 'collect' : 'payout'}"]`).checked = true;
  }
  renderFields();
  renderCredentials();
}

function renderFields() {
  const op = current.operations[operationName()];
  $('fields').replaceChildren(
    ...op.fields.map((f) => {
      const id = `field-${f.key.replace(/\W/g, '-')}`;
      const input = f.options
        ? h('select', { id, name: f.key }, ...f.options.map((o) => h('option', { value: o, selected: o === f.value }, o)))
        : h('input', { id, name: f.key, value: f.value, autocomplete: 'off', spellcheck: 'false' });
      return h('div', { class: 'field', dataset: { field: f.key } },
        h('label', { for: id }, f.key),
        input,
        f.hint ? h('small', { class: 'hint' }, f.hint) : null,
        h('small', { class: 'field-error', 'aria-live': 'polite' }),
      );
    }),
  );
  $('submit').textContent = `Send ${operationName()} with ${current.name}`;
}

function renderCredentials() {
  const creds = credentialsOf(current.id);
  $('credential-list').replaceChildren(
    h('dt', {}, 'baseUrl'), h('dd', {}, info?.baseUrls?.[current.id] ?? '?'),
    ...Object.entries(creds).flatMap(([k, v]) => [
      h('dt', {}, k),
      h('dd', {}, current.secrets.includes(k) ? `${MASK} (${String(v).length} characters)` : mask(typeof v === 'string' ? v : JSON.stringify(v))),
    ]),
  );
}

/** The request object from the form: empty fields left out, dotted keys nested (extra.customer_name). */
function readRequest() {
  const req = {};
  for (const el of $('fields').querySelectorAll('input, select')) {
    const value = el.value.trim();
    if (value === '') continue;
    const parts = el.name.split('.');
    let target = req;
    for (const part of parts.slice(0, -1)) target = target[part] ??= {};
    target[parts.at(-1)] = value;
  }
  return req;
}

function clearFieldErrors() {
  for (const f of $('fields').querySelectorAll('.field')) {
    f.classList.remove('invalid');
    f.querySelector('.field-error').textContent = '';
  }
}

/** Shows a validation error under the field it names (the core's field names, e.g. "amount", "extra.otp"). */
function showFieldError(error) {
  if (!error.field) return false;
  const fields = [...$('fields').querySelectorAll('.field')];
  const norm = (s) => s.toLowerCase().replace(/[_.]/g, '');
  const wanted = norm(error.field);
  const match =
    fields.find((f) => norm(f.dataset.field) === wanted) ??
    fields.find((f) => wanted.endsWith(norm(f.dataset.field)) || norm(f.dataset.field).endsWith(wanted));
  if (!match) return false;
  match.classList.add('invalid');
  match.querySelector('.field-error').textContent = error.message;
  return true;
}

// ---------------------------------------------------------------- timeline

const STEPS = [
  ['built', 'Request built'],
  ['sent', 'Sent'],
  ['pending', 'Pending at the provider'],
  ['callback', 'Callback received'],
  ['verified', 'Verified'],
  ['final', 'Final status'],
];

function renderTimeline(p) {
  $('timeline').replaceChildren(
    ...STEPS.map(([key, title]) => {
      const label = key === 'verified' ? (p.check === 'signed' ? 'Signature verified' : 'Confirmed by a status read') : title;
      return h('li', { class: 'step', dataset: { step: key, state: 'waiting' } },
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        h('div', { class: 'step-body' },
          h('div', { class: 'step-title' }, h('span', {}, label), h('span', { class: 'step-time' })),
          h('div', { class: 'step-detail' }),
        ),
      );
    }),
  );
}

let t0 = 0;

/**
 * Sets a step's state ('active', 'done', 'failed', 'skipped'), detail (text, [label, value] rows, nodes) and,
 * optionally, a new title.
 */
function setStep(key, state, detail, title) {
  const li = document.querySelector(`.step[data-step="${key}"]`);
  if (!li) return;
  li.dataset.state = state;
  if (title) li.querySelector('.step-title span').textContent = title;
  li.querySelector('.step-time').textContent = state === 'skipped' ? '' : `+${Math.round(performance.now() - t0)} ms`;
  const box = li.querySelector('.step-detail');
  if (detail === undefined) return;
  const items = Array.isArray(detail) ? detail : [detail];
  box.replaceChildren(
    ...items.map((d) => {
      if (d instanceof Node) return d;
      if (Array.isArray(d)) return h('div', { class: 'kv' }, h('span', { class: 'k' }, d[0]), h('code', { class: 'v' }, mask(d[1])));
      return h('div', {}, mask(d));
    }),
  );
}

function setFinal(status, text) {
  const el = $('final');
  el.dataset.finalStatus = status;
  el.className = `final status-${status}`;
  el.textContent = text;
}

// ---------------------------------------------------------------- the run

/** A fetch that records what the page received (status, headers, body) for the raw view. */
function recordingFetch(exchanges) {
  return async (url, init = {}) => {
    // The SDK calls fetch with one Request; a string URL and init are read too.
    const ex = { url: String(url?.url ?? url), method: (url?.method ?? init.method ?? 'GET').toUpperCase(), response: null, error: null, read: null };
    exchanges.push(ex);
    try {
      const res = await fetch(url, init);
      const headers = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      ex.response = { status: res.status, statusText: res.statusText, headers, body: '' };
      ex.read = res.clone().text().then((t) => {
        ex.response.body = t;
        learnSecrets(t);
      }, () => {});
      return res;
    } catch (e) {
      ex.error = String(e?.message ?? e);
      throw e;
    }
  };
}

function errorInfo(e) {
  const out = {};
  for (const k of ['name', 'code', 'category', 'provider', 'field', 'httpStatus', 'providerCode', 'reason', 'retryable', 'retryAfterMs', 'timeoutMs', 'message']) {
    if (e?.[k] !== undefined) out[k] = e[k];
  }
  return out;
}

function showError(e, context) {
  const infoRows = errorInfo(e);
  $('error-card').hidden = false;
  $('error-body').replaceChildren(
    h('p', { class: 'error-title' }, h('strong', {}, `${infoRows.name ?? 'Error'}`), ` · ${context}`),
    h('dl', { class: 'error-fields' },
      ...Object.entries(infoRows).filter(([k]) => k !== 'name').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, mask(String(v)))]),
    ),
    h('p', { class: 'muted' }, 'instanceof PayrailError: ', String(e instanceof payrail.PayrailError)),
  );
}

async function run(event) {
  event?.preventDefault();
  const p = current;
  const opName = operationName();
  const op = p.operations[opName];
  const myRun = ++runId;
  const stale = () => myRun !== runId;
  t0 = performance.now();

  clearFieldErrors();
  $('error-card').hidden = true;
  $('callback-actions').hidden = true;
  $('exchanges').replaceChildren(h('p', { class: 'muted' }, 'Sending…'));
  $('typed').replaceChildren(h('p', { class: 'muted' }, 'Waiting…'));
  renderTimeline(p);
  setFinal('running', 'running…');
  $('submit').disabled = true;

  try {
    const creds = credentialsOf(p.id);
    for (const k of p.secrets) addSecret(creds[k]);
    const request = { ...readRequest(), callbackUrl: `${config.callbackSink}/${p.id}` };

    const before = await sandboxJson('/requests');
    const lastSeq = before.reduce((m, r) => Math.max(m, r.seq ?? 0), 0);
    const callbacksBefore = (await sandboxJson('/callbacks')).reduce((m, c) => Math.max(m, c.seq ?? 0), 0);

    const fault = $('fault').value;
    if (fault) {
      const times = Math.max(1, Math.min(10, Number($('fault-times').value) || 1));
      await sandboxJson('/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ provider: p.id, path: op.path, fault, times }),
      });
    }

    const exchanges = [];
    const options = { ...(p.options ? p.options(creds) : creds), baseUrl: info.baseUrls[p.id], fetch: recordingFetch(exchanges) };
    setStep('built', 'active', 'building the request in WebAssembly and sending it…');
    let tx = null;
    let error = null;
    let client = null;
    try {
      client = new payrail[p.className](options);
      tx = await client[opName](request);
    } catch (e) {
      error = e;
    }
    await Promise.all(exchanges.map((ex) => ex.read)); // the recorded bodies, and the tokens they carry
    const log = (await sandboxJson('/requests')).filter((r) => r.seq > lastSeq && r.provider === p.id);
    for (const r of log) learnFromHeaders(r.headers);
    renderExchanges(log, exchanges);
    if (stale()) return;

    const attempts = log.filter((r) => r.path.endsWith(op.path));
    if (error && log.length === 0) {
      setStep('built', 'failed', [
        `Refused by the core before anything was sent: ${error.name} (${error.code}).`,
        error.message,
      ]);
      setStep('sent', 'skipped', 'nothing sent: the sandbox logged 0 requests');
      for (const k of ['pending', 'callback', 'verified']) setStep(k, 'skipped', '');
      setStep('final', 'failed', 'not sent');
      setFinal('refused', `refused before sending · ${error.name}`);
      showFieldError(error);
      showError(error, 'bad input never leaves the page');
      $('typed').replaceChildren(h('p', { class: 'muted' }, 'No transaction: the call threw before sending.'));
      if (fault) await sandboxJson('/faults', { method: 'DELETE' });
      return;
    }

    setStep('built', 'done', attempts[0] ? p.built(attempts[0]) : ['(the operation request never reached the sandbox)']);
    // Every request of this call, in the order the sandbox received them: the operation's attempts, and the
    // token, contact or status calls around them.
    let attempt = 0;
    setStep('sent', error ? 'failed' : 'done', [
      ...log.map((r) => {
        if (!r.path.endsWith(op.path)) return [`${r.method} ${r.path}`, describeStatus(r)];
        attempt += 1;
        return [attempt === 1 ? 'attempt 1' : `retry ${attempt - 1}`, `${r.method} ${r.path} → ${describeStatus(r)}`];
      }),
      attempts.length > 1 ? await retrySummary(p, attempts) : null,
    ].filter(Boolean));

    if (error) {
      setStep('pending', 'failed', [`${error.name} (${error.code})`, error.message], 'No transaction: the call threw');
      for (const k of ['callback', 'verified']) setStep(k, 'skipped', '');
      setStep('final', 'failed', `${error.name}: ${error.message}`);
      setFinal('error', `${error.name} · ${error.code}`);
      showFieldError(error);
      showError(error, `thrown by ${p.className}.${opName}()`);
      $('typed').replaceChildren(h('p', { class: 'muted' }, 'No transaction: the call threw a typed error.'));
      if (fault) await sandboxJson('/faults', { method: 'DELETE' });
      return;
    }

    showTyped('Transaction', tx);
    setStep('pending', 'done', [
      ['reference', `${tx.reference} (what status() takes)`],
      ['status', `${tx.status} (provider status ${tx.providerStatus})`],
      tx.transactionId ? ['transactionId', tx.transactionId] : null,
      tx.redirectUrl ? h('div', {}, 'redirect: ', h('a', { href: tx.redirectUrl, target: '_blank', rel: 'noopener' }, tx.redirectUrl)) : null,
    ].filter(Boolean));

    // Callback: read what the sandbox delivered for this reference.
    setStep('callback', 'active', `waiting for the sandbox to deliver the callback to ${config.callbackSink}/${p.id}…`);
    const delivered = await waitForCallback(p, tx, callbacksBefore, stale);
    if (stale()) return;
    if (!delivered) {
      setStep('callback', 'failed', 'no callback arrived');
      return;
    }
    const copies = delivered.all.length;
    setStep('callback', 'done', [
      ['delivery', `${delivered.first.method} ${delivered.first.url} → HTTP ${delivered.first.status ?? delivered.first.error}`],
      ['content-type', delivered.first.headers['content-type'] ?? '?'],
      copies > 1 ? ['copies', `${copies} deliveries of the same callback (duplicate)`] : null,
      delivered.first.fault ? ['sandbox fault', delivered.first.fault] : null,
      h('pre', { class: 'code small' }, mask(prettyBody(delivered.first.body, delivered.first.headers['content-type']))),
    ].filter(Boolean));

    setStep('verified', 'active', 'checking…');
    let confirmed = null;
    try {
      if (p.check === 'signed') {
        confirmed = await client.parseCallback(delivered.first.body);
        setStep('verified', 'done', [
          ['verified', `${confirmed.verified}: HMAC-SHA512 over the fields in the order sent, compared in constant time`],
          ['callback status', `${confirmed.status} (provider status ${confirmed.providerStatus})`],
        ]);
      } else {
        const said = p.parse ? await p.parse(client, delivered.first.body, tx, op) : await client.parseCallback(delivered.first.body);
        confirmed = p.confirm ? await p.confirm(client, delivered.first.body, tx, op) : await client.confirmCallback(delivered.first.body);
        setStep('verified', 'done', [
          ['callback says', `${said.status} (unsigned: verified ${said.verified})`],
          ['status read says', `${confirmed.status} (provider status ${confirmed.providerStatus})`],
        ]);
      }
      showTyped('Callback', confirmed, true);
    } catch (e) {
      setStep('verified', 'failed', [`Callback refused: ${e.name} (${e.code})`, e.message],
        p.check === 'signed' ? 'Signature check failed' : 'Callback contradicted by the status read');
      showError(e, p.check === 'signed' ? 'the callback failed its signature check' : 'the callback disagrees with the status read');
      confirmed = null;
    }

    // Final status: the verified callback's, else a status read (polled while pending).
    let final = confirmed;
    let via = p.check === 'signed' ? 'the signed callback' : 'the status read';
    if (!final || final.status === 'pending') {
      final = await pollStatus(client, p, tx, op, stale);
      via = confirmed ? 'status(), polled until final' : 'status() (the refused callback is ignored)';
    }
    if (stale()) return;
    const ok = final.status === 'success';
    setStep('final', ok ? 'done' : 'failed', [
      ['status', `${final.status}${final.reason ? ` (${final.reason})` : ''}`],
      ['provider status', final.providerStatus],
      ['from', via],
    ]);
    setFinal(final.status, `${final.status}${final.reason ? ` · ${final.reason}` : ''}`);
    if (fault) await sandboxJson('/faults', { method: 'DELETE' });
  } catch (e) {
    if (!stale()) {
      setFinal('error', 'demo error');
      showError(e, 'the demo page itself failed');
    }
  } finally {
    if (!stale()) $('submit').disabled = false;
  }
}

function describeStatus(r) {
  const status = r.status === null || r.status === undefined ? 'connection reset' : `HTTP ${r.status}`;
  return r.fault ? `${status} (sandbox fault ${r.fault})` : status;
}

/** "N attempts with the same idempotency key; executions on the sandbox: M" (from its execution log). */
async function retrySummary(p, attempts) {
  const keys = new Set(attempts.map((a) => p.key(a)));
  const [key] = keys;
  const executions = (await sandboxJson('/executions')).filter((e) => e.provider === p.id && e.key === key);
  const same = keys.size === 1 ? 'the same idempotency key' : `${keys.size} different keys (!)`;
  return `${attempts.length} attempts with ${same}; executions on the sandbox: ${executions.length}`;
}

async function waitForCallback(p, tx, afterSeq, stale) {
  const deadline = performance.now() + (info.finalDelayMs ?? 300) + (info.callbackDelayMs ?? 100) + 2000;
  let offered = false;
  while (!stale()) {
    const all = (await sandboxJson('/callbacks')).filter(
      (c) => c.seq > afterSeq && c.provider === p.id && (c.reference === tx.reference || String(c.body ?? '').includes(tx.reference)),
    );
    if (all.length > 0 && all.every((c) => c.status !== null || c.error)) {
      $('callback-actions').hidden = true;
      await sleep(150); // a duplicate, if any, follows at once
      const again = (await sandboxJson('/callbacks')).filter((c) => c.seq > afterSeq && c.provider === p.id && (c.reference === tx.reference || String(c.body ?? '').includes(tx.reference)));
      return { first: again[0], all: again };
    }
    if (!offered && performance.now() > deadline) {
      offered = true;
      setStep('callback', 'active', 'no callback yet: this test input stays pending at the provider (see the button below).');
      const btn = $('trigger-callback');
      $('callback-actions').hidden = false;
      btn.onclick = async () => {
        btn.disabled = true;
        await fetch(`${config.sandboxUrl}/__sandbox/callbacks/${p.id}/${encodeURIComponent(tx.reference)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(p.settle ? { status: p.settle } : {}),
        });
        btn.disabled = false;
      };
    }
    await sleep(200);
  }
  return null;
}

async function pollStatus(client, p, tx, op, stale) {
  const arg = p.statusArg ? p.statusArg(tx, op) : tx.reference;
  let last = await client.status(arg);
  const until = performance.now() + 10000;
  while (last.status === 'pending' && performance.now() < until && !stale()) {
    await sleep(300);
    last = await client.status(arg);
  }
  return last;
}

function renderExchanges(log, exchanges) {
  const used = new Set();
  const box = $('exchanges');
  if (log.length === 0) {
    box.replaceChildren(h('p', { class: 'muted' }, 'Nothing reached the sandbox.'));
    return;
  }
  box.replaceChildren(
    ...log.map((r, i) => {
      const idx = exchanges.findIndex((ex, j) => !used.has(j) && ex.method === r.method && new URL(ex.url).pathname.endsWith(r.path));
      if (idx >= 0) used.add(idx);
      const ex = exchanges[idx];
      const reqText = [
        `${r.method} ${mask(r.url)}`,
        ...Object.entries(maskHeaders(r.headers)).map(([k, v]) => `${k}: ${v}`),
        '',
        mask(prettyBody(r.rawBody ?? '', r.headers['content-type'])),
      ].join('\n');
      let resText;
      if (ex?.response) {
        resText = [
          `HTTP ${ex.response.status} ${ex.response.statusText}`,
          ...Object.entries(maskHeaders(ex.response.headers)).map(([k, v]) => `${k}: ${v}`),
          '',
          mask(pretty(ex.response.body)),
        ].join('\n');
      } else {
        resText = ex?.error ? `no response: ${ex.error}` : '(not seen by the page)';
      }
      return h('details', { class: 'exchange', open: i === log.length - 1 ? true : undefined },
        h('summary', {},
          h('span', { class: 'method' }, r.method), ' ', h('span', { class: 'path' }, r.path), ' ',
          h('span', { class: `badge ${r.status >= 200 && r.status < 300 ? 'ok' : 'bad'}` }, describeStatus(r)),
        ),
        h('div', { class: 'exchange-body' },
          h('div', {}, h('h4', {}, 'Request (sandbox log)'), h('pre', { class: 'code' }, reqText)),
          h('div', {}, h('h4', {}, 'Response (page)'), h('pre', { class: 'code' }, resText)),
        ),
      );
    }),
  );
}

function showTyped(title, value, append = false) {
  const node = h('div', {}, h('h4', {}, title), h('pre', { class: 'code' }, mask(JSON.stringify(value, null, 2))));
  if (append) $('typed').append(node);
  else $('typed').replaceChildren(node);
}

// ---------------------------------------------------------------- start

async function main() {
  try {
    config = await (await fetch('/config.json')).json();
    info = await sandboxJson('/info');
  } catch (e) {
    $('fatal').hidden = false;
    $('fatal').textContent = `Cannot reach the local sandbox (${e.message}). Start the page with \`make www\`.`;
    return;
  }
  $('sandbox-info').replaceChildren('sandbox ', h('code', {}, config.sandboxUrl), ` · ${info.providers.length} providers · final status after ${info.finalDelayMs} ms`);
  for (const name of info.faults) $('fault').append(h('option', { value: name }, name));
  try {
    payrail = await import('/pkg/browser.js');
  } catch (e) {
    $('fatal').hidden = false;
    $('fatal').textContent = `Cannot load the package from /pkg/browser.js (${e.message}). Build it: scripts/build.sh.`;
    return;
  }
  window.payrail = payrail; // for trying the package from the browser's console
  for (const radio of document.querySelectorAll('input[name="op"]')) radio.addEventListener('change', renderFields);
  $('payment-form').addEventListener('submit', run);
  selectProvider(PROVIDERS[0]);
  document.body.dataset.ready = 'true';
}

main();
