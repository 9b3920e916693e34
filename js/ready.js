// Whether this entry's wasm module is loaded, and how to load it. Each entry (payrail, payrail/momo, ...) has its
// own wasm and its own copy of this state (the build bundles one per entry):
// - Node, Bun, workerd, Next's edge runtime and Deno load the module while the entry is imported (from disk, from
//   the Worker's module import, from the inlined bytes with a top-level await in Deno): `loaded()` is called
//   before any user code runs;
// - browsers and bundlers (browser.js, inline.js) load nothing at import: `init()` loads the module, and every
//   asynchronous call does it itself first. A failed load rejects that call (or `init()`), never the import, and
//   the next call tries again.
import { NetworkError, UnsupportedError } from './errors.js';

/** What loads the module, set by a lazy entry; resolves once the glue is instantiated. */
let loader = null;
/** undefined: not loaded; a Promise: loading; true: loaded. */
let state;

/** Said by an eager entry once its module is instantiated. */
export function loaded() {
  state = true;
}

/** Said by a lazy entry: how to load its module when `init()` or the first call asks. */
export function setLoader(load) {
  loader = load;
}

/** Whether the module is loaded (synchronous calls work). */
export function isReady() {
  return state === true;
}

/**
 * Loads the entry's WebAssembly module once; resolves when every call, synchronous ones included, can be made.
 * In Node, Bun, Deno, workerd and Next's edge runtime the module is loaded at import and this resolves at once;
 * in a browser the asynchronous calls load it themselves, so `await init()` is needed only before a synchronous
 * one (the client constructors check their options at once after it; `signUnipesa`, `totp`, ...).
 * @returns {Promise<void>}
 */
export function init() {
  if (state === true) return Promise.resolve();
  if (state === undefined) {
    if (loader === null) return Promise.reject(loadError('this entry has no loader'));
    state = Promise.resolve()
      .then(loader)
      .then(
        () => {
          state = true;
        },
        (e) => {
          state = undefined; // the next call tries again (a network blip is not forever)
          throw loadError(e?.message ?? String(e));
        },
      );
  }
  return state;
}

/** Throws unless the module is loaded: the synchronous calls of a lazy entry before `init()`. */
export function requireReady(what) {
  if (state === true) return;
  throw new UnsupportedError({
    code: 'not_initialized',
    category: 'unsupported',
    message: `payrail: ${what} needs the WebAssembly module, which is not loaded yet in this browser entry: \`await init()\` once first (the asynchronous calls load it themselves)`,
  });
}

function loadError(why) {
  return new NetworkError({
    code: 'wasm_load_failed',
    category: 'network',
    retryable: true,
    message: `payrail: the WebAssembly module could not be loaded (${why}); if your bundler does not copy it, import the \`/inline\` entry (README, "Bundlers and runtimes")`,
  });
}
