/**
 * What this worker process saw of Kaspi: requests by kind and status (kaspi_sync_kaspi_requests_total), and
 * since when Kaspi has given no usable answer, and when it last rejected the token — the facts of the
 * "Kaspi unreachable" and "token rejected" alerts. Fed by the Kaspi transport's observer; kept in memory,
 * because an outage is a fact about this process's connection to Kaspi, and the alert evaluation runs here too.
 */
import type { KaspiRequestObserver } from '../kaspi/http-transport.js';
import { LabelledCounter } from './exposition.js';

export interface KaspiReachability {
  /** Epoch ms of the first failed request since the last usable answer; absent while Kaspi answers. */
  unreachableSince?: number;
  lastProblem?: string;
  /** Epoch ms of the newest answer other than a 401 (the token works). */
  lastUsableAnswerAt?: number;
  /** Epoch ms of the newest 401. */
  tokenRejectedAt?: number;
}

export class KaspiRequestMonitor {
  readonly requests = new LabelledCounter('kaspi_sync_kaspi_requests_total', 'Requests this worker process sent to Kaspi, by operation and HTTP status (timeout / network-error when no answer came).');
  private state: KaspiReachability = {};

  constructor(private readonly now: () => number = Date.now) {}

  readonly observe: KaspiRequestObserver = (kind, status) => {
    this.requests.inc({ kind, status });
    const at = this.now();
    // A 5xx, a time-out or a dropped connection is Kaspi not answering; any other status is an answer.
    const unusable = status === 'timeout' || status === 'network-error' || /^5\d\d$/.test(status);
    if (unusable) {
      this.state = { ...this.state, unreachableSince: this.state.unreachableSince ?? at, lastProblem: `${kind}: ${status}` };
    } else if (status === '401') {
      this.state = { ...this.state, unreachableSince: undefined, tokenRejectedAt: at };
    } else {
      this.state = { ...this.state, unreachableSince: undefined, lastUsableAnswerAt: at };
    }
  };

  reachability(): KaspiReachability {
    return { ...this.state };
  }
}
