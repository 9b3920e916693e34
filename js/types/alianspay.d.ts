// AliansPay (docs/providers/alianspay.md). The options and requests are generated from the Rust types
// (types/generated.d.ts): what the core refuses at run time does not compile.
import type { Balance, Callback, CallOptions, CallbackOptions, ClientOptions, Transaction } from '../index.js';
import type {
  AliansPayHeaderNameOptions,
  AliansPayMethod,
  AliansPayOptions as AliansPayCoreOptions,
  AliansPayPathOptions,
  AliansPayRequest,
  AliansPayStatusQuery,
  AliansPayStatusRequest,
} from './generated';

export type {
  AliansPayHeaderNameOptions,
  AliansPayMethod,
  AliansPayPathOptions,
  AliansPayRequest,
  AliansPayStatusQuery,
  AliansPayStatusRequest,
};

/** The options of `new AliansPay(...)`: the core's (generated) and the JS-only `fetch`. */
export interface AliansPayOptions extends AliansPayCoreOptions, Pick<ClientOptions, 'fetch' | 'hooks'> {}

export class AliansPay {
  constructor(options: AliansPayOptions);
  collect(request: AliansPayRequest, options?: CallOptions): Promise<Transaction>;
  payout(request: AliansPayRequest, options?: CallOptions): Promise<Transaction>;
  status(reference: AliansPayStatusRequest, options?: CallOptions): Promise<Transaction>;
  balance(options?: CallOptions): Promise<Balance[]>;
  /** Unsigned: `verified` is false. */
  parseCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object, options?: CallbackOptions): Promise<Callback>;
  /** Confirms the callback with a status query: `verified: true`, or a SignatureError on disagreement. */
  confirmCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object, options?: CallbackOptions, callOptions?: CallOptions): Promise<Callback>;
}
