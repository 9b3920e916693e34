// URLs a caller hands over (callback URLs, base URLs) are checked by one rule in the core (core::http::is_http_url):
// absolute http(s), a host, no whitespace or control character. A callback URL carrying CR LF or NUL would be a
// header injection where it becomes a header (MoMo's X-Callback-Url) and a URL the provider cannot call anywhere;
// it must be a ValidationError naming the field, with nothing sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Unipesa, MtnMomo, AliansPay, CinetPay, ViralPay, ValidationError } from '../../pkg/node.js';
import { startSandbox } from '../../js/sandbox/index.js';

let sb;
before(async () => { sb = await startSandbox({ port: 0 }); });
after(async () => { await sb.close(); });

const BAD = ['https://shop.example/cb\r\nX-Injected: yes', 'https://shop.example/\u0000cb', 'https://shop.example/a b', 'https:///cb'];

/** A fetch that counts what is sent and passes it to the sandbox. */
function counting() {
  const sent = [];
  return { sent, fetch: (url, init) => { sent.push(String(url)); return fetch(url, init); } };
}

async function refused(promise, field) {
  await assert.rejects(promise, (e) => e instanceof ValidationError && e.field === field);
}

test('a callback URL with CR LF, NUL, a space or no host is refused before anything is sent', async () => {
  for (const url of BAD) {
    const u = counting();
    const unipesa = new Unipesa({ ...sb.credentials.unipesa, baseUrl: sb.baseUrls.unipesa, fetch: u.fetch });
    await refused(unipesa.collect({ amount: '1100', currency: 'XOF', phone: '2250705145655', country: 'CI', providerId: 14, callbackUrl: url }), 'callback_url');
    assert.deepEqual(u.sent, [], url);

    const m = counting();
    const momo = new MtnMomo({ ...sb.credentials.momo, baseUrl: sb.baseUrls.momo, fetch: m.fetch });
    await refused(momo.collect({ amount: '100', currency: 'EUR', phone: '+46 733 000 001', callbackUrl: url }), 'callbackUrl');
    assert.deepEqual(m.sent, [], url);

    const a = counting();
    const alians = new AliansPay({ ...sb.credentials.alianspay, baseUrl: sb.baseUrls.alianspay, fetch: a.fetch });
    await refused(alians.collect({ moyenPayment: 'OM', amount: 1500, currency: 'XAF', phone: '+237 696 98 56 98', callbackUrl: url }), 'callbackUrl');
    assert.deepEqual(a.sent, [], url);
  }
});

test('a base URL without a host or with a control character is refused when the client is made', () => {
  for (const [Class, provider] of [[Unipesa, 'unipesa'], [MtnMomo, 'momo'], [AliansPay, 'alianspay'], [CinetPay, 'cinetpay'], [ViralPay, 'viralpay']]) {
    for (const baseUrl of ['https://', 'https://api.example\n/x', 'api.example']) {
      assert.throws(() => new Class({ ...sb.credentials[provider], baseUrl }), (e) => e instanceof ValidationError && e.field === 'baseUrl', `${provider} ${JSON.stringify(baseUrl)}`);
    }
  }
});
