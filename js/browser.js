// Browsers: the wasm module is fetched from next to this file.
import init from './payrail_glue.js';

await init({ module_or_path: new URL('./payrail_bg.wasm', import.meta.url) });

export * from './api.js';
