// CinetPay's declarations as a user's ESM project sees them (through the exports map, like consumer.ts). The
// options, requests and results are generated from the Rust types (types/generated.d.ts): what the core refuses
// at run time, TypeScript refuses at build time. Lines marked @ts-expect-error must FAIL to type-check.
import {
  CinetPay,
  memoryTokenStore,
  type CinetPayContact,
  type CinetPayContactResult,
  type CinetPayOptions,
  type CinetPayPayoutRequest,
  type CinetPayStatusQuery,
  type CinetPayStatusRequest,
  type CinetPayTransfer,
  type Transaction,
} from 'payrail';

export async function cinetPayUsage(fetchImpl: (input: Request) => Promise<Response>): Promise<Transaction[]> {
  // Correct usages: the options with the JS-only fetch and tokenStore, each call with its documented input.
  const options: CinetPayOptions = {
    apiKey: 'k',
    password: 'p',
    lang: 'fr',
    baseUrl: 'http://127.0.0.1:1/cinetpay/v1',
    timeoutMs: 5000,
    maxRetries: 0,
    currency: 'XOF',
    fetch: fetchImpl,
    tokenStore: memoryTokenStore(),
  };
  const cp = new CinetPay(options);
  const payout: CinetPayPayoutRequest = {
    amount: 500,
    phone: '+225 07 07 00 00 01',
    callbackUrl: 'https://shop.example/cinetpay',
    name: 'Awa',
    surname: 'Kone',
    email: 'awa@example.com',
    reference: 'order-1',
    description: 'refund',
    country: 'CI',
  };
  const tx: Transaction = await cp.payout(payout);
  const own: Transaction = await cp.payout({ ...payout, amount: '700', prefix: 225, phone: '0707000001', notifyUrl: 'https://n.example', clientTransactionId: 'own-1' });
  const contacts: CinetPayContact[] = [{ phone: '+225 53 79 85 90', name: 'A', surname: 'B', email: 'a@b.ci' }, { prefix: '225', phone: '77895086', name: 'C', surname: 'D', email: 'c@d.ci' }];
  const added: CinetPayContactResult[] = await cp.addContacts(contacts);
  const code: number = added[0].code;
  const ok: boolean = added[0].ok;
  const transfers: CinetPayTransfer[] = [{ phone: '+2250707000021', amount: '500', notifyUrl: 'https://n.example', clientTransactionId: 'b-1' }];
  const sent: Transaction[] = await cp.sendMoney(transfers);
  const byId: CinetPayStatusQuery = { transactionId: 'TR1' };
  const asks: CinetPayStatusRequest[] = [tx.reference, { reference: own.reference }, { clientTransactionId: 'b-1' }, byId];
  const statuses = await Promise.all(asks.map((a) => cp.status(a)));
  await cp.parseCallback('client_transaction_id=r1&treatment_status=VAL', {}, { reference: 'r1' });
  await cp.confirmCallback(new URLSearchParams('client_transaction_id=r1'));
  const ping: boolean = cp.isLivenessPing('GET');

  // Typical wrong usages.
  // @ts-expect-error: the password is a required option
  new CinetPay({ apiKey: 'k' });
  // @ts-expect-error: not an option of CinetPay (CinetPayOptions is generated, unknown options refused)
  new CinetPay({ apiKey: 'k', password: 'p', subscriptionKey: 's' });
  // @ts-expect-error: timeoutMs is a number of milliseconds
  new CinetPay({ apiKey: 'k', password: 'p', timeoutMs: '5000' });
  // @ts-expect-error: providerId is Unipesa's, not a field of a CinetPay payout
  await cp.payout({ ...payout, providerId: 14 });
  // @ts-expect-error: the payee's name, surname and email are required (the contact added before the transfer)
  await cp.payout({ amount: 500, phone: '+2250707000001', callbackUrl: 'https://s.example/n' });
  // @ts-expect-error: an amount is a decimal string or a number
  await cp.payout({ ...payout, amount: true });
  // @ts-expect-error: a contact has no country
  await cp.addContacts([{ phone: '+2250707000001', name: 'A', surname: 'B', email: 'a@b.ci', country: 'CI' }]);
  // @ts-expect-error: sendMoney takes an array of transfers
  await cp.sendMoney({ phone: '+2250707000021', amount: '500', notifyUrl: 'https://n.example' });
  // @ts-expect-error: a status is looked up by reference, clientTransactionId or transactionId, not orderId
  await cp.status({ orderId: 'o-1' });
  // @ts-expect-error: the reference is a string
  await cp.status(42);
  // @ts-expect-error: a contact result's code is CinetPay's number (0, 726...)
  const wrongCode: string = added[0].code;

  void code; void ok; void ping; void wrongCode;
  return [...sent, ...statuses];
}
