// The same package from a CommonJS TypeScript project: `require('payrail')` resolves through the exports map's
// `types.require` (index.d.cts) as Node's `require` condition resolves to node.cjs. Compiled with the ESM consumer.
import payrail = require('payrail');

async function main(): Promise<void> {
  const u = new payrail.Unipesa({ publicId: 'p', merchantId: 'm', secretKey: 's', baseUrl: 'http://127.0.0.1:1' });
  const t: payrail.Transaction = await u.collect({ amount: '100', currency: 'KES', phone: '254700000000', providerId: 14 });
  const s: payrail.Status = t.status;
  const sig: string = payrail.signUnipesa('{"a":"1"}', 'k');
  const otp: string = payrail.aliansPayOtp('guid', 59);
  try {
    await u.status(t.reference);
  } catch (e) {
    if (e instanceof payrail.PayrailError) {
      const c: payrail.PayrailErrorCode = e.code;
      void c;
    }
  }
  // @ts-expect-error: secretKey is required
  new payrail.Unipesa({ publicId: 'p', merchantId: 'm' });
  void s; void sig; void otp;
}
void main;

// A provider entry from CommonJS: its own declarations (index.d.cts), the same error types as `payrail`.
import momo = require('payrail/momo');
async function momoFromCjs(): Promise<void> {
  await momo.init();
  const same: typeof payrail.PayrailError = momo.PayrailError;
  // @ts-expect-error: payrail/momo has no Unipesa client
  void momo.Unipesa;
  void same;
}
void momoFromCjs;
