// payrail browser demo: runs the real package (/pkg/browser.js, WebAssembly) in the page against the local
// sandbox, and shows each transaction's timeline: request built (signature, OTP, token), sent (every attempt),
// pending, callback received, verified or confirmed, final status. The raw requests come from the sandbox's log
// (GET /__sandbox/requests); the responses are those the page's fetch received; callbacks are read from
// GET /__sandbox/callbacks (a page cannot receive HTTP: the sandbox delivers them to scripts/www.mjs's sink).
// Secrets are masked everywhere. Adding a provider = one entry in PROVIDERS (providers.js).
//
// Modules: dom.js (element helpers), providers.js (the providers), mask.js (secrets), forms.js (the request
// form), timeline.js (the timeline and the raw view); this one holds the page's state and the run.

import { $, h, sleep } from './dom.js';
import { PROVIDERS } from './providers.js';
import { MASK, addSecret, learnFromHeaders, learnSecrets, mask, prettyBody } from './mask.js';
import { clearFieldErrors, readRequest, renderFields, showFieldError } from './forms.js';
import {
  describeStatus,
  renderExchanges,
  renderTimeline,
  setFinal,
  setStep,
  showTyped,
  startClock,
} from './timeline.js';

// ---------------------------------------------------------------- state

let payrail = null;
let config = null;
let info = null;
let current = PROVIDERS[0];
let runId = 0;

function credentialsOf(id) {
  return info?.credentials?.[id] ?? {};
}

async function sandboxJson(path, init) {
  const res = await fetch(`${config.sandboxUrl}/__sandbox${path}`, init);
  return res.json();
}

// ---------------------------------------------------------------- provider and operation

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
  renderFields(current, operationName());
  renderCredentials();
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

/**
 * One submission of the form: send the operation (send), follow its callback (followCallback), then show the
 * final status (showFinal). `r` carries the run: provider, operation, its fault and whether a newer run (or
 * another provider) replaced it.
 */
async function run(event) {
  event?.preventDefault();
  const p = current;
  const opName = operationName();
  const myRun = ++runId;
  const r = { p, opName, op: p.operations[opName], stale: () => myRun !== runId, fault: '' };
  startClock();

  clearFieldErrors();
  $('error-card').hidden = true;
  $('callback-actions').hidden = true;
  $('exchanges').replaceChildren(h('p', { class: 'muted' }, 'Sending…'));
  $('typed').replaceChildren(h('p', { class: 'muted' }, 'Waiting…'));
  renderTimeline(p);
  setFinal('running', 'running…');
  $('submit').disabled = true;

  try {
    const sent = await send(r);
    if (!sent) return;
    const confirmed = await followCallback(r, sent);
    if (confirmed === undefined) return;
    await showFinal(r, sent, confirmed);
  } catch (e) {
    if (!r.stale()) {
      setFinal('error', 'demo error');
      showError(e, 'the demo page itself failed');
    }
  } finally {
    if (!r.stale()) $('submit').disabled = false;
  }
}

/**
 * Injects the chosen fault, calls the package and shows the raw exchanges and the "built" and "sent" steps.
 * Resolves to { client, tx, callbacksBefore }, or null when the run ends here (refused before sending, a typed
 * error, or a newer run).
 */
