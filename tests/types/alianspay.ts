// AliansPay as a user's ESM project sees it (`payrail` through the exports map, like consumer.ts): its options and
// requests are declared from the Rust types (types/generated.d.ts), so what the core refuses at run time does not
// compile. Lines marked @ts-expect-error must FAIL to type-check.
import {
  AliansPay,
  type AliansPayHeaderNameOptions,
  type AliansPayMethod,
  type AliansPayOptions,
  type AliansPayPathOptions,
  type AliansPayRequest,
  type AliansPayStatusQuery,
  type AliansPayStatusRequest,
  type Balance,
  type Callback,
  type Transaction,
} from 'payrail';

export async function correctUsage(): Promise<void> {
  const paths: AliansPayPathOptions = { transaction: '/v2/tx/{externalTransactionId}' };
  const headerNames: AliansPayHeaderNameOptions = { guid: 'x-partner-guid' };
  const options: AliansPayOptions = {
    guid: 'cd8fb6d0-051d-4187-9d32-481ff4c0bfab',
    baseUrl: 'http://127.0.0.1:8080',
    paths,
    headerNames,
    timeoutMs: 2000,
    maxRetries: 0,
    fetch: (input) => fetch(input),
  };
  const ap = new AliansPay(options);
  const method: AliansPayMethod = 'TMoney';
  const req: AliansPayRequest = { moyenPayment: method, amount: 500, currency: 'XOF', phone: '22890000000' };
  const tx: Transaction = await ap.collect(req);
  const out: Transaction = await ap.payout({
    moyenPayment: 'MOMO',
    amount: '1000',
    currency: 'XAF',
    phone: '+237 650 00 00 00',
    reference: 'ap-1',
    externalTransactionId: 'own-1',
    callbackUrl: 'https://merchant.example/cb',
    description: 'order 1',
    country: 'CM',
  });
  const query: AliansPayStatusQuery = { externalTransactionId: out.reference };
  const byId: AliansPayStatusRequest = tx.reference;
  const statuses: Transaction[] = await Promise.all([ap.status(byId), ap.status(query), ap.status({ reference: 'r' })]);
  const balances: Balance[] = await ap.balance();
  const cb: Callback = await ap.parseCallback('{}', {}, { reference: tx.reference });
  const confirmed: Callback = await ap.confirmCallback(new Uint8Array(), undefined);
  void [statuses, balances, cb, confirmed];
}

export async function wrongUsage(ap: AliansPay): Promise<void> {
  // @ts-expect-error: the guid is required
  new AliansPay({ baseUrl: 'http://127.0.0.1:8080' });
  // @ts-expect-error: not an option of AliansPay (unknown fields are refused)
  new AliansPay({ guid: 'g', secretKey: 's' });
  // @ts-expect-error: not a path of AliansPay (paths are collection, disbursement, transaction, balance)
  new AliansPay({ guid: 'g', paths: { status: '/s' } });
  // @ts-expect-error: a header name is a string
  new AliansPay({ guid: 'g', headerNames: { otp: 5 } });
  // @ts-expect-error: timeoutMs is a number of milliseconds
  new AliansPay({ guid: 'g', timeoutMs: '2000' });
  // @ts-expect-error: moyenPayment is required
  await ap.collect({ amount: 100, currency: 'XAF', phone: '237696985698' });
  // @ts-expect-error: the codes are case-sensitive (TMoney)
  await ap.payout({ moyenPayment: 'TMONEY', amount: 100, currency: 'XOF', phone: '22890000000' });
  // @ts-expect-error: not a field of an AliansPay request (unknown fields are refused)
  await ap.collect({ moyenPayment: 'OM', amount: 100, currency: 'XAF', phone: '237696985698', operator: 'orange' });
  // @ts-expect-error: the phone is text, country code first
  await ap.collect({ moyenPayment: 'OM', amount: 100, currency: 'XAF', phone: 237696985698 });
  // @ts-expect-error: an amount is a decimal string or a number
  await ap.collect({ moyenPayment: 'OM', amount: true, currency: 'XAF', phone: '237696985698' });
  // @ts-expect-error: a status query is { reference?, externalTransactionId? }
  await ap.status({ orderId: 'o-1' });
  // @ts-expect-error: a reference is a string
  await ap.status(5);
  // @ts-expect-error: a callback's options are { reference?, kind? }, not headers
  await ap.parseCallback('{}', {}, { 'content-type': 'application/json' });
}
