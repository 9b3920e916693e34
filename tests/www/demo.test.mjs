// The browser demo page (www/) driven in Debian's Chromium through playwright-core: for each provider it fills
// the form, submits, waits for the final status, checks the timeline against what the sandbox saw, and saves a
// screenshot to target/www-screenshots/. Also: a validation error shown under its field with nothing sent, a
// lost answer retried once, exhausted retries as a typed error, a forged callback refused, a pending-forever
// payout settled on demand, and no secret anywhere in the page. Needs the built package (scripts/build.sh) and
// /usr/bin/chromium (scripts/setup.sh --browser).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from '../../scripts/www.mjs';
import { CHROMIUM, CHROMIUM_FLAGS as ARGS } from '../runtimes/support/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'target', 'www-screenshots');

let demo;
let browser;
let page;
const pageErrors = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup.sh --browser`);
  assert.ok(existsSync(path.join(ROOT, 'pkg', 'browser.js')), 'pkg/ is missing: run scripts/build.sh');
  await mkdir(SHOTS, { recursive: true });
  demo = await startDemo({ finalDelayMs: 200, callbackDelayMs: 50 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

/** Picks the provider and operation, sets fields and the fault, submits, waits for the final badge. */
async function runFlow(provider, op, { fields = {}, fault = '', times = 1, onPending } = {}) {
  await page.click(`button[data-provider="${provider}"]`);
  await page.check(`input[name="op"][value="${op}"]`);
  for (const [name, value] of Object.entries(fields)) await page.fill(`#fields [name="${name}"]`, value);
  await page.selectOption('#fault', fault);
  await page.fill('#fault-times', String(times));
  await page.click('#submit');
  if (onPending) await onPending();
  await page.waitForFunction(() => !['', 'running'].includes(document.getElementById('final').dataset.finalStatus), null, { timeout: 15000 });
  return page.$eval('#final', (el) => el.dataset.finalStatus);
}

/** { step: { state, text } } of the timeline. */
function timeline() {
  return page.$$eval('#timeline .step', (steps) =>
    Object.fromEntries(steps.map((s) => [s.dataset.step, { state: s.dataset.state, text: s.querySelector('.step-detail').textContent }])));
}

/** The reference the page shows in its "Pending" step. */
async function shownReference() {
  const text = (await timeline()).pending.text;
  const m = /reference(\S+) \(what status\(\) takes\)/.exec(text);
  assert.ok(m, `no reference in the pending step: ${text}`);
  return m[1];
}

/** Every credential secret and every token the sandbox saw: none may be in the page (text or HTML). */
async function assertNoSecrets() {
  const html = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  const secrets = new Set();
  const c = demo.sandbox.credentials;
  for (const s of [c.unipesa.secretKey, c.momo.subscriptionKey, c.momo.apiKey, c.cinetpay.apiKey, c.cinetpay.password,
    c.viralpay.clientSecret, c.viralpay.password, c.alianspay.guid]) secrets.add(s);
  for (const r of demo.sandbox.requests()) {
    const auth = r.headers.authorization;
    if (auth) secrets.add(auth.replace(/^(Bearer|Basic) /, ''));
    if (r.query?.token) secrets.add(r.query.token);
  }
  for (const s of secrets) {
    assert.ok(!html.includes(s) && !text.includes(s), `a secret of ${s.length} characters is in the page`);
  }
  return text;
}

const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

const ALL_DONE = ['built', 'sent', 'pending', 'callback', 'verified', 'final'];

