// payrail/viralpay: the ViralPay client alone, with its own WebAssembly module (cargo feature `viralpay`).
export * from '../common.js';
export { ViralPay } from '../providers/viralpay.js';