async function send(r) {
  const { p, op, opName } = r;
  const creds = credentialsOf(p.id);
  for (const k of p.secrets) addSecret(creds[k]);
  const request = { ...readRequest(), callbackUrl: `${config.callbackSink}/${p.id}` };

  const before = await sandboxJson('/requests');
  const lastSeq = before.reduce((m, e) => Math.max(m, e.seq ?? 0), 0);
  const callbacksBefore = (await sandboxJson('/callbacks')).reduce((m, c) => Math.max(m, c.seq ?? 0), 0);

  r.fault = $('fault').value;
  if (r.fault) {
    const times = Math.max(1, Math.min(10, Number($('fault-times').value) || 1));
    await sandboxJson('/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: p.id, path: op.path, fault: r.fault, times }),
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
  const log = (await sandboxJson('/requests')).filter((e) => e.seq > lastSeq && e.provider === p.id);
  for (const e of log) learnFromHeaders(e.headers);
  renderExchanges(log, exchanges);
  if (r.stale()) return null;

  if (error && log.length === 0) {
    await refusedBeforeSending(r, error);
    return null;
  }
  await showSent(r, log, error, creds);
  if (error) {
    await thrown(r, error);
    return null;
  }
  return { client, tx, callbacksBefore };
}

/** The "built" and "sent" steps: every request of this call, in the order the sandbox received them. */
async function showSent(r, log, error, credentials) {
  const { p, op } = r;
  const attempts = log.filter((e) => e.path.endsWith(op.path));
  setStep('built', 'done', attempts[0] ? p.built(attempts[0], { payrail, credentials }) : ['(the operation request never reached the sandbox)']);
  // Every request of this call, in the order the sandbox received them: the operation's attempts, and the
  // token, contact or status calls around them.
  let attempt = 0;
  setStep('sent', error ? 'failed' : 'done', [
    ...log.map((e) => {
      if (!e.path.endsWith(op.path)) return [`${e.method} ${e.path}`, describeStatus(e)];
      attempt += 1;
      return [attempt === 1 ? 'attempt 1' : `retry ${attempt - 1}`, `${e.method} ${e.path} → ${describeStatus(e)}`];
    }),
    attempts.length > 1 ? await retrySummary(p, attempts) : null,
  ].filter(Boolean));
}

/** The core refused the input: nothing was sent. */
async function refusedBeforeSending(r, error) {
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
  if (r.fault) await sandboxJson('/faults', { method: 'DELETE' });
}

/** The call threw a typed error after sending: no transaction. */
async function thrown(r, error) {
  setStep('pending', 'failed', [`${error.name} (${error.code})`, error.message], 'No transaction: the call threw');
  for (const k of ['callback', 'verified']) setStep(k, 'skipped', '');
  setStep('final', 'failed', `${error.name}: ${error.message}`);
  setFinal('error', `${error.name} · ${error.code}`);
  showFieldError(error);
  showError(error, `thrown by ${r.p.className}.${r.opName}()`);
  $('typed').replaceChildren(h('p', { class: 'muted' }, 'No transaction: the call threw a typed error.'));
  if (r.fault) await sandboxJson('/faults', { method: 'DELETE' });
}

/**
 * The "pending", "callback" and "verified" steps: waits for the sandbox to deliver the callback, then checks it.
 * Resolves to the checked callback (null when refused), or undefined when the run ends here.
 */
async function followCallback(r, { client, tx, callbacksBefore }) {
  const { p } = r;
  showTyped('Transaction', tx);
  setStep('pending', 'done', [
    ['reference', `${tx.reference} (what status() takes)`],
    ['status', `${tx.status} (provider status ${tx.providerStatus})`],
    tx.transactionId ? ['transactionId', tx.transactionId] : null,
    tx.redirectUrl ? h('div', {}, 'redirect: ', h('a', { href: tx.redirectUrl, target: '_blank', rel: 'noopener' }, tx.redirectUrl)) : null,
  ].filter(Boolean));

  // Callback: read what the sandbox delivered for this reference.
  setStep('callback', 'active', `waiting for the sandbox to deliver the callback to ${config.callbackSink}/${p.id}…`);
  const delivered = await waitForCallback(p, tx, callbacksBefore, r.stale);
  if (r.stale()) return undefined;
  if (!delivered) {
    setStep('callback', 'failed', 'no callback arrived');
    return undefined;
  }
  const copies = delivered.all.length;
  setStep('callback', 'done', [
    ['delivery', `${delivered.first.method} ${delivered.first.url} → HTTP ${delivered.first.status ?? delivered.first.error}`],
    ['content-type', delivered.first.headers['content-type'] ?? '?'],
    copies > 1 ? ['copies', `${copies} deliveries of the same callback (duplicate)`] : null,
    delivered.first.fault ? ['sandbox fault', delivered.first.fault] : null,
    h('pre', { class: 'code small' }, mask(prettyBody(delivered.first.body, delivered.first.headers['content-type']))),
  ].filter(Boolean));
  return checkCallback(r, client, tx, delivered.first.body);
}

/** Verifies a signed callback, or confirms an unsigned one by a status read. Null when refused. */
async function checkCallback(r, client, tx, body) {
  const { p, op } = r;
  setStep('verified', 'active', 'checking…');
  try {
    let confirmed;
    if (p.check === 'signed') {
      confirmed = await client.parseCallback(body);
      setStep('verified', 'done', [
        ['verified', `${confirmed.verified}: HMAC-SHA512 over the fields in the order sent, compared in constant time`],
        ['callback status', `${confirmed.status} (provider status ${confirmed.providerStatus})`],
      ]);
    } else {
      const said = p.parse ? await p.parse(client, body, tx, op) : await client.parseCallback(body);
      confirmed = p.confirm ? await p.confirm(client, body, tx, op) : await client.confirmCallback(body);
      setStep('verified', 'done', [
        ['callback says', `${said.status} (unsigned: verified ${said.verified})`],
        ['status read says', `${confirmed.status} (provider status ${confirmed.providerStatus})`],
      ]);
    }
    showTyped('Callback', confirmed, true);
    return confirmed;
  } catch (e) {
    setStep('verified', 'failed', [`Callback refused: ${e.name} (${e.code})`, e.message],
      p.check === 'signed' ? 'Signature check failed' : 'Callback contradicted by the status read');
    showError(e, p.check === 'signed' ? 'the callback failed its signature check' : 'the callback disagrees with the status read');
    return null;
  }
}

/** Final status: the verified callback's, else a status read (polled while pending). */
async function showFinal(r, { client, tx }, confirmed) {
  const { p, op } = r;
  let final = confirmed;
  let via = p.check === 'signed' ? 'the signed callback' : 'the status read';
  if (!final || final.status === 'pending') {
    final = await pollStatus(client, p, tx, op, r.stale);
    via = confirmed ? 'status(), polled until final' : 'status() (the refused callback is ignored)';
  }
  if (r.stale()) return;
  const ok = final.status === 'success';
  setStep('final', ok ? 'done' : 'failed', [
    ['status', `${final.status}${final.reason ? ` (${final.reason})` : ''}`],
    ['provider status', final.providerStatus],
    ['from', via],
  ]);
  setFinal(final.status, `${final.status}${final.reason ? ` · ${final.reason}` : ''}`);
  if (r.fault) await sandboxJson('/faults', { method: 'DELETE' });
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
  for (const radio of document.querySelectorAll('input[name="op"]')) {
    radio.addEventListener('change', () => renderFields(current, operationName()));
  }
  $('payment-form').addEventListener('submit', run);
  selectProvider(PROVIDERS[0]);
  document.body.dataset.ready = 'true';
}

main();
