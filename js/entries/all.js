// payrail: every provider and every helper, in one WebAssembly module (the default cargo features).
export * from '../common.js';
export * from '../crypto.js';
export { Unipesa } from '../providers/unipesa.js';
export { MtnMomo } from '../providers/momo.js';
export { CinetPay } from '../providers/cinetpay.js';
export { ViralPay } from '../providers/viralpay.js';
export { AliansPay } from '../providers/alianspay.js';
