// Node (and Bun, Deno): the wasm module is read from disk next to this file.
import { readFileSync } from 'node:fs';
import { initSync } from './payrail_glue.js';

initSync({ module: readFileSync(new URL('./payrail_bg.wasm', import.meta.url)) });

export * from './api.js';
