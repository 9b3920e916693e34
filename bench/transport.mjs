// Where the throughput rows' time goes (bench/README.md, "Where the time goes now"): the same requests at
// concurrency 100 against the sandbox in its own process, sent by payrail and by plain-JS variants that add one
// piece of payrail's transport at a time, each with the client's CPU per call (process.cpuUsage over the round).
//   node bench/transport.mjs [--rounds N] [--calls N] [--only a,b]      (on the pkg/ already built)
// Variants (u- Unipesa payment_c2b, m- MoMo request to pay; each checks its answer):
//   u-sdk / m-sdk        Unipesa.collect / MtnMomo.collect
//   u-fetch / m-fetch    fetch(url, init), the body a string: the throughput rows' plain-fetch peer
//   m-fetch-signal       the same with an AbortController's signal and a timer, as a time limit needs
//   m-fetch-request      fetch(new Request(url, init)): a Request object handed to fetch, as gloo-net does
//   u-gloo / m-gloo      all of payrail's transport in plain JS (src/wasm/fetch.rs): AbortController and timer,
//                        a Request object, the waits raced against the time limit, every header read, the body
//                        read as an ArrayBuffer
//   m-mtn-momo           mtn-momo 2.0.0's requestToPay (axios over node:http): momo-throughput's peer
//   m-http               node:http by hand with a keep-alive agent: what axios sends through
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import * as sdk from '../pkg/node.js';
import * as peers from './peers.mjs';
import { sandboxProcess } from './sandbox.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const rounds = Number(opt('--rounds', 5));
const calls = Number(opt('--calls', 2000));
const CONCURRENCY = 100;

const sp = await sandboxProcess();
const U = { base: sp.info.baseUrls.unipesa, cred: sp.info.credentials.unipesa };
const M = { base: sp.info.baseUrls.momo, cred: sp.info.credentials.momo };
const UNIPESA_REQ = { amount: '1100', currency: 'XOF', phone: '2250705145655', country: 'CI', providerId: 14 };
const MOMO_REQ = { amount: '100', currency: 'EUR', phone: '+46 733 000 001' };
const MOMO_BODY_OBJ = { amount: '100', currency: 'EUR', payer: { partyIdType: 'MSISDN', partyId: '46733000001' } };
const MOMO_BODY = JSON.stringify(MOMO_BODY_OBJ);

const unipesa = new sdk.Unipesa({ ...U.cred, baseUrl: U.base });
const momo = new sdk.MtnMomo({ ...M.cred, baseUrl: M.base });
const collections = peers.momoCollections(M.base, M.cred);

// One token for the hand-made MoMo variants (docs/providers/momo.md: POST /collection/token/, HTTP Basic).
const basic = Buffer.from(`${M.cred.apiUser}:${M.cred.apiKey}`).toString('base64');
const tokenAnswer = await fetch(`${M.base}/collection/token/`, {
  method: 'POST', headers: { authorization: `Basic ${basic}`, 'ocp-apim-subscription-key': M.cred.subscriptionKey },
});
const token = (await tokenAnswer.json()).access_token;
const momoHeaders = () => ({
  authorization: `Bearer ${token}`, 'x-reference-id': randomUUID(), 'x-target-environment': 'sandbox',
  'ocp-apim-subscription-key': M.cred.subscriptionKey, 'content-type': 'application/json',
});
const momoUrl = new URL(`${M.base}/collection/v1_0/requesttopay`);
const unipesaUrl = `${U.base}/${U.cred.publicId}/payment_c2b`;
const agent = new http.Agent({ keepAlive: true });
const accepted = (status) => {
  if (status !== 202) throw new Error(`request to pay answered ${status}`);
};

