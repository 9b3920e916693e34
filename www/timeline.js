// The results of the browser demo page: the timeline of a transaction (request built, sent, pending, callback,
// verified, final status), the raw requests and responses, and what the package returned. Secrets masked.

import { $, h } from './dom.js';
import { mask, maskHeaders, pretty, prettyBody } from './mask.js';

const STEPS = [
  ['built', 'Request built'],
  ['sent', 'Sent'],
  ['pending', 'Pending at the provider'],
  ['callback', 'Callback received'],
  ['verified', 'Verified'],
  ['final', 'Final status'],
];

/** Every step waiting, the verification step named after how provider `p`'s callbacks are checked. */
export function renderTimeline(p) {
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

/** Starts the clock the steps' times (+N ms) are measured from. */
export function startClock() {
  t0 = performance.now();
}

/**
 * Sets a step's state ('active', 'done', 'failed', 'skipped'), detail (text, [label, value] rows, nodes) and,
 * optionally, a new title.
 */
export function setStep(key, state, detail, title) {
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

/** The final-status badge: `status` (a CSS class and data-final-status) and its text. */
export function setFinal(status, text) {
  const el = $('final');
  el.dataset.finalStatus = status;
  el.className = `final status-${status}`;
  el.textContent = text;
}

/** A logged request's outcome: HTTP status (or connection reset) and the sandbox fault it met. */
export function describeStatus(r) {
  const status = r.status === null || r.status === undefined ? 'connection reset' : `HTTP ${r.status}`;
  return r.fault ? `${status} (sandbox fault ${r.fault})` : status;
}

/** The raw view: each request of the sandbox's log beside the response the page received for it. */
export function renderExchanges(log, exchanges) {
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

/** Shows a value the package returned (a transaction, a checked callback) as masked JSON. */
export function showTyped(title, value, append = false) {
  const node = h('div', {}, h('h4', {}, title), h('pre', { class: 'code' }, mask(JSON.stringify(value, null, 2))));
  if (append) $('typed').append(node);
  else $('typed').replaceChildren(node);
}
