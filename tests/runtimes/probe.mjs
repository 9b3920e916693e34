// The payment smoke run, the same in every runtime: it is handed the `payrail` module as THAT runtime resolved it
// (Node ESM/CJS, Deno, Bun, workerd, Chromium) and the sandbox's URL and credentials, and returns plain JSON for
// the node:test file to check. Runtime-neutral on purpose: no node:*, no Deno.*, no DOM, no import of its own.

/**
 * @param {object} payrail  the package's exports, as the runtime loaded them
 * @param {{ unipesa: { baseUrl: string, publicId: string, merchantId: string, secretKey: string },
 *           otpVector: { guid: string, unix_time: number },
 *           signatureVector: { payload_json: string, secret_key: string } }} input
 */
export async function probe(payrail, input) {
  const out = { exports: Object.keys(payrail).sort() };

  // 1. A real payment call through the runtime's own global fetch to the sandbox on 127.0.0.1.
  const unipesa = new payrail.Unipesa({ ...input.unipesa, timeoutMs: 5000 });
  const tx = await unipesa.collect({ amount: '100', currency: 'KES', phone: '254700000000', providerId: 14 });
  out.collect = { provider: tx.provider, status: tx.status, reference: tx.reference, amount: tx.amount, currency: tx.currency };

  // 2. The pure helpers against one vector each (values computed outside payrail: otplib, the provider's PHP).
  out.otp = payrail.aliansPayOtp(input.otpVector.guid, input.otpVector.unix_time);
  out.signature = payrail.signUnipesa(input.signatureVector.payload_json, input.signatureVector.secret_key);

  // 3. A typed error crosses the wasm boundary as this runtime's Error subclass, before anything is sent.
  try {
    await unipesa.collect({ amount: '-5', currency: 'KES', phone: '254700000000', providerId: 14 });
    out.validation = { thrown: false };
  } catch (e) {
    out.validation = {
      thrown: true,
      name: e?.name,
      code: e?.code,
      field: e?.field,
      isPayrailError: e instanceof payrail.PayrailError,
      isValidationError: e instanceof payrail.ValidationError,
      isError: e instanceof Error,
      text: `${e?.message} ${JSON.stringify(e)}`,
    };
  }

  // 4. MTN MoMo (issue 6: the worker collects with Unipesa AND MoMo): a token fetch (Basic auth) then a
  //    requesttopay with a fresh X-Reference-Id, through the same runtime's fetch.
  const momo = new payrail.MtnMomo({ ...input.momo, timeoutMs: 5000 });
  const m = await momo.collect({ amount: '100', currency: 'EUR', phone: '46733000001', description: 'runtime smoke' });
  out.momo = { provider: m.provider, status: m.status, reference: m.reference };

  return out;
}
