// payrail/sandbox: a local server that speaks the Unipesa, MTN MoMo, CinetPay, ViralPAY and AliansPay
// APIs as documented, for offline tests and demos. See README.md beside this file.

export {
  startSandbox,
  loadProviderModules,
  PROVIDER_NAMES,
  FAULT_NAMES,
  RESPONSE_FAULTS,
  CALLBACK_FAULTS,
} from './server.js';

// Helpers for tests that talk to the sandbox with raw HTTP: sign Unipesa requests / check its callbacks,
// read JSON keeping the key order, compute the AliansPay OTP header.
export {
  signUnipesa,
  verifyUnipesaSignature,
  unipesaStringToSign,
  phpFloatString,
  UnipesaSignatureDepthError,
} from './lib/unipesa-signature.js';
export { parseOrderedJson, stringifyOrdered, entriesOf, toPlain, JsonNumber } from './lib/json-order.js';
export { hotp, totp, aliansPayOtp, verifyTotp } from './lib/totp.js';
export { DEFAULT_UNIPESA_CREDENTIALS, UNIPESA_STATUS } from './providers/unipesa.js';
