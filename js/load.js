// How an entry's runtime file (node.js, workerd.js, browser.js, ...) hands its WebAssembly module to the glue.
// Bundled into each entry's api.js and exported under a name no public API has (`__payrail_load`): the runtime
// files re-export the public names only (scripts/bundle-entries.mjs lists them).
import initAsync, { initSync } from './payrail_glue.js';
import { loaded, setLoader } from './ready.js';

export const __payrail_load = {
  /** Instantiates `module` (a WebAssembly.Module, or its bytes) now: Node, Bun, workerd, Next's edge runtime. */
  sync(module) {
    initSync({ module });
    loaded();
  },
  /**
   * Instantiates the module on `init()` or the first call: `source()` gives a URL to fetch, a Response, the bytes
   * or a compiled module (browsers, bundlers, inlined bytes).
   */
  lazy(source) {
    setLoader(async () => {
      await initAsync({ module_or_path: await source() });
    });
  },
};