// What each provider's "request built" step must show (the signature, the OTP, the idempotency key).
const FLOWS = [
  ['unipesa', 'collect', /signature[0-9a-f]{32}… \(HMAC-SHA512/],
  ['momo', 'collect', /X-Reference-Id[0-9a-f-]{36} \(UUID v4/],
  ['cinetpay', 'payout', /client_transaction_id\S+/],
  ['viralpay', 'collect', /order_id\S+ \(made once/],
  ['alianspay', 'collect', /otp\d{6} \(RFC 6238 TOTP.*✓ equals aliansPayOtp/],
  ['momo', 'payout', /X-Reference-Id[0-9a-f-]{36} \(UUID v4/],
  ['viralpay', 'payout', /order_id\S+ \(made once/],
  ['alianspay', 'payout', /otp\d{6} \(RFC 6238 TOTP.*✓ equals aliansPayOtp/],
];

for (const [provider, op, builtPattern] of FLOWS) {
  test(`${provider} ${op}: form → sent → pending → callback → checked → success`, async () => {
    const status = await runFlow(provider, op);
    await shot(`${provider}-${op}`);
    const steps = await timeline();
    assert.equal(status, 'success', JSON.stringify(steps));
    for (const key of ALL_DONE) assert.equal(steps[key].state, 'done', `${key}: ${steps[key].text}`);
    assert.match(steps.built.text, builtPattern);
    assert.match(steps.callback.text, /→ HTTP 200/);
    assert.match(steps.final.text, /statussuccess/);
    const reference = await shownReference();
    // The sandbox executed the operation once under that key and delivered its callback.
    const executions = demo.sandbox.executions().filter((e) => e.provider === provider && e.key === reference);
    assert.equal(executions.length, 1);
    assert.ok(demo.sandbox.callbacks().some((c) => c.provider === provider && c.status === 200 && (c.reference === reference || String(c.body).includes(reference))));
    // Secrets masked: the credentials panel and the raw view show the mask, never the value.
    const text = await assertNoSecrets();
    assert.match(await page.$eval('#credential-list', (el) => el.textContent), /••••••••/);
    if (provider === 'momo' || provider === 'viralpay') assert.match(text, /authorization: Bearer ••••••••/);
  });
}

test('unipesa: bad input is shown under its field and nothing is sent', async () => {
  const before = demo.sandbox.requests().length;
  const status = await runFlow('unipesa', 'collect', { fields: { amount: '1503' } });
  await shot('unipesa-validation');
  assert.equal(status, 'refused');
  assert.equal(demo.sandbox.requests().length, before);
  const fieldError = await page.$eval('.field[data-field="amount"] .field-error', (el) => el.textContent);
  assert.match(fieldError, /multiple of 5/);
  assert.equal(await page.$eval('.field[data-field="amount"]', (el) => el.classList.contains('invalid')), true);
  const error = await page.$eval('#error-body', (el) => el.textContent);
  assert.match(error, /ValidationError/);
  assert.match(error, /validation_error/);
  const steps = await timeline();
  assert.equal(steps.built.state, 'failed');
  assert.equal(steps.sent.state, 'skipped');
});

test('unipesa payout: an answer lost after execution (500-after) is retried with the same order_id, executed once', async () => {
  const status = await runFlow('unipesa', 'payout', { fault: '500-after' });
  await shot('unipesa-payout-500-after');
  assert.equal(status, 'success');
  const steps = await timeline();
  assert.match(steps.sent.text, /attempt 1POST \S+payment_b2c → HTTP 500 \(sandbox fault 500-after\)/);
  assert.match(steps.sent.text, /retry 1POST \S+payment_b2c → HTTP 200/);
  assert.match(steps.sent.text, /2 attempts with the same idempotency key; executions on the sandbox: 1/);
  const reference = await shownReference();
  assert.equal(demo.sandbox.executions().filter((e) => e.key === reference).length, 1);
});

test('viralpay: a fault on every attempt ends in the typed error, nothing executed', async () => {
  const executionsBefore = demo.sandbox.executions().length;
  const status = await runFlow('viralpay', 'collect', { fault: '503', times: 3 });
  await shot('viralpay-503-exhausted');
  assert.equal(status, 'error');
  const error = await page.$eval('#error-body', (el) => el.textContent);
  assert.match(error, /httpStatus503/);
  assert.match((await timeline()).sent.text, /3 attempts with the same idempotency key; executions on the sandbox: 0/);
  assert.match(error, /instanceof PayrailError: true/);
  const attempts = demo.sandbox.requests().filter((r) => r.provider === 'viralpay' && r.path === '/v1/payments').slice(-3);
  assert.deepEqual(attempts.map((r) => r.fault), ['503', '503', '503']);
  assert.equal(new Set(attempts.map((r) => JSON.parse(r.rawBody).order_id)).size, 1, 'one order_id for every attempt');
  assert.equal(demo.sandbox.executions().length, executionsBefore);
  assert.equal(demo.sandbox.pendingFaults().length, 0);
  await assertNoSecrets();
});

test('unipesa: a forged callback fails its signature check; the final status comes from status()', async () => {
  const status = await runFlow('unipesa', 'collect', { fault: 'forged-callback' });
  await shot('unipesa-forged-callback');
  const steps = await timeline();
  assert.equal(steps.callback.state, 'done');
  assert.equal(steps.verified.state, 'failed');
  assert.match(steps.verified.text, /SignatureError/);
  assert.equal(await page.$eval('.step[data-step="verified"] .step-title span', (el) => el.textContent), 'Signature check failed');
  assert.match(steps.final.text, /fromstatus\(\) \(the refused callback is ignored\)/);
  assert.equal(status, 'success');
});

test('alianspay: a test amount (4002, docs/providers/alianspay.md) ends in a failed final status, confirmed by the status read', async () => {
  const status = await runFlow('alianspay', 'collect', { fields: { amount: '4002' } });
  await shot('alianspay-not-enough-funds');
  assert.equal(status, 'failed');
  const steps = await timeline();
  assert.equal(steps.verified.state, 'done');
  assert.equal(steps.final.state, 'failed');
  assert.match(steps.final.text, /provider statusNOT_ENOUGH_FUNDS/);
});

test('cinetpay: a payout waiting for confirmation (phone ending in 9) is settled from the page', async () => {
  const status = await runFlow('cinetpay', 'payout', {
    fields: { phone: '+225 07 07 00 00 09' },
    onPending: async () => {
      await page.waitForSelector('#callback-actions:not([hidden])', { timeout: 10000 });
      await shot('cinetpay-waiting');
      await page.click('#trigger-callback');
    },
  });
  assert.equal(status, 'success');
  const steps = await timeline();
  for (const key of ALL_DONE) assert.equal(steps[key].state, 'done', `${key}: ${steps[key].text}`);
});

test('the page threw nothing', () => {
  assert.deepEqual(pageErrors, []);
});
