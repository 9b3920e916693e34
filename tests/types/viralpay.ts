// ViralPAY's declarations as a user's ESM project sees them (`payrail` through the exports map, like
// consumer.ts): the options and requests are generated from the Rust types, so what the core refuses at run
// time (an unknown field, a missing required option, a wrong type) does not compile either.
// Lines marked @ts-expect-error must FAIL to type-check.
import {
  ViralPay,
  memoryTokenStore,
  type Balance,
  type Callback,
  type Transaction,
  type ViralPayAccount,
  type ViralPayBankTransferRequest,
  type ViralPayNotificationResult,
  type ViralPayOptions,
  type ViralPayPaths,
  type ViralPayPaymentRequest,
  type ViralPayStatusRequest,
  type ViralPayTransactionList,
} from 'payrail';

export async function correctUsage(): Promise<void> {
  const paths: ViralPayPaths = { balances: '/v1/balances/', transactionStatus: '/v1/transactions/status' };
  const options: ViralPayOptions = {
    clientId: 'c',
    clientSecret: 's',
    username: 'u',
    password: 'p',
    baseUrl: 'http://127.0.0.1:1',
    paths,
    timeoutMs: 2000,
    maxRetries: 0,
    fetch: (input, init) => fetch(input, init),
    tokenStore: memoryTokenStore(),
  };
  const vp = new ViralPay(options);
  const req: ViralPayPaymentRequest = { amount: 200, currency: 'XOF', phone: '0757230420', country: 'sn', operator: 'wave', lang: 'en' };
  const tx: Transaction = await vp.collect(req);
  const out: Transaction = await vp.payout({ amount: '500', currency: 'XAF', phoneNumber: '237650000001', country: 'cm', orderId: 'o-1', notifyUrl: 'https://m.example/cb' });
  const bank: ViralPayBankTransferRequest = { amount: 5500, currency: 'XOF', debitCurrency: 'XAF', country: 'sn', accountBank: '044', accountNumber: '0690000040', narration: 'rent' };
  const b: Transaction = await vp.bankTransfer(bank);
  const byId: ViralPayStatusRequest = { transactionId: tx.transactionId ?? 't' };
  const st: Transaction[] = await Promise.all([vp.status(tx.reference), vp.status(byId)]);
  const balances: Balance[] = await vp.balance();
  const account: ViralPayAccount = await vp.account();
  const list: ViralPayTransactionList = await vp.transactions({ size: 5, dateBegin: '2024-01-01', dateEnd: '2024-01-31' });
  const n: ViralPayNotificationResult = await vp.notifications({ transactionId: 't', orderId: 'o' });
  const cb: Callback = await vp.parseCallback('{}');
  const confirmed: Callback = await vp.confirmCallback(new Uint8Array(0), {}, { reference: tx.reference });
  void [out, b, st, balances, account.businessId, list.transactions, n.status, cb.verified, confirmed];
}

export async function wrongUsage(vp: ViralPay): Promise<void> {
  // @ts-expect-error: ViralPay needs its password (a missing required option)
  new ViralPay({ clientId: 'c', clientSecret: 's', username: 'u' });
  // @ts-expect-error: not an option of ViralPay (ViralPayOptions is generated, unknown options refused)
  new ViralPay({ clientId: 'c', clientSecret: 's', username: 'u', password: 'p', secret: 'x' });
  // @ts-expect-error: not one of the ViralPAY functions' paths
  new ViralPay({ clientId: 'c', clientSecret: 's', username: 'u', password: 'p', paths: { payment: '/x' } });
  // @ts-expect-error: timeoutMs is a number of milliseconds
  new ViralPay({ clientId: 'c', clientSecret: 's', username: 'u', password: 'p', timeoutMs: '2000' });
  // @ts-expect-error: not a field of a ViralPAY payment (an unknown field)
  await vp.collect({ amount: 200, currency: 'XOF', phone: '0757230420', country: 'sn', providerId: 14 });
  // @ts-expect-error: country is required by ViralPAY
  await vp.collect({ amount: 200, currency: 'XOF', phone: '0757230420' });
  // @ts-expect-error: amounts are strings or numbers, never booleans
  await vp.payout({ amount: true, currency: 'XOF', phone: '0757230420', country: 'sn' });
  // @ts-expect-error: a bank transfer needs the account number
  await vp.bankTransfer({ amount: 100, currency: 'XOF', country: 'sn', accountBank: '044', narration: 'n' });
  // @ts-expect-error: not a field of a status query
  await vp.status({ reference: 'o-1', phone: '1' });
  // @ts-expect-error: size is a number
  await vp.transactions({ size: '5' });
  // @ts-expect-error: notifications need the transactionId
  await vp.notifications({ orderId: 'o' });
}
