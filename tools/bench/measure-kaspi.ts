/**
 * Kaspi cost of a run, from the sandbox's request log: requests by kind and by step, and when Kaspi applied
 * the last ASSEMBLE. The log stamps a request when it arrives; the sandbox applies it after its configured latency.
 */
import type { LoggedRequest } from '../sandbox/index.js';

/** The steps of one order's life a request is counted to (`kaspiRequestsPerOrderByStep`). */
export type KaspiStep = 'listing' | 'reserve' | 'accept' | 'assemble' | 'waybill' | 'other';

export interface KaspiCost {
  total: number;
  byKind: Record<string, number>;
  /** Requests per step; see stepOf for how a request is put in a step. */
  byStep: Record<KaspiStep, number>;
  assembled: number;
  /** Epoch ms; null when nothing was assembled. */
  lastAssembledAt: number | null;
}

function kindOf(request: LoggedRequest): string {
  if (request.method === 'POST') return `POST ${request.action ?? '?'}`;
  if (/\/orders\/[^/]+\/entries$/.test(request.path)) return 'GET entries';
  if (/\/orders\/[^/]+$/.test(request.path)) return 'GET order';
  if (/\/orders$/.test(request.path)) return 'GET order list';
  if (request.path.includes('waybill')) return 'GET waybill';
  return `${request.method} other`;
}

/**
 * The step of a request, from its kind and where it falls in its order's own sequence of requests (the log is
 * in arrival order): list pages are `listing`; an order's requests up to its first ACCEPTED_BY_MERCHANT are
 * `reserve` (the order, its entries, its customer), the POST and any re-read right after a failed one
 * `accept`; after acceptance and up to the ASSEMBLE POST `assemble`; after it (order reads for a fresh link,
 * PDF downloads) `waybill`.
 */
function stepsOf(requests: LoggedRequest[]): KaspiStep[] {
  const phase = new Map<string, 'reserve' | 'accept' | 'assemble' | 'waybill'>();
  return requests.map((request) => {
    const kind = kindOf(request);
    if (kind === 'GET order list') return 'listing';
    const code = request.orderCode;
    if (code === undefined) return kind === 'GET waybill' ? 'waybill' : 'other';
    const current = phase.get(code) ?? 'reserve';
    if (kind === 'POST ACCEPTED_BY_MERCHANT') {
      // A refused or lost acceptance is followed by a re-read: still the accept step.
      phase.set(code, request.applied && request.status < 300 ? 'assemble' : 'accept');
      return 'accept';
    }
    if (kind === 'POST ASSEMBLE') {
      phase.set(code, 'waybill');
      return 'assemble';
    }
    if (current === 'accept') {
      // The re-read after a failed acceptance; what follows it is the assemble step.
      phase.set(code, 'assemble');
      return 'accept';
    }
    if (kind === 'GET waybill') return 'waybill';
    if (kind.startsWith('POST')) return 'other';
    return current;
  });
}

export function kaspiCost(requests: LoggedRequest[], latencyMs: number): KaspiCost {
  const byKind: Record<string, number> = {};
  const byStep: Record<KaspiStep, number> = { listing: 0, reserve: 0, accept: 0, assemble: 0, waybill: 0, other: 0 };
  let assembled = 0;
  let lastAssembledAt: number | null = null;
  const steps = stepsOf(requests);
  for (const [index, request] of requests.entries()) {
    const kind = kindOf(request);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    byStep[steps[index]] += 1;
    if (request.action === 'ASSEMBLE' && request.applied) {
      assembled += 1;
      lastAssembledAt = Math.max(lastAssembledAt ?? 0, request.at + latencyMs);
    }
  }
  return { total: requests.length, byKind, byStep, assembled, lastAssembledAt };
}
