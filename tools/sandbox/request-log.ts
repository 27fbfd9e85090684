export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  status: number;
  /** The injected fault kind that shaped this response, if any. */
  fault?: string;
  /** The `status` attribute of a POST /orders request. */
  action?: string;
  /** True when Kaspi accepted the action (even if an injected fault then lost the reply). */
  applied?: boolean;
  orderCode?: string;
  userAgent?: string;
  accept?: string;
  contentType?: string;
  /** Whether the right token was sent; the token itself is never logged. */
  authOk: boolean;
  /** Whether any X-Auth-Token header was sent at all (e.g. to a foreign waybill host it must not be). */
  tokenSent: boolean;
  /** The X-Merchant-Uid header, when sent (not a secret: it names the shop). */
  merchantUid?: string;
  /** The Host the request was sent to. */
  host?: string;
}

export type CountedAction = 'ACCEPTED_BY_MERCHANT' | 'ASSEMBLE' | 'CANCELLED' | 'COMPLETED';

/** API requests in arrival order. Headers are not kept, so the log never holds the token. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  all(): LoggedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }

  actionCount(code: string, action: CountedAction): number {
    return this.entries.filter((entry) => entry.orderCode === code && entry.action === action && entry.applied).length;
  }
}
