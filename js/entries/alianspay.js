// payrail/alianspay: the AliansPay client alone, with its own WebAssembly module (cargo feature `alianspay`).
export * from '../common.js';
export { AliansPay } from '../providers/alianspay.js';
