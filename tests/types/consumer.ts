// A consumer of the package's types, as a user's ESM project sees them: `payrail` resolves through the exports
// map's `types` condition (tests/types/node_modules/payrail -> pkg/, linked by scripts/test.sh), compiled with
// `tsc --noEmit --strict` under nodenext and node16 (Node 20). It uses every class and helper of index.d.ts.
// Lines marked @ts-expect-error must FAIL to type-check, so a too-loose declaration is caught too.
import {
  Unipesa,
  PayrailError,
  ValidationError,
  AuthError,
  ProviderError,
  NetworkError,
  TimeoutError,
  RateLimitError,
  SignatureError,
  ParseError,
  UnsupportedError,
  signUnipesa,
  verifyUnipesaSignature,
  unipesaStringToSign,
  totp,
  aliansPayOtp,
  type Transaction,
  type Callback,
  type Balance,
  type ClientOptions,
  type PaymentFields,
  type PayrailErrorCode,
  type PayrailErrorCategory,
  type ProviderName,
  type Reason,
  type Status,
  type UnipesaOptions,
  type UnipesaPaymentRequest,
  type UnipesaConfirmRequest,
  type UnipesaStatusRequest,
  MtnMomo,
  CinetPay,
  ViralPay,
  AliansPay,
  memoryTokenStore,
  workersKvTokenStore,
  type TokenStore,
  type MtnMomoOptions,
  type CinetPayOptions,
  type ViralPayOptions,
  type AliansPayOptions,
} from 'payrail';

/** The other four providers and the token stores: one constructor and the shared calls each. */
async function otherProviders(kv: { get(key: string): Promise<string | null>; put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void> }): Promise<Transaction[]> {
  const shared: TokenStore = memoryTokenStore();
  const edge: TokenStore = workersKvTokenStore(kv);
  const momoOptions: MtnMomoOptions = { subscriptionKey: 'k', apiUser: 'u', apiKey: 'a', targetEnvironment: 'sandbox', tokenStore: shared };
  const momo = new MtnMomo(momoOptions);
  const cinetOptions: CinetPayOptions = { apiKey: 'k', password: 'p', lang: 'en', tokenStore: edge };
  const cinet = new CinetPay(cinetOptions);
  const viralOptions: ViralPayOptions = { clientId: 'c', clientSecret: 's', username: 'u', password: 'p' };
  const viral = new ViralPay(viralOptions);
  const aliansOptions: AliansPayOptions = { guid: 'g' };
  const alians = new AliansPay(aliansOptions);
  new MtnMomo({ ...momoOptions, providerCallbackHost: 'shop.example.com', callbackUrl: 'https://shop.example.com/momo' });
  await momo.cashTransfer({ amount: '10', currency: 'EUR', phone: '46733000001', orginatingCountry: 'SE', payerIdentificationType: 'PASS' });
  // @ts-expect-error: payerIdentificationType is MTN's enum (PASS, CPFA, SRSSA, NRIN, OTHR, DRLC, SOCS, AREG, IDCD, EMID)
  await momo.cashTransfer({ amount: '10', currency: 'EUR', phone: '46733000001', payerIdentificationType: 'PASSPORT' });
  // @ts-expect-error: MtnMomo needs its apiKey
  new MtnMomo({ subscriptionKey: 'k', apiUser: 'u', targetEnvironment: 'sandbox' });
  // @ts-expect-error: CinetPay's lang is 'fr' or 'en'
  new CinetPay({ apiKey: 'k', password: 'p', lang: 'de' });
  const m: Transaction = await momo.collect({ amount: '100', currency: 'EUR', phone: '46733000001' });
  const c: Transaction = await cinet.payout({ amount: '500', phone: '0700000000', prefix: '225', name: 'Ama', surname: 'Kone', email: 'ama@example.com' });
  const v: Transaction = await viral.collect({ amount: '100', currency: 'XOF', phone: '2250700000000', country: 'CI' });
  const a: Transaction = await alians.collect({ amount: '100', currency: 'XOF', phone: '2250700000000', moyenPayment: 'OM' });
  const statuses: Transaction[] = await Promise.all([momo.status(m.reference), cinet.status(c.reference), viral.status(v.reference), alians.status(a.reference)]);
  const cbs: Callback[] = await Promise.all([momo.parseCallback('{}'), viral.parseCallback('{}'), alians.parseCallback('{}')]);
  const balances: Balance[][] = await Promise.all([cinet.balance(), viral.balance(), alians.balance()]);
  void cbs; void balances;
  return statuses;
}
void otherProviders;

