// Cloudflare Workers (workerd): the bundler hands over the compiled module; no fetch, no eval at start-up.
import wasmModule from './payrail_bg.wasm';
import { initSync } from './payrail_glue.js';

initSync({ module: wasmModule });

export * from './api.js';
