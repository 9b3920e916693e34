// Browsers: the check a browser entry adds to each client class.
//
// The browser build is for sandbox demos (the local sandbox, a provider's sandbox host): a credential in a page is
// readable by whoever opens it. A client given a credential for a production host, on a page not served from this
// machine, makes the page warn once in the console (the credential itself is never printed).

/** The options that hold a credential, in any of the five clients (only whether one is set is read). */
const CREDENTIALS = ['secretKey', 'apiKey', 'password', 'clientSecret', 'subscriptionKey', 'subscriptionKeys', 'guid'];
/**
 * Providers' published sandbox hosts (docs/providers/momo.md, docs/providers/viralpay.md): a credential for one
 * of them is a test credential.
 */
const SANDBOX_HOSTS = new Set(['sandbox.momodeveloper.mtn.com', 'api-sandbox.viralpay.cm']);

/** This machine: localhost, *.localhost, 127.0.0.0/8, ::1, or no host at all (a file:// page). */
function isLocalHost(hostname) {
  const host = String(hostname).toLowerCase().replace(/^\[|\]$/g, '');
  return host === '' || host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether `options` give a credential for a production host (the provider's default host when no baseUrl). */
function productionCredential(name, options) {
  if (options === null || typeof options !== 'object') return false;
  if (!CREDENTIALS.some((k) => options[k] !== undefined && options[k] !== null && options[k] !== '')) return false;
  if (typeof options.baseUrl === 'string') {
    let host;
    try {
      host = new URL(options.baseUrl).hostname;
    } catch {
      return false; // the constructor refuses it
    }
    return !isLocalHost(host) && !SANDBOX_HOSTS.has(host.toLowerCase());
  }
  // The default hosts: MoMo's follows targetEnvironment; ViralPAY's is its published sandbox; the others' are live.
  if (name === 'MtnMomo') return options.targetEnvironment !== 'sandbox';
  return name !== 'ViralPay';
}

/**
 * Once per page, whichever entries (payrail, payrail/momo, ...) or copies of them the page loaded: the flag is on
 * the global object, under a registered symbol.
 */
const WARNED = Symbol.for('payrail.browser.warned');

function warnOnce(name, options) {
  if (globalThis[WARNED]) return;
  const page = globalThis.location?.hostname;
  if (typeof page !== 'string' || isLocalHost(page) || !productionCredential(name, options)) return;
  globalThis[WARNED] = true;
  console.warn(
    `payrail: ${name} was given a production credential on a page served from ${page}: anyone who opens the page ` +
      'can read it. The browser build is for sandbox demos; call the providers from your server.',
  );
}

/**
 * `Base` (a client class of the API) with the check at construction; same name, same prototype chain (an
 * instance is `instanceof Base`).
 */
export function guard(Base, name) {
  const Guarded = class extends Base {
    constructor(options) {
      super(options);
      warnOnce(name, options);
    }
  };
  Object.defineProperty(Guarded, 'name', { value: name });
  return Guarded;
}
