// payrail/unipesa: the Unipesa client alone, with its own WebAssembly module (cargo feature `unipesa`).
export * from '../common.js';
export { Unipesa } from '../providers/unipesa.js';
