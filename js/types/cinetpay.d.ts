// CinetPay Transfer (payout) API v1 (docs/providers/cinetpay.md).
import type { Balance, Callback, CallOptions, CallbackOptions, ClientOptions, Transaction } from '../index.js';
import type {
  CinetPayContact,
  CinetPayContactResult,
  CinetPayOptions as CinetPayCoreOptions,
  CinetPayPayoutRequest,
  CinetPayStatusQuery,
  CinetPayStatusRequest,
  CinetPayTransfer,
} from './generated';

// Inputs and results are declared from the Rust types (generated.d.ts, written by the build).
export type {
  CinetPayContact,
  CinetPayContactResult,
  CinetPayPayoutRequest,
  CinetPayStatusQuery,
  CinetPayStatusRequest,
  CinetPayTransfer,
};

/** The options of `new CinetPay(...)`: the core's (generated) and the JS-only `fetch` and `tokenStore`. */
export interface CinetPayOptions extends CinetPayCoreOptions, Pick<ClientOptions, 'fetch' | 'tokenStore' | 'hooks'> {}

/** A notification body: form text, bytes, URLSearchParams, or an object a framework already parsed. */
export type CinetPayNotification = string | Uint8Array | ArrayBuffer | URLSearchParams | Record<string, unknown>;

export class CinetPay {
  constructor(options: CinetPayOptions);
  /** Not in CinetPay's transfer API: rejects with an UnsupportedError. */
  collect(request?: unknown): Promise<never>;
  payout(request: CinetPayPayoutRequest, options?: CallOptions): Promise<Transaction>;
  status(reference: CinetPayStatusRequest, options?: CallOptions): Promise<Transaction>;
  /**
   * One Balance per country (`raw.country` its ISO code, `currency` that country's) when CinetPay answers
   * `countryBalance`; else one, of the whole account, in the client's `currency`.
   */
  balance(options?: CallOptions): Promise<Balance[]>;
  addContacts(contacts: CinetPayContact[]): Promise<CinetPayContactResult[]>;
  sendMoney(transfers: CinetPayTransfer[]): Promise<Transaction[]>;
  /** Unsigned: `verified` is false. An empty body (the liveness GET) rejects with a ValidationError. */
  parseCallback(body: CinetPayNotification, headers?: object, options?: CallbackOptions): Promise<Callback>;
  /** What check/money says about the notified transfer. */
  confirmCallback(body: CinetPayNotification, headers?: object, options?: CallbackOptions, callOptions?: CallOptions): Promise<Transaction>;
  /** true for CinetPay's liveness GET (or an empty body): answer it HTTP 200. */
  isLivenessPing(method: string, body?: CinetPayNotification): boolean;
  toJSON(): { provider: 'cinetpay' };
}
