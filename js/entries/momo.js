// payrail/momo: the MtnMomo client alone, with its own WebAssembly module (cargo feature `momo`).
export * from '../common.js';
export { MtnMomo } from '../providers/momo.js';
