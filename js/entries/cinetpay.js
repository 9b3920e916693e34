// payrail/cinetpay: the CinetPay client alone, with its own WebAssembly module (cargo feature `cinetpay`).
export * from '../common.js';
export { CinetPay } from '../providers/cinetpay.js';
