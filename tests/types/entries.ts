// The per-provider entries (payrail/momo, payrail/unipesa, payrail/crypto, and the /inline variants): each
// declares its own names, and only those, from the same declarations as `payrail` (one PayrailError type).
import { MtnMomo, PayrailError, ValidationError, init, webhookHandler, memoryTokenStore, type Transaction } from 'payrail/momo';
import { Unipesa } from 'payrail/unipesa/inline';
import { signUnipesa, totp, aliansPayOtp, init as initCrypto, PayrailError as CryptoError } from 'payrail/crypto';
import { CinetPay } from 'payrail/cinetpay';
import { ViralPay } from 'payrail/viralpay';
import { AliansPay } from 'payrail/alianspay';
import * as all from 'payrail';
import * as inlineAll from 'payrail/inline';
// @ts-expect-error: payrail/momo has no Unipesa client
import { Unipesa as NotInMomo } from 'payrail/momo';
// @ts-expect-error: payrail/crypto has no client at all
import { MtnMomo as NotInCrypto } from 'payrail/crypto';
// @ts-expect-error: payrail/momo does not carry the signing helpers (payrail/crypto does)
import { signUnipesa as notSigning } from 'payrail/momo';

async function entries(): Promise<void> {
  const ready: Promise<void> = init();
  await ready;
  await initCrypto();
  await all.init();
  await inlineAll.init();
  const m = new MtnMomo({ subscriptionKey: 'k', apiUser: 'u', apiKey: 'a', targetEnvironment: 'sandbox', tokenStore: memoryTokenStore() });
  const t: Transaction = await m.collect({ amount: '100', currency: 'EUR', phone: '46733123450' });
  const u = new Unipesa({ publicId: 'p', merchantId: 'm', secretKey: 's' });
  const sig: string = signUnipesa('{"a":"1"}', 'k');
  const code: string = totp('secret', { unixTime: 59 });
  const otp: string = aliansPayOtp('guid', 59);
  const handler = webhookHandler(m, { onCallback: async () => {} });
  void new CinetPay({ apiKey: 'k', password: 'p' });
  void new ViralPay({ clientId: 'c', clientSecret: 's', username: 'u', password: 'p' });
  void new AliansPay({ baseUrl: 'http://127.0.0.1:1', guid: 'g' });
  try {
    await u.status('x');
  } catch (e) {
    // One set of error types for every entry.
    const same: typeof PayrailError = CryptoError;
    const fromAll: typeof all.PayrailError = PayrailError;
    if (e instanceof ValidationError) {
      const field: string | undefined = e.field;
      void field;
    }
    void same; void fromAll;
  }
  // @ts-expect-error: init takes no arguments
  await init('payrail_bg.wasm');
  void t; void sig; void code; void otp; void handler; void NotInMomo; void NotInCrypto; void notSigning;
}
void entries;