async function main(): Promise<void> {
  const sig: string = signUnipesa({ merchant_id: 'm', amount: '100.00' }, 'secret');
  const ok: boolean = verifyUnipesaSignature('{"a":"1","signature":"x"}', 'secret');
  const sts: string = unipesaStringToSign('{"a":"1"}');
  const code: string = totp('12345678901234567890', { unixTime: 59, digits: 8, algorithm: 'SHA1' });
  const code32: string = totp(new Uint8Array([1, 2, 3]), { encoding: 'base32', period: 60, algorithm: 'SHA512' });
  const otp: string = aliansPayOtp('cd8fb6d0-051d-4187-9d32-481ff4c0bfab');
  const otpAt: string = aliansPayOtp('cd8fb6d0-051d-4187-9d32-481ff4c0bfab', 59);
  // @ts-expect-error: algorithm is a closed set
  totp('x', { algorithm: 'MD5' });
  // @ts-expect-error: unixTime is a number of seconds
  aliansPayOtp('guid', '59');

  const common: ClientOptions = {
    baseUrl: 'http://127.0.0.1:1',
    timeoutMs: 1000,
    maxRetries: 0,
    fetch: (input, init) => fetch(input, init),
  };
  const options: UnipesaOptions = { ...common, publicId: 'p', merchantId: 'm', secretKey: 's', validate: true };
  const u = new Unipesa(options);
  // @ts-expect-error: secretKey is required
  new Unipesa({ publicId: 'p', merchantId: 'm' });
  // @ts-expect-error: timeoutMs is a number
  new Unipesa({ publicId: 'p', merchantId: 'm', secretKey: 's', timeoutMs: '1000' });

  const fields: PaymentFields = { amount: '100', currency: 'XOF', phone: '2250700000000', reference: 'r', callbackUrl: 'https://x', description: 'd', country: 'CI' };
  const req: UnipesaPaymentRequest = { ...fields, providerId: 14, extra: { otp: '1234' } };
  const t: Transaction = await u.collect(req);
  const s: Status = t.status;
  const p: ProviderName = t.provider;
  const r: Reason | undefined = t.reason;
  const ref: string = t.reference;
  // @ts-expect-error: providerId is required for Unipesa
  await u.collect({ amount: '100', currency: 'XOF', phone: '1' });
  // @ts-expect-error: amounts are strings or numbers, never booleans
  await u.collect({ amount: true, currency: 'XOF', providerId: 14 });
  const out: Transaction = await u.payout({ amount: 100, currency: 'XOF', customerId: '1', providerId: '14', extra: { customer_name: 'A B' } });
  const confirm: UnipesaConfirmRequest = { amount: 100, currency: 'XOF', customerId: '1', providerId: 14, reference: out.reference, confirmation: { code: '1' } };
  const confirmed: Transaction = await u.confirmPayout(confirm);
  const byRef: UnipesaStatusRequest = { reference: ref, customerId: '1' };
  const again: Transaction = await u.status(ref);
  const again2: Transaction = await u.status(byRef);
  const balances: Balance[] = await u.balance();
  const available: string | undefined = balances[0]?.available;
  const cb: Callback = await u.parseCallback('{}', { 'content-type': 'application/json' });
  const cb2: Callback = await u.parseCallback(new Uint8Array(0));
  const verified: boolean = cb.verified;
  // @ts-expect-error: a callback body is text, bytes or an object, not a number
  await u.parseCallback(42);

  try {
    await u.payout(req);
  } catch (e) {
    if (e instanceof ValidationError) {
      const field: string | undefined = e.field;
      void field;
    }
    if (e instanceof RateLimitError) {
      const wait: number | undefined = e.retryAfterMs;
      void wait;
    }
    if (e instanceof TimeoutError) {
      const limit: number | undefined = e.timeoutMs;
      void limit;
    }
    if (e instanceof ProviderError) {
      const why: Reason | undefined = e.reason;
      const providerCode: string | undefined = e.providerCode;
      void why; void providerCode;
    }
    const kinds = [AuthError, NetworkError, SignatureError, ParseError, UnsupportedError];
    if (kinds.some((k) => e instanceof k) && e instanceof PayrailError) {
      const c: PayrailErrorCode = e.code;
      const cat: PayrailErrorCategory = e.category;
      const http: number | undefined = e.httpStatus;
      const retryable: boolean = e.retryable;
      const asError: Error = e;
      // @ts-expect-error: codes are a union of literals
      const wrong: PayrailErrorCode = 'nope';
      switch (c) {
        case 'validation_error': case 'auth_error': case 'provider_error': case 'network_error': case 'timeout':
        case 'aborted': case 'rate_limited': case 'signature_mismatch': case 'parse_error': case 'unsupported': case 'internal_error':
        case 'not_initialized': case 'wasm_load_failed':
          break;
        default: {
          const exhaustive: never = c;
          void exhaustive;
        }
      }
      void cat; void http; void retryable; void asError; void wrong;
    }
  }
  void sig; void ok; void sts; void code; void code32; void otp; void otpAt; void s; void p; void r;
  void confirmed; void again; void again2; void available; void cb2; void verified;
}
void main;

// The typed boundary's declarations are generated from the Rust types (types/generated.d.ts): what the core
// refuses at run time, TypeScript refuses at build time.
export async function generatedTypesRejectWhatTheCoreRefuses(u: Unipesa): Promise<void> {
  // @ts-expect-error: not a field of a Unipesa payment (UnipesaPaymentRequest is generated, unknown fields refused)
  await u.collect({ amount: '10', currency: 'XOF', phone: '1', providerId: 14, providr: 1 });
  // @ts-expect-error: Unipesa's options need the secretKey
  new Unipesa({ publicId: 'p', merchantId: 'm' });
  // @ts-expect-error: a callback's options are { reference?, kind? } (CallbackOptions), not headers
  await u.parseCallback('{}', {}, { 'content-type': 'application/json' });
  const e = new PayrailError();
  const code: PayrailErrorCode = e.code;
  const field: string | undefined = e.field;
  void [code, field];
}
