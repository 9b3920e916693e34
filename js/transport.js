// The fetch transport's JS half: one HTTP exchange, whole, on the JS side of the boundary. The wasm core
// (src/wasm/fetch.rs) calls `exchange` once per attempt and reads its answer with three getters, instead of
// crossing the boundary for every header, every RequestInit field, the time-out's controller and closure, and
// the body's promise (bench/README.md, collect row: that glue was most of what the SDK added to a plain fetch).
// Runtime-neutral: only the globals every target has (AbortController, setTimeout, Response), never `window`.

/**
 * Sends one request with `fetch` (the caller's or the global one, called with the global object as `this`)
 * and reads the whole answer. `headers`: names and values joined by NUL (`k\0v\0k\0v`; the core refuses NUL
 * inside a name or value, which fetch refuses anyway). `body`: a string, or undefined.
 *
 * Resolves to `{ status, headers, body }`: the response headers joined the same way, the body as bytes (an
 * answer need not be UTF-8). Rejects with `{ timedOut, message }`: `timedOut` when the time limit aborted the
 * exchange, else `message` is the error's message plus Node's `cause.code` (`ECONNRESET`...), never the URL
 * or the body (a URL may carry a token in its query).
 *
 * The limit covers the whole exchange, body included: the abort reaches the body, so a slow answer frees its
 * socket. The timer is always cleared, so no runtime is kept alive by an answered request.
 */
export async function exchange(fetch, method, url, headers, body, timeoutMs) {
  let controller;
  let timer;
  try {
    controller = new AbortController();
    timer = setTimeout(() => controller.abort(), timeoutMs);
    const init = { method, headers: headerObject(headers), body, signal: controller.signal };
    const res = await fetch.call(globalThis, url, init);
    // Only a real Response is read (an injected fetch may answer anything); anything else is a network error.
    if (!(res instanceof Response)) throw new TypeError('fetch did not answer with a Response');
    let names = '';
    for (const [k, v] of res.headers) names += names === '' ? `${k}\0${v}` : `\0${k}\0${v}`;
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, headers: names, body: bytes };
  } catch (e) {
    throw { timedOut: controller?.signal.aborted === true, message: describe(e, url) };
  } finally {
    clearTimeout(timer);
  }
}

/** The request's headers as an object: a repeated name keeps its last value, as `headers[name] = value` did. */
function headerObject(joined) {
  const h = {};
  if (joined === '') return h;
  const p = joined.split('\0');
  for (let i = 0; i + 1 < p.length; i += 2) h[p[i]] = p[i + 1];
  return h;
}

/**
 * The message of a thrown value plus Node's `cause.code`; `fetch failed` when it has no string message. A
 * runtime that names the URL in its message (Deno does) has it replaced: a URL may carry a token.
 */
function describe(e, url) {
  let message = 'fetch failed';
  let code;
  try {
    if (typeof e?.message === 'string') message = e.message;
    if (typeof e?.cause?.code === 'string') code = e.cause.code;
  } catch {
    // a getter that throws: the default message
  }
  if (url !== '' && message.includes(url)) message = message.split(url).join('<url>');
  return code === undefined ? message : `${message} (${code})`;
}
