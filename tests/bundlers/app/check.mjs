// What every bundled app (tests/bundlers/) does with the package, the same in a page, a Next.js edge route, a
// Worker, Deno and Node: it is handed the bindings the app imported (through ITS bundler or runtime) and the
// sandbox's URL and credentials, and returns plain JSON for the node:test file to check (support.mjs,
// checkResult). Runtime-neutral on purpose: no node:*, no DOM, no import of its own.

/** An error as plain JSON, with its identity against the PayrailError of each entry the app imported. */
function describe(e, api) {
  return {
    name: e?.name,
    code: e?.code,
    field: e?.field,
    message: String(e?.message ?? e),
    isPayrailError: typeof api.PayrailError === 'function' && e instanceof api.PayrailError,
    isCryptoPayrailError: typeof api.CryptoPayrailError === 'function' && e instanceof api.CryptoPayrailError,
    isError: e instanceof Error,
  };
}

/**
 * @param {{ Client: Function, PayrailError: Function, init?: Function, signUnipesa: Function,
 *           CryptoPayrailError: Function, initCrypto?: Function, conditions?: string[] }} api
 * @param {{ client: object, collect: object, vector: { payload_json: string, secret_key: string } }} input
 */
export async function check(api, input) {
  const out = { conditions: api.conditions ?? null, init: typeof api.init, initCrypto: typeof api.initCrypto };
  const sign = () => api.signUnipesa(input.vector.payload_json, input.vector.secret_key);

  // 1. A synchronous helper before any init: it works (the wasm came with the import) or throws a PayrailError
  //    saying to `await init()` first; nothing else.
  try {
    out.beforeInit = { ok: true, signature: sign() };
  } catch (e) {
    out.beforeInit = { ok: false, ...describe(e, api) };
  }

  // 2. A real collect on the sandbox (127.0.0.1) through this runtime's fetch: it loads the wasm itself.
  try {
    const client = new api.Client({ ...input.client, timeoutMs: 5000 });
    const tx = await client.collect(input.collect);
    out.collect = { provider: tx.provider, status: tx.status, reference: tx.reference, amount: tx.amount, currency: tx.currency };

    // 3. init(): a promise, idempotent; then the helper on the provider's own vector.
    if (typeof api.init === 'function') {
      const [a, b] = [api.init(), api.init()];
      out.initThenable = typeof a?.then === 'function' && typeof b?.then === 'function';
      await Promise.all([a, b, typeof api.initCrypto === 'function' ? api.initCrypto() : null]);
    }
    out.signature = sign();

    // 4. Bad input: a typed error naming the field, before anything is sent.
    try {
      await client.collect({ ...input.collect, amount: '-5' });
      out.validation = { thrown: false };
    } catch (e) {
      out.validation = { thrown: true, ...describe(e, api) };
    }
  } catch (e) {
    out.fatal = { ...describe(e, api), stack: String(e?.stack ?? '') };
  }
  return out;
}