/** payrail's transport (src/wasm/fetch.rs) in plain JS: `{ status, headers, body }`. */
async function glooLike(url, headers, body) {
  const controller = new AbortController();
  let reject;
  const expired = new Promise((_, r) => { reject = r; });
  expired.catch(() => {});
  const timer = setTimeout(() => { controller.abort(); reject(new Error('time limit')); }, 30000);
  try {
    const request = new Request(url, { method: 'POST', headers, body, signal: controller.signal });
    const res = await Promise.race([fetch(request), expired]);
    const all = [...res.headers.entries()];
    const bytes = new Uint8Array(await Promise.race([res.arrayBuffer(), expired]));
    return { status: res.status, headers: all, body: bytes };
  } finally {
    clearTimeout(timer);
  }
}

const variants = {
  'u-sdk': async () => { if ((await unipesa.collect(UNIPESA_REQ)).status !== 'pending') throw new Error('not accepted'); },
  'u-fetch': async () => { if ((await peers.fetchCollect(U.base, U.cred, UNIPESA_REQ)).status !== 'pending') throw new Error('not accepted'); },
  'u-gloo': async () => {
    const orderId = randomUUID();
    const r = await glooLike(unipesaUrl, { accept: 'application/json', 'content-type': 'application/json' },
      peers.handC2bBody(U.cred, UNIPESA_REQ, orderId));
    if (peers.handReadAnswer(new TextDecoder().decode(r.body), orderId, UNIPESA_REQ).status !== 'pending') throw new Error('not accepted');
  },
  'm-sdk': async () => { if ((await momo.collect(MOMO_REQ)).status !== 'pending') throw new Error('not accepted'); },
  'm-mtn-momo': () => collections.requestToPay(MOMO_BODY_OBJ),
  'm-fetch': async () => {
    const r = await fetch(momoUrl, { method: 'POST', headers: momoHeaders(), body: MOMO_BODY });
    await r.arrayBuffer();
    accepted(r.status);
  },
  'm-fetch-signal': async () => {
    const c = new AbortController();
    const timer = setTimeout(() => c.abort(), 30000);
    const r = await fetch(momoUrl, { method: 'POST', headers: momoHeaders(), body: MOMO_BODY, signal: c.signal });
    await r.arrayBuffer();
    clearTimeout(timer);
    accepted(r.status);
  },
  'm-fetch-request': async () => {
    const r = await fetch(new Request(momoUrl, { method: 'POST', headers: momoHeaders(), body: MOMO_BODY }));
    await r.arrayBuffer();
    accepted(r.status);
  },
  'm-gloo': async () => accepted((await glooLike(momoUrl.href, momoHeaders(), MOMO_BODY)).status),
  'm-http': () => new Promise((resolve, reject) => {
    const req = http.request(momoUrl, { method: 'POST', agent, headers: momoHeaders() }, (res) => {
      res.resume();
      res.on('end', () => { try { accepted(res.statusCode); resolve(); } catch (e) { reject(e); } });
    });
    req.on('error', reject);
    req.end(MOMO_BODY);
  }),
};

/** `total` calls of `fn`, CONCURRENCY in flight: calls/s and the process's CPU time per call (µs). */
async function pool(fn, total) {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < total) {
      next++;
      await fn();
    }
  }));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { rate: (total * 1000) / ms, cpuUs: (cpu.user + cpu.system) / total };
}

const names = opt('--only', Object.keys(variants).join(',')).split(',');
try {
  for (const n of names) {
    await variants[n]();
    await pool(variants[n], calls >> 1);
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 ? [...names].reverse() : names) samples[n].push(await pool(variants[n], calls));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`${calls} calls at concurrency ${CONCURRENCY}, median of ${rounds} rounds (alternating)`);
  for (const n of names) {
    const rate = median(samples[n].map((s) => s.rate));
    const cpu = median(samples[n].map((s) => s.cpuUs));
    console.log(`${n.padEnd(16)} ${rate.toFixed(0).padStart(6)} calls/s   client CPU ${cpu.toFixed(0).padStart(4)} µs per call`);
  }
} finally {
  await sp.close();
}
