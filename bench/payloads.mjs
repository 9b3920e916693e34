// The payloads the bench rows and their diagnostics (pieces.mjs) share.

/** A 128-hex-digit secret key, the shape of the example in docs/providers/unipesa.md#signature. */
export const SECRET = '683b7b20a655be9a3a41f4feb570764becd6250529c69595422017164e82c4ad9cec033ba6b27ad16f6d20975c964ab760a5fde997c50ef0f8ef7c900ab7fee8';
/** A realistic signed Unipesa body (payment_c2b's fields, docs/providers/unipesa.md) with a nested `extra`. */
export const SIGN_PAYLOAD = {
  merchant_id: '3944a19fedc9f652cf4ce870f2148fc62e65a802',
  customer_id: '2250705145655',
  order_id: '6f1c1c2e-5d7b-4f7e-9a0c-2b3d4e5f6a7b',
  amount: '1500.00',
  currency: 'XOF',
  country: 'CI',
  callback_url: 'https://shop.example.com/payments/unipesa/callback?order=6f1c1c2e',
  provider_id: 9197,
  extra: {
    otp: '5647',
    customer_name: 'Awa Kone',
    invoice: { number: 'INV-2026-00042', lines: [{ sku: 'TSHIRT-M', qty: 2, price: '500.00' }, { sku: 'CAP', qty: 1, price: '500.00' }] },
  },
};
/**
 * A Unipesa callback as it reaches the merchant's server (docs/providers/unipesa.md#callbacks: these fields in this
 * order, `amount` and `provider_id` as JSON numbers, a nested `result`), unsigned: the rows sign it with the
 * node:crypto peer, an implementation independent of payrail's.
 */
export const CALLBACK_FIELDS = {
  merchant_id: SIGN_PAYLOAD.merchant_id, operation_type: 17, customer_id: '2250705145655', amount: 1500,
  order_id: '6f1c1c2e-5d7b-4f7e-9a0c-2b3d4e5f6a7b', transaction_id: '4417', transaction_ref: 'MP251129.1532.A12345',
  status: 2, provider_id: 9197, destination_id: '2250705145655', result: { code: 0, message: 'OK' },
};
