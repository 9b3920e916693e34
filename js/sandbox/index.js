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
