// A consumer of the package's types: compiled with `tsc --noEmit --strict` by `make test` against pkg/index.d.ts.
// Lines marked @ts-expect-error must FAIL to type-check, so a too-loose declaration is caught too.
import {
  Unipesa,
  PayrailError,
  ValidationError,
  signUnipesa,
  verifyUnipesaSignature,
  totp,
  aliansPayOtp,
  type Transaction,
  type Callback,
  type PayrailErrorCode,
  type Status,
} from '../../pkg/index.js';

async function main(): Promise<void> {
  const sig: string = signUnipesa({ merchant_id: 'm', amount: '100.00' }, 'secret');
  const ok: boolean = verifyUnipesaSignature('{"a":"1","signature":"x"}', 'secret');
  const code: string = totp('12345678901234567890', { unixTime: 59, digits: 8, algorithm: 'SHA1' });
  const otp: string = aliansPayOtp('cd8fb6d0-051d-4187-9d32-481ff4c0bfab');
  // @ts-expect-error: algorithm is a closed set
  totp('x', { algorithm: 'MD5' });

  const u = new Unipesa({ publicId: 'p', merchantId: 'm', secretKey: 's', baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000 });
  // @ts-expect-error: secretKey is required
  new Unipesa({ publicId: 'p', merchantId: 'm' });
  const t: Transaction = await u.collect({ amount: '100', currency: 'XOF', phone: '2250700000000', providerId: 14 });
  const s: Status = t.status;
  // @ts-expect-error: providerId is required for Unipesa
  await u.collect({ amount: '100', currency: 'XOF', phone: '1' });
  const again: Transaction = await u.status(t.reference);
  const cb: Callback = await u.parseCallback('{}');
  const verified: boolean = cb.verified;
  try {
    await u.payout({ amount: 100, currency: 'XOF', customerId: '1', providerId: '14', extra: { customer_name: 'A B' } });
  } catch (e) {
    if (e instanceof ValidationError) {
      const field: string | undefined = e.field;
      void field;
    }
    if (e instanceof PayrailError) {
      const c: PayrailErrorCode = e.code;
      // @ts-expect-error: codes are a union of literals
      const wrong: PayrailErrorCode = 'nope';
      void c; void wrong;
    }
  }
  void sig; void ok; void code; void otp; void s; void again; void verified;
}
void main;
