// Browsers: the wasm module is fetched from next to this file.
//
// The browser build is for sandbox demos (the local sandbox, a provider's sandbox host): a credential in a page is
// readable by whoever opens it. Each client class here is the API's, plus one check at construction: a client
// given a credential for a production host, on a page not served from this machine, makes the page warn once in
// the console (the credential itself is never printed).
import init from './payrail_glue.js';
import * as api from './api.js';

await init({ module_or_path: new URL('./payrail_bg.wasm', import.meta.url) });

export * from './api.js';

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

let warned = false;

function warnOnce(name, options) {
  if (warned) return;
  const page = globalThis.location?.hostname;
  if (typeof page !== 'string' || isLocalHost(page) || !productionCredential(name, options)) return;
  warned = true;
  console.warn(
    `payrail: ${name} was given a production credential on a page served from ${page}: anyone who opens the page ` +
      'can read it. The browser build is for sandbox demos; call the providers from your server.',
  );
}

/** Unipesa (see index.d.ts); warns once when given a production secret on a page not served from this machine. */
export class Unipesa extends api.Unipesa {
  constructor(options) {
    super(options);
    warnOnce('Unipesa', options);
  }
}

/** MtnMomo (see index.d.ts); warns once when given a production secret on a page not served from this machine. */
export class MtnMomo extends api.MtnMomo {
  constructor(options) {
    super(options);
    warnOnce('MtnMomo', options);
  }
}

/** CinetPay (see index.d.ts); warns once when given a production secret on a page not served from this machine. */
export class CinetPay extends api.CinetPay {
  constructor(options) {
    super(options);
    warnOnce('CinetPay', options);
  }
}

/** ViralPay (see index.d.ts); warns once when given a production secret on a page not served from this machine. */
export class ViralPay extends api.ViralPay {
  constructor(options) {
    super(options);
    warnOnce('ViralPay', options);
  }
}

/** AliansPay (see index.d.ts); warns once when given a production secret on a page not served from this machine. */
export class AliansPay extends api.AliansPay {
  constructor(options) {
    super(options);
    warnOnce('AliansPay', options);
  }
}
