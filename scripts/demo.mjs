// The README's demo: starts the embedded local sandbox on 127.0.0.1, then runs real payment flows through the
// built package (pkg/) with the real fetch, printing each step. No network beyond 127.0.0.1.
import http from 'node:http';
import * as payrail from '../pkg/node.js';
import { startSandbox } from '../pkg/sandbox/index.js';

const bold = (s) => `\x1b[1m${s}\x1b[0m`;
const dim = (s) => `\x1b[2m${s}\x1b[0m`;
const green = (s) => `\x1b[32m${s}\x1b[0m`;
const red = (s) => `\x1b[31m${s}\x1b[0m`;
let stepNo = 0;
const step = (title) => console.log(`\n${bold(`${++stepNo}. ${title}`)}`);
const show = (label, value) => console.log(`   ${label.padEnd(18)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
/** Masks what looks like a credential before printing. */
const mask = (s, secrets) => secrets.reduce((acc, x) => (x ? acc.split(x).join('•'.repeat(8)) : acc), s);

async function startReceiver() {
  const received = [];
  let notify = () => {};
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method, body, headers: req.headers });
      res.end('OK');
      notify();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/payrail-callback`,
    /** The next callback that `match` accepts (other flows' callbacks may arrive meanwhile). */
    next: (match = () => true, timeoutMs = 5000) => new Promise((resolve, reject) => {
      let seen = received.length;
      const t = setTimeout(() => reject(new Error('no callback arrived')), timeoutMs);
      notify = () => {
        for (; seen < received.length; seen++) {
          if (match(received[seen])) { clearTimeout(t); resolve(received[seen]); return; }
        }
      };
    }),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function unipesaFlow(sb, receiver) {
  console.log(bold('\n━━ Unipesa (docs/providers/unipesa.md) ━━'));
  const creds = sb.credentials.unipesa;
  const unipesa = new payrail.Unipesa({ ...creds, baseUrl: sb.baseUrls.unipesa });
  const secrets = [creds.secretKey];

  step('collect (payment_c2b) with provider 14, the simulator');
  const tx = await unipesa.collect({ amount: '1100', currency: 'XOF', phone: '+225 07 05 14 56 55', country: 'CI', providerId: 14, callbackUrl: receiver.url });
  const sent = sb.requests().filter((r) => r.provider === 'unipesa').at(-1);
  show('request', `${sent.method} ${sent.path}`);
  show('body (signed)', mask(sent.rawBody, secrets));
  show('string signed', payrail.unipesaStringToSign(JSON.parse(sent.rawBody)));
  show('answer', `HTTP ${sent.status}`);
  show('transaction', { reference: tx.reference, status: tx.status, providerStatus: tx.providerStatus, transactionId: tx.transactionId });

  step('status of that order');
  const st = await unipesa.status(tx.reference);
  show('status', `${st.status} (Unipesa status ${st.providerStatus}: the simulator stays "in progress" and sends no callback)`);

  step('callback, sent on demand by the sandbox (POST /__sandbox/callbacks/unipesa/{order_id})');
  const arriving = receiver.next();
  await fetch(`${sb.url}/__sandbox/callbacks/unipesa/${encodeURIComponent(tx.reference)}`, { method: 'POST' });
  const delivery = await arriving;
  show('received', `${delivery.method} ${delivery.body.length} bytes, signature ${JSON.parse(delivery.body).signature.slice(0, 16)}…`);
  const cb = await unipesa.parseCallback(delivery.body);
  show('parseCallback', { verified: cb.verified, reference: cb.reference, status: cb.status, operation: cb.operation });
  console.log(`   ${green('✔ signature verified (HMAC-SHA512, constant-time)')}`);

  step('a forged callback (signed with the wrong key) is refused');
  const forgedArriving = receiver.next();
  await fetch(`${sb.url}/__sandbox/callbacks/unipesa/${encodeURIComponent(tx.reference)}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: 'forged-callback' }),
  });
  const forged = await forgedArriving;
  try {
    await unipesa.parseCallback(forged.body);
    console.log(red('   ✘ the forged callback was accepted'));
    process.exitCode = 1;
  } catch (e) {
    show(e.name, `${e.code}: ${e.message}`);
  }

  step('a payout whose first answer is lost after execution (sandbox fault 500-after): retried, executed once');
  sb.injectFault({ provider: 'unipesa', path: '/payment_b2c', fault: '500-after', times: 1 });
  const payout = await unipesa.payout({ amount: '5000', currency: 'XOF', phone: '2250705145655', providerId: 2306, extra: { customer_name: 'Awa Koné' } });
  const attempts = sb.requests().filter((r) => r.provider === 'unipesa' && r.path.endsWith('/payment_b2c') && JSON.parse(r.rawBody).order_id === payout.reference);
  const executions = sb.executions().filter((e) => e.key === payout.reference);
  show('attempts', attempts.map((a) => `HTTP ${a.status}${a.fault ? ` (${a.fault})` : ''}`).join(' → '));
  show('executions', `${executions.length} for order_id ${payout.reference}`);
  show('transaction', { status: payout.status, amount: payout.amount, currency: payout.currency });

  step('bad input is refused before anything is sent');
  for (const req of [
    { amount: '150', currency: 'XOF', phone: '2250705145655', providerId: 2306, extra: { customer_name: 'A' } },
    { amount: 0.1, currency: 'XOF', phone: '2250705145655', providerId: 14 },
  ]) {
    try {
      await unipesa.payout(req);
    } catch (e) {
      show(e.name, e.message);
    }
  }
}

async function momoFlow(sb, receiver) {
  console.log(bold('\n━━ MTN MoMo (collection, disbursement) ━━'));
  const { subscriptionKey } = sb.credentials.momo;

  step('provision a sandbox API user (POST /v1_0/apiuser, then /apikey)');
  const user = await payrail.MtnMomo.provisionSandboxUser({ subscriptionKey, providerCallbackHost: '127.0.0.1', baseUrl: sb.baseUrls.momo });
  show('apiUser', user.apiUser);
  const momo = new payrail.MtnMomo({ subscriptionKey, ...user, targetEnvironment: 'sandbox', baseUrl: sb.baseUrls.momo, callbackUrl: receiver.url });

  step('collect (requesttopay) with an X-Reference-Id made once; the callback arrives by PUT');
  const arriving = receiver.next((c) => c.method === 'PUT');
  const tx = await momo.collect({ amount: '100', currency: 'EUR', phone: '+46 733 000 001', description: 'Order 1' });
  const sent = sb.requests().filter((r) => r.provider === 'momo' && r.path.endsWith('/requesttopay')).at(-1);
  show('request', `${sent.method} ${sent.path}  X-Reference-Id: ${sent.headers['x-reference-id']}`);
  show('answer', `HTTP ${sent.status} (accepted)`);
  show('transaction', { reference: tx.reference, status: tx.status });
  const delivery = await arriving;
  const cb = await momo.parseCallback(delivery.body, {}, { reference: tx.reference });
  show('callback', `${delivery.method} → ${JSON.stringify({ verified: cb.verified, status: cb.status })} (MoMo signs nothing)`);
  const confirmed = await momo.confirmCallback(delivery.body, undefined, { reference: tx.reference });
  show('confirmCallback', `${confirmed.status} (re-read with GET /collection/v1_0/requesttopay/{ref})`);

  step('a payer number that the sandbox makes fail (46733123451: rejected)');
  const failed = await momo.waitForFinal((await momo.collect({ amount: '100', currency: 'EUR', phone: '46733123451' })).reference, { intervalMs: 50, timeoutMs: 5000 });
  show('transaction', { status: failed.status, reason: failed.reason, providerStatus: failed.providerStatus });

  step('payout (disbursement transfer) whose answer is lost after execution: the retry meets 409, reads the status');
  sb.injectFault({ provider: 'momo', path: '/disbursement/v1_0/transfer', fault: 'reset-after', times: 1 });
  const payout = await momo.payout({ amount: '50', currency: 'EUR', phone: '46733000002' });
  const tries = sb.requests().filter((r) => r.provider === 'momo' && r.method === 'POST' && r.path === '/disbursement/v1_0/transfer' && r.headers['x-reference-id'] === payout.reference);
  show('attempts', tries.map((a) => (a.fault ? `reset (${a.fault})` : `HTTP ${a.status}`)).join(' → '));
  show('executions', `${sb.executions().filter((e) => e.key === payout.reference).length} for ${payout.reference}`);
  show('balances', (await momo.balance()).map((b) => `${b.available} ${b.currency}`).join(', '));
}

async function cinetpayFlow(sb, receiver) {
  console.log(bold('\n━━ CinetPay (transfer API v1) ━━'));
  const cinetpay = new payrail.CinetPay({ ...sb.credentials.cinetpay, baseUrl: sb.baseUrls.cinetpay });

  step('payout: log in (token cached 5 min), add the payee as a contact, send; the notification is a form POST');
  const arriving = receiver.next((c) => String(c.headers['content-type']).startsWith('application/x-www-form-urlencoded'));
  const tx = await cinetpay.payout({ amount: 500, phone: '+225 07 07 00 00 01', name: 'Awa', surname: 'Koné', email: 'awa@example.com', callbackUrl: receiver.url });
  const calls = sb.requests().filter((r) => r.provider === 'cinetpay').map((r) => `${r.method} ${r.path}`);
  show('calls', calls.join(', '));
  show('transaction', { reference: tx.reference, status: tx.status, providerStatus: tx.providerStatus, transactionId: tx.transactionId });
  const note = await arriving;
  const cb = await cinetpay.parseCallback(note.body);
  show('notification', `${note.headers['content-type']} → ${JSON.stringify({ verified: cb.verified, status: cb.status })}`);
  const confirmed = await cinetpay.confirmCallback(note.body);
  show('confirmCallback', `${confirmed.status} (re-read with GET /transfer/check/money)`);

  step('collect is not part of CinetPay\'s transfer API');
  try {
    await cinetpay.collect({ amount: 500, currency: 'XOF', phone: '+2250707000001' });
  } catch (e) {
    show(e.name, e.message);
  }
}

async function viralpayFlow(sb, receiver) {
  console.log(bold('\n━━ ViralPAY (docs/providers/viralpay.md) ━━'));
  const viralpay = new payrail.ViralPay({ ...sb.credentials.viralpay, baseUrl: sb.baseUrls.viralpay });

  step('collect: token (Basic + password grant, cached), then POST /v1/payments; the answer envelope is unwrapped');
  const arriving = receiver.next((c) => c.body.includes('request_id'));
  const tx = await viralpay.collect({ amount: 200, currency: 'XOF', phone: '221770000001', country: 'SN', operator: 'wave', callbackUrl: receiver.url });
  show('calls', sb.requests().filter((r) => r.provider === 'viralpay').map((r) => `${r.method} ${r.path}`).join(', '));
  show('transaction', { reference: tx.reference, status: tx.status, providerStatus: tx.providerStatus });
  const note = await arriving;
  const confirmed = await viralpay.confirmCallback(note.body);
  show('notification', `unsigned; confirmCallback → ${confirmed.status} (checked against a status query)`);

  step('a payout rate-limited once (429 + Retry-After: 1): waited, retried with the same order_id');
  sb.injectFault({ provider: 'viralpay', path: '/v1/transfers', fault: '429', times: 1, retryAfter: 1 });
  const t0 = Date.now();
  const payout = await viralpay.payout({ amount: '500', currency: 'XAF', phone: '237650000001', country: 'CM', operator: 'mtn' });
  show('waited', `${Date.now() - t0} ms; executions for ${payout.reference}: ${sb.executions().filter((e) => e.key === payout.reference).length}`);
  const balances = await viralpay.balance();
  show('balances', `${balances.length} wallets, e.g. ${balances.slice(0, 2).map((b) => `${b.available} ${b.currency}`).join(', ')}`);
}

async function alianspayFlow(sb, receiver) {
  console.log(bold('\n━━ AliansPay (docs/providers/alianspay.md) ━━'));
  const { guid } = sb.credentials.alianspay;
  const alianspay = new payrail.AliansPay({ guid, baseUrl: sb.baseUrls.alianspay });

  step('collect with Orange Money in Cameroon: a fresh 6-digit OTP (TOTP of the GUID) on every request');
  const arriving = receiver.next((c) => c.body.includes('externalTransactionId'));
  const tx = await alianspay.collect({ moyenPayment: 'OM', amount: 1500, currency: 'XAF', phone: '+237 696 98 56 98', callbackUrl: receiver.url });
  const sent = sb.requests().filter((r) => r.provider === 'alianspay').at(-1);
  show('request', `${sent.method} ${sent.path}  otp: ${sent.headers.otp} (guid header masked: ${'•'.repeat(8)})`);
  show('otp check', `aliansPayOtp(guid, now) = ${payrail.aliansPayOtp(guid)}`);
  show('transaction', { reference: tx.reference, status: tx.status, providerStatus: tx.providerStatus });
  const note = await arriving;
  const confirmed = await alianspay.confirmCallback(note.body);
  show('callback', `unsigned; confirmCallback → ${confirmed.status}`);

  step('a WAVE collection in Senegal returns a page the customer must open');
  const wave = await alianspay.collect({ moyenPayment: 'WAVE', amount: 2000, currency: 'XOF', phone: '221770000000' });
  show('redirectUrl', wave.redirectUrl);

  step('WAVE in Cameroon is refused before sending (AliansPay’s country × method × currency table)');
  try {
    await alianspay.collect({ moyenPayment: 'WAVE', amount: 2000, currency: 'XAF', phone: '237696985698' });
  } catch (e) {
    show(e.name, e.message);
  }
}

const sb = await startSandbox({ finalDelayMs: 500, callbackDelayMs: 100 });
const receiver = await startReceiver();
console.log(bold('payrail demo') + dim(` — local sandbox at ${sb.url} (all five providers; nothing leaves 127.0.0.1)`));
try {
  await unipesaFlow(sb, receiver);
  await momoFlow(sb, receiver);
  await cinetpayFlow(sb, receiver);
  await viralpayFlow(sb, receiver);
  await alianspayFlow(sb, receiver);
  console.log(`\n${green('demo finished')}: ${sb.requests().length} requests, ${sb.executions().length} executions, ${sb.callbacks().length} callbacks on the sandbox`);
} finally {
  await receiver.close();
  await sb.close();
}
