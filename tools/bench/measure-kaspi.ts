/**
 * Kaspi cost of a run, from the sandbox's request log: requests by kind, and when Kaspi applied the last
 * ASSEMBLE. The log stamps a request when it arrives; the sandbox applies it after its configured latency.
 */
import type { LoggedRequest } from '../sandbox/index.js';

export interface KaspiCost {
  total: number;
  byKind: Record<string, number>;
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

export function kaspiCost(requests: LoggedRequest[], latencyMs: number): KaspiCost {
  const byKind: Record<string, number> = {};
  let assembled = 0;
  let lastAssembledAt: number | null = null;
  for (const request of requests) {
    const kind = kindOf(request);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    if (request.action === 'ASSEMBLE' && request.applied) {
      assembled += 1;
      lastAssembledAt = Math.max(lastAssembledAt ?? 0, request.at + latencyMs);
    }
  }
  return { total: requests.length, byKind, assembled, lastAssembledAt };
}
