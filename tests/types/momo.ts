// MtnMomo's declarations as a user's ESM project sees them (`payrail` through the exports map, like consumer.ts),
// compiled with `tsc --noEmit --strict` under nodenext and node16. Its options, requests and arguments are
// generated from the Rust types (types/generated.d.ts): each line marked @ts-expect-error is a usage the core
// refuses at run time, and must FAIL to type-check.
import {
  MtnMomo,
  ProviderError,
  type MtnMomoBalance,
  type MtnMomoCashTransfer,
  type MtnMomoCommon,
  type MtnMomoKind,
  type MtnMomoOptions,
  type MtnMomoParty,
  type MtnMomoPayment,
  type MtnMomoRequestToPay,
  type MtnMomoSandboxUser,
  type MtnMomoStatusRequest,
  type Transaction,
} from 'payrail';

const base = { apiUser: 'u', apiKey: 'a', targetEnvironment: 'sandbox' } as const;

export async function correctUsages(): Promise<Transaction[]> {
  const one: MtnMomoOptions = { ...base, subscriptionKey: 'k', timeoutMs: 1000, maxRetries: 0, product: 'collection' };
  const perProduct: MtnMomoOptions = { ...base, subscriptionKeys: { collection: 'c', disbursement: 'd' } };
  const both: MtnMomoOptions = { ...base, subscriptionKey: 'k', subscriptionKeys: { remittance: 'r' }, fetch: (r) => fetch(r) };
  const m = new MtnMomo(one);
  new MtnMomo(perProduct);
  new MtnMomo(both);
  new MtnMomo({ ...base, subscriptionKey: 'k', baseUrl: 'http://127.0.0.1:1', callbackUrl: 'https://shop.example/cb', providerCallbackHost: 'shop.example' });
  const user: MtnMomoSandboxUser = await MtnMomo.provisionSandboxUser({ subscriptionKey: 'k', providerCallbackHost: 'shop.example' });
  const payer: MtnMomoParty = { partyIdType: 'MSISDN', partyId: '46733123450' };
  const rtp: MtnMomoRequestToPay = { amount: '100', currency: 'EUR', payer, payerMessage: 'order 7', externalId: 'e-7' };
  const common: MtnMomoCommon = { phone: '46733123450', referenceId: '6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b' };
  const payment: MtnMomoPayment = { money: { amount: 25.5, currency: 'EUR' }, serviceProviderUserName: 'ACME', maxNumberOfRetries: 2 };
  const cash: MtnMomoCashTransfer = { amount: '5', currency: 'EUR', phone: '46733000005', originatingCountry: 'SE', payerIdentificationType: 'IDCD' };
  const kind: MtnMomoKind = 'cashTransfer';
  const byKind: MtnMomoStatusRequest = { reference: 'r', kind };
  const out: Transaction[] = [
    await m.collect(rtp),
    await m.collect({ ...common, amount: 1 }),
    await m.payout({ amount: '40', currency: 'EUR', phone: '46733000003', description: 'salary' }),
    await m.createPayment(payment),
    await m.cashTransfer(cash),
    await m.createInvoice({ amount: '3', currency: 'EUR', validityDuration: '3600', intendedPayer: payer }),
    await m.preApproval({ payer, payerCurrency: 'EUR', validityTime: 3600 }),
    await m.refund({ amount: '1', currency: 'EUR', referenceIdToRefund: 'r' }),
    await m.status('r'),
    await m.waitForFinal(byKind, { intervalMs: 20, timeoutMs: 3000 }),
    await m.cancelInvoice('r', { externalId: 'x' }),
    await m.confirmCallback('{}', {}, { reference: 'r', kind: 'transfer' }),
  ];
  const balances: MtnMomoBalance[] = await m.balance({ product: 'disbursement', currency: 'EUR' });
  const active: boolean = await m.validateAccountHolderStatus({ accountHolderIdType: 'email', accountHolderId: 'a@b.example' });
  const info: Record<string, unknown> = await m.getBasicUserinfo({ msisdn: '46733000010' });
  const failure: ProviderError | null = m.failureError(out[0]!);
  void [user, balances, active, info, failure];
  return out;
}

