import { seededRandom } from './prng.js';

export type FaultRoute = 'list-orders' | 'get-order' | 'entries' | 'entry-resources' | 'post-order' | 'waybill' | 'any';

export interface FaultSpec {
  /** Which API route the fault applies to; `entries` is GET /orders/{id}/entries, `entry-resources` the
   * /orderentries, /masterproducts and /pointofservices lookups. Default `any`. */
  route?: FaultRoute;
  method?: string;
  /** `page-count` overstates `meta.pageCount` of a list (a server that lies about further pages). */
  kind: 'status' | 'latency' | 'reset' | 'truncated' | 'non-json' | 'html' | 'malformed-json' | 'schema' | 'page-count';
  /** For `status`; default 500. */
  status?: number;
  retryAfterSeconds?: number;
  /** For `page-count`; default 1000. */
  pageCount?: number;
  /** For `latency`; the request is then served normally. */
  latencyMs?: number;
  /** Applies to the next N matching requests; unlimited when omitted. */
  times?: number;
  /** Chance (0..1) that a matching request is hit, from a seeded generator; default 1. */
  probability?: number;
  orderCode?: string;
  /** Only list calls for this `filter[orders][state]` (e.g. ARCHIVE: the status-tracking lists, not intake's). */
  listState?: string;
  /** Perform the request (e.g. a status change) first, then fail the response: a lost reply. */
  applyThenFail?: boolean;
  /** Only POST /orders requests with this `status` attribute (e.g. ASSEMBLE, not the acceptance before it). */
  action?: string;
}

export interface FaultTarget {
  route: FaultRoute | 'unknown';
  method: string;
  orderCode?: string;
  listState?: string;
  action?: string;
}

interface ArmedFault {
  spec: FaultSpec;
  remaining: number;
}

/** Holds injected faults and decides, deterministically for a seed, which request each one hits. */
export class FaultBook {
  private armed: ArmedFault[] = [];
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  inject(spec: FaultSpec): void {
    if (spec.probability !== undefined && (spec.probability < 0 || spec.probability > 1)) {
      throw new Error('Fault probability must be between 0 and 1');
    }
    this.armed.push({ spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault to apply to this request, if any; consumes one of its `times`. */
  take(target: FaultTarget): FaultSpec | undefined {
    for (const fault of this.armed) {
      if (fault.remaining <= 0 || !matches(fault.spec, target)) continue;
      if (fault.spec.probability !== undefined && this.random() >= fault.spec.probability) continue;
      fault.remaining -= 1;
      return fault.spec;
    }
    return undefined;
  }
}

function matches(spec: FaultSpec, target: FaultTarget): boolean {
  if (spec.route && spec.route !== 'any' && spec.route !== target.route) return false;
  if (spec.method && spec.method.toUpperCase() !== target.method) return false;
  if (spec.listState !== undefined && spec.listState !== target.listState) return false;
  if (spec.action !== undefined && spec.action !== target.action) return false;
  return spec.orderCode === undefined || spec.orderCode === target.orderCode;
}
