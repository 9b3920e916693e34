// Writes fuzz/seeds/<target>/: starting inputs shaped like the providers' documented answers, callbacks and
// JS requests (seed 001/003, PROVIDERS.md §1–3), in the byte layout of fuzz/src/lib.rs (status, flags, mode).
// Run: node fuzz/make_seeds.mjs (the files are committed; rerun after editing).
import { mkdirSync, writeFileSync } from 'node:fs';
import { signUnipesa } from '../js/sandbox/index.js';

const dir = new URL('./seeds/', import.meta.url);
const put = (target, name, bytes) => {
  mkdirSync(new URL(`${target}/`, dir), { recursive: true });
  writeFileSync(new URL(`${target}/${name}`, dir), bytes);
};
const raw = (text) => Buffer.concat([Buffer.from([0]), Buffer.from(text)]); // mode 0: raw body
// status index into STATUSES (0 → 200, 6 → 400, 7 → 401, 10 → 409, 11 → 429, 12 → 500, 13 → 502), flags 1: JSON
const resp = (statusIdx, text, flags = 1) => Buffer.concat([Buffer.from([statusIdx, flags]), raw(text)]);

const seeds = {
  unipesa_response: [
    resp(0, '{"order_id":"order-1","transaction_id":"12345","status":1,"result":{"code":0,"message":"OK"}}'),
    resp(0, '{"order_id":"order-1","transaction_id":"9","status":2,"result":{"code":0,"message":"OK"},"confirm_type":1}'),
    resp(6, '{"result":{"code":2001,"message":"Invalid signature"}}'),
    resp(0, '{"status":3,"result":{"code":0},"customer_redirect":"https://x"}'),
    resp(13, '<html><body>502 Bad Gateway</body></html>', 2),
  ],
  momo_response: [
    resp(0, '{"access_token":"eyJ0","token_type":"access_token","expires_in":3600}'),
    resp(0, '{"amount":"100","currency":"EUR","financialTransactionId":"23503452","externalId":"947354","payer":{"partyIdType":"MSISDN","partyId":"4656473839"},"status":"SUCCESSFUL"}'),
    resp(0, '{"status":"FAILED","reason":{"code":"PAYER_NOT_FOUND","message":"m"}}'),
    resp(0, '{"availableBalance":"1000","currency":"EUR"}'),
    resp(0, '{"result":true}'),
    resp(3, '{"apiKey":"f1db798c98df4bcf83b538175893bbf0"}'),
    resp(10, '{"code":"RESOURCE_ALREADY_EXIST","message":"Duplicated reference id"}'),
    resp(7, '{"error":"login_failed"}'),
  ],
  cinetpay_response: [
    resp(0, '{"code":0,"message":"OPERATION_SUCCES","data":{"token":"abc"}}'),
    resp(0, '{"code":0,"message":"OPERATION_SUCCES","data":{"amount":663,"inUsing":0,"available":663}}'),
    resp(0, '{"code":0,"message":"OPERATION_SUCCES","data":[[{"prefix":"225","phone":"53798590","code":0,"status":"success","lot":"1"},{"prefix":"225","phone":"77895086","code":726,"status":"ERROR_PHONE_ALREADY_MY_CONTACT"}]]}'),
    resp(0, '{"code":0,"message":"OPERATION_SUCCES","data":[[{"prefix":"225","phone":"0705145655","amount":500,"code":0,"status":"success","transaction_id":"TR1","client_transaction_id":"order-1","treatment_status":"NEW","lot":"1"}]]}'),
    resp(0, '{"code":0,"data":[{"transaction_id":"TR1","client_transaction_id":"order-1","amount":"500","treatment_status":"VAL","sending_status":"CONFIRM"}]}'),
    resp(7, '{"code":"701","message":"INVALID_CREDENTIALS","description":"Identifiant de connexion incorrect","data":[]}'),
  ],
  momo_callback: [
    raw('{"financialTransactionId":"1","externalId":"e","amount":"100","currency":"EUR","payer":{"partyIdType":"MSISDN","partyId":"46733123450"},"status":"SUCCESSFUL"}'),
    raw('{"referenceId":"c0f0a6d3-4c1e-4b5e-9a3b-1f2e3d4c5b6a","status":"FAILED","reason":"PAYER_NOT_FOUND"}'),
  ],
  cinetpay_callback: [
    raw('transaction_id=TR1&client_transaction_id=order-1&lot=1&amount=500&receiver=%2B2250705145655&sending_status=CONFIRM&treatment_status=VAL&comment=&validated_at=2024-01-01+10%3A00%3A00'),
    raw('cpm_trans_id=1&treatment_status=REJ'),
  ],
  unipesa_input: [
    raw('{"amount":"1100","currency":"XOF","phone":"+225 07 05 14 56 55","providerId":14,"country":"CI","callbackUrl":"https://x/cb"}'),
    raw('{"amount":1500,"currency":"XOF","phone":"2250705145655","providerId":9197,"extra":{"otp":"5647"},"reference":"order-1"}'),
    raw('{"reference":"order-1","customerId":"2250705145655","extra":{"otp":"1"}}'),
    raw('{"amount":"1000","currency":"XOF","phone":"2250705145659","providerId":2306,"confirmation":{"otp":"1234"}}'),
  ],
  momo_input: [
    raw('{"amount":"100","currency":"EUR","phone":"+46 733 000 001","description":"Order 1"}'),
    raw('{"amount":"100","currency":"EUR","externalId":"inv-1","payer":{"partyIdType":"MSISDN","partyId":"46733123450"},"payerMessage":"Pay","payeeNote":"Thanks"}'),
    raw('{"money":{"amount":"12.5","currency":"EUR"},"customerReference":"+46070911111","serviceProviderUserName":"Electricity Inc."}'),
  ],
  cinetpay_input: [
    raw('{"amount":500,"phone":"+2250705145655","callbackUrl":"https://x/cb","name":"Awa","surname":"Kone","email":"awa@example.com"}'),
    raw('[{"prefix":"225","phone":"0705145655","name":"A","surname":"B","email":"a@b.co"}]'),
    raw('[{"prefix":"225","phone":"0705145655","amount":500,"notifyUrl":"https://x/cb","reference":"order-1"}]'),
    raw('{"transactionId":"TR1"}'),
  ],
  viralpay_response: [
    resp(0, '{"access_token":"tok","token_type":"bearer","expires_in":3600}'),
    resp(0, '{"request_id":1,"timestamp":1,"data":{"transaction_id":"T1","order_id":"order-1","status":"Success","amount":"500","currency":"XAF","phone_number":"237650000001","operator":"mtn","country":"cm"}}'),
    resp(0, '{"request_id":1,"timestamp":1,"data":[{"balance":"1000","currency":"XAF","country":"cm","operator":"mtn"}]}'),
    resp(0, '{"request_id":1,"timestamp":1,"data":{"size":2,"count":1,"transactions":[{"transaction_id":"T1","order_id":"o1","status":"Success"}]}}'),
    resp(6, '{"request_id":1,"timestamp":1,"error":"insufficient_balance","message":"no"}'),
  ],
  viralpay_callback: [
    raw('{"request_id":1,"timestamp":1,"data":{"transaction_id":"T1","order_id":"order-1","status":"Success","amount":"500","currency":"XAF"}}'),
    raw('{"transaction_id":"T1","order_id":"order-1","status":"Failed"}'),
  ],
  viralpay_input: [
    raw('{"amount":"500","currency":"XAF","phone":"237650000001","country":"cm","operator":"mtn","reference":"vp-1","callbackUrl":"https://x/cb"}'),
    raw('{"amount":1000,"currency":"XOF","accountNumber":"SN0123","accountBank":"BANK","country":"sn","narration":"n"}'),
    raw('{"size":10,"dateBegin":"2024-01-01","dateEnd":"2024-02-01"}'),
    raw('{"transactionId":"T1","reference":"vp-1"}'),
  ],
  alianspay_response: [
    resp(0, '{"status":"PENDING","message":"en cours","transactionId":"8b1e","externalTransactionId":"MP1","transaction":"COLLECTION","moyenPayment":"WAVE","amount":1500,"currency":"XOF","reference":"221770000000","paymentUrl":"https://pay.example/checkout/8b1e"}'),
    resp(0, '{"status":"NOT_ENOUGH_FUNDS","transactionId":"x"}'),
    resp(6, '{"status":"ERROR","code":"INVALID_OTP","message":"Invalid OTP"}'),
    resp(10, '{"status":"ERROR","code":"DUPLICATE_EXTERNAL_TRANSACTION_ID","message":"used"}'),
    resp(0, '{"balances":[{"currency":"XOF","available":1000},{"currency":"XAF","balance":"5"}]}'),
  ],
  alianspay_callback: [
    raw('{"status":"SUCCESSFUL","code":"200","message":"ok","externalTransactionId":"MP1","description":"d","transaction":"COLLECTION","partner":"p","amount":1500,"guid":"fuzz-guid-0000"}'),
  ],
  alianspay_input: [
    raw('{"moyenPayment":"OM","amount":1500,"currency":"XAF","phone":"237696985698","reference":"MP1","callbackUrl":"https://merchant.example/cb","description":"d"}'),
    raw('{"moyenPayment":"WAVE","amount":2000,"currency":"XOF","phone":"221770000000"}'),
  ],
  amount: ['0', '1100', '1100.5', '0.01', '1e3', '18446744073709551615', ' 12.30 ', '-1'].map((s) => Buffer.from(s)),
  phone: ['+225 07 05 14 56 55', '00225-0705145655', '+46733000001', '0-0', '+00', '(+1) 555'].map((s) => Buffer.from(s)),
  retry_after: ['1', '120', 'Sun, 06 Nov 1994 08:49:37 GMT', 'Wed, 21 Oct 2015 07:28:00 GMT'].map((s) => Buffer.from(s)),
};

// Unipesa: a correctly signed callback (merchant-1, key fuzz-secret as in the target), signed by the sandbox's
// own implementation of seed 003. Sent raw (mode 0), so the signature must be right as written.
const unsigned = { merchant_id: 'merchant-1', order_id: 'order-1', transaction_id: '12345', status: 2, result: { code: 0, message: 'OK' } };
const sig = signUnipesa(unsigned, 'fuzz-secret');
seeds.unipesa_callback = [raw(JSON.stringify({ ...unsigned, signature: sig })), raw(JSON.stringify(unsigned))];
seeds.unipesa_verify = seeds.unipesa_callback;

for (const [target, list] of Object.entries(seeds)) list.forEach((b, i) => put(target, `seed-${i}`, b));
console.log(Object.entries(seeds).map(([t, l]) => `${t}: ${l.length}`).join(', '));
