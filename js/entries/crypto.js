// payrail/crypto: the pure helpers alone (Unipesa's signature, TOTP, AliansPay's OTP), with their own small
// WebAssembly module (cargo feature `crypto`). No client, no network.
export {
  PayrailError,
  ValidationError,
  AuthError,
  ProviderError,
  NetworkError,
  TimeoutError,
  RateLimitError,
  SignatureError,
  ParseError,
  UnsupportedError,
} from '../errors.js';
export { init } from '../ready.js';
export { __payrail_load } from '../load.js';
export { signUnipesa, verifyUnipesaSignature, unipesaStringToSign, totp, aliansPayOtp } from '../crypto.js';
