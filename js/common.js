// What every entry exports besides its client classes: the error classes (one shared errors.js for every entry,
// so an error from any entry is `instanceof` the classes of any other), the token stores, the webhook handlers
// and `init`.
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
} from './errors.js';
export { memoryTokenStore, workersKvTokenStore, redisTokenStore } from './token-stores.js';
export { webhookHandler, nodeWebhookHandler } from './webhooks.js';
export { init } from './ready.js';
export { __payrail_load } from './load.js';