export async function wrongUsages(m: MtnMomo): Promise<void> {
  // confirmCallback takes (body, headers?, options?) like every parseCallback: a request's headers in the second
  // place are right (the order issue 11 found wrong is gone); headers where the options go are refused.
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  await m.confirmCallback('{}', headers, { reference: 'r' });
  // @ts-expect-error: the options are { reference?, kind? }, not the request's headers
  await m.confirmCallback('{}', headers, { 'content-type': 'application/json' });
  // @ts-expect-error: MtnMomo needs a subscriptionKey or subscriptionKeys
  new MtnMomo({ apiUser: 'u', apiKey: 'a', targetEnvironment: 'sandbox' });
  // @ts-expect-error: the apiKey is required
  new MtnMomo({ subscriptionKey: 'k', apiUser: 'u', targetEnvironment: 'sandbox' });
  // @ts-expect-error: not an option (unknown fields are refused)
  new MtnMomo({ ...base, subscriptionKey: 'k', secret: 1 });
  // @ts-expect-error: targetEnvironment is one of MTN's documented environments
  new MtnMomo({ ...base, subscriptionKey: 'k', targetEnvironment: 'mtnkenya' });
  // @ts-expect-error: subscriptionKeys is an object per product, not the key
  new MtnMomo({ ...base, subscriptionKeys: 'k' });
  // @ts-expect-error: subscriptionKeys names MTN's three products only
  new MtnMomo({ ...base, subscriptionKeys: { lending: 'k' } });
  // @ts-expect-error: timeoutMs is a number of milliseconds
  new MtnMomo({ ...base, subscriptionKey: 'k', timeoutMs: '1000' });
  // @ts-expect-error: payerNote is not a field of a request to pay (payeeNote is)
  await m.collect({ amount: '1', currency: 'EUR', phone: '46733000016', payerNote: 'typo' });
  // @ts-expect-error: the amount of a request to pay is required
  await m.collect({ currency: 'EUR', phone: '46733000016' });
  // @ts-expect-error: amounts are strings or numbers, never booleans
  await m.payout({ amount: true, currency: 'EUR', phone: '46733000016' });
  // @ts-expect-error: a pre-approval has no amount (payerCurrency and validityTime)
  await m.preApproval({ amount: '1', payerCurrency: 'EUR', validityTime: 60 });
  // @ts-expect-error: a refund needs the reference of the collection it refunds
  await m.refund({ amount: '1', currency: 'EUR' });
  // @ts-expect-error: a party's id type is MSISDN, EMAIL or PARTY_CODE
  await m.requestToPay({ amount: '1', currency: 'EUR', payer: { partyIdType: 'PHONE', partyId: '1' } });
  // @ts-expect-error: a payment's service provider is required
  await m.createPayment({ money: { amount: '1', currency: 'EUR' } });
  // @ts-expect-error: originatingCountry belongs to cash transfers, not to remittance transfers
  await m.remittanceTransfer({ amount: '1', currency: 'EUR', phone: '1', originatingCountry: 'SE' });
  // @ts-expect-error: kind is one of MoMo's operations
  await m.status({ reference: 'r', kind: 'withdrawal' });
  // @ts-expect-error: the waiting options are intervalMs and timeoutMs
  await m.waitForFinal('r', { interval: 20 });
  // @ts-expect-error: balance's product is one of MTN's three
  await m.balance({ product: 'lending' });
  // @ts-expect-error: the account holder's id is required
  await m.validateAccountHolderStatus({ product: 'collection' });
  // @ts-expect-error: an invoice's validity is whole seconds, not a boolean
  await m.createInvoice({ amount: '3', currency: 'EUR', validityDuration: true });
  // @ts-expect-error: provisioning needs the providerCallbackHost
  await MtnMomo.provisionSandboxUser({ subscriptionKey: 'k' });
}
