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
    next: (timeoutMs = 5000) => new Promise((resolve, reject) => {
      const have = received.length;
      const t = setTimeout(() => reject(new Error('no callback arrived')), timeoutMs);
      notify = () => { if (received.length > have) { clearTimeout(t); resolve(received[received.length - 1]); } };
    }),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function unipesaFlow(sb, receiver) {
  console.log(bold('\n━━ Unipesa (seed 003) ━━'));
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

const sb = await startSandbox({ finalDelayMs: 500, callbackDelayMs: 100 });
const receiver = await startReceiver();
console.log(bold('payrail demo') + dim(` — local sandbox at ${sb.url} (all five providers; nothing leaves 127.0.0.1)`));
try {
  await unipesaFlow(sb, receiver);
  console.log(`\n${green('demo finished')}: ${sb.requests().length} requests, ${sb.executions().length} executions, ${sb.callbacks().length} callbacks on the sandbox`);
} finally {
  await receiver.close();
  await sb.close();
}
