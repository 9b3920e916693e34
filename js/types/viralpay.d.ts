// ViralPAY (docs/providers/viralpay.md).
import type { Balance, Callback, CallOptions, CallbackOptions, ClientOptions, Transaction } from '../index.js';
import type {
  ViralPayBankTransferRequest,
  ViralPayNotificationRequest,
  ViralPayOptions as ViralPayCoreOptions,
  ViralPayPaths,
  ViralPayPaymentRequest,
  ViralPayStatusQuery,
  ViralPayStatusRequest,
  ViralPayTransactionsQuery,
} from './generated';

// The inputs are declared from the Rust types (types/generated.d.ts, written by the build).
export type {
  ViralPayBankTransferRequest,
  ViralPayNotificationRequest,
  ViralPayPaths,
  ViralPayPaymentRequest,
  ViralPayStatusQuery,
  ViralPayStatusRequest,
  ViralPayTransactionsQuery,
};

/** The options of `new ViralPay(...)`: the core's (generated) and the JS-only `fetch` and `tokenStore`. */
export interface ViralPayOptions extends ViralPayCoreOptions, Pick<ClientOptions, 'fetch' | 'tokenStore' | 'hooks'> {}

export interface ViralPayAccount {
  businessName?: string;
  businessId?: string;
  quater?: string;
  phoneNumber?: string;
  raw: unknown;
}

export interface ViralPayTransactionList {
  transactions: Transaction[];
  raw: unknown;
}

export interface ViralPayNotificationResult {
  /** What the merchant's endpoint answered ("Error sent by merchant"). */
  status?: number;
  message?: string;
  requestIp?: string;
  raw: unknown;
}

export class ViralPay {
  constructor(options: ViralPayOptions);
  collect(request: ViralPayPaymentRequest, options?: CallOptions): Promise<Transaction>;
  payout(request: ViralPayPaymentRequest, options?: CallOptions): Promise<Transaction>;
  bankTransfer(request: ViralPayBankTransferRequest): Promise<Transaction>;
  status(reference: ViralPayStatusRequest, options?: CallOptions): Promise<Transaction>;
  balance(options?: CallOptions): Promise<Balance[]>;
  account(): Promise<ViralPayAccount>;
  transactions(query: ViralPayTransactionsQuery): Promise<ViralPayTransactionList>;
  notifications(request: ViralPayNotificationRequest): Promise<ViralPayNotificationResult>;
  /** Unsigned: `verified` is false; confirm with status(). */
  parseCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object, options?: CallbackOptions): Promise<Callback>;
  /** Confirms the notification with a status query: `verified: true`, or a SignatureError on disagreement. */
  confirmCallback(body: string | Uint8Array | ArrayBuffer | object, headers?: object, options?: CallbackOptions, callOptions?: CallOptions): Promise<Callback>;
}
