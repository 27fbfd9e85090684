/**
 * What a steady-state run's Kaspi requests were for, from the sandbox's request log (one entry per request,
 * so each page of a list is one request). The rule, which depends only on what Kaspi was asked, not on how
 * kaspi-sync is built, so that designs compare:
 *  - tracking: list calls for the ARCHIVE state, or for KASPI_DELIVERY filtered by a status other than
 *    ACCEPTED_BY_MERCHANT (CANCELLING, the return statuses), and reads of one order — GET /orders/{id} or a
 *    lookup by code — of an order that is not among the run's NEW orders (the shop's orders: nothing but
 *    their status is worth reading again);
 *  - waybill: ASSEMBLE, waybill PDF downloads, and reads of a new order after its ASSEMBLE (looking for the link);
 *  - intake: list calls for NEW orders or for orders accepted outside kaspi-sync (a status filter of
 *    APPROVED_BY_BANK or ACCEPTED_BY_MERCHANT), and every other request about a new order (read, entries,
 *    product lookups, acceptance);
 *  - other: anything else (e.g. a list call without a status filter, or an action on a shop order), each
 *    visible by kind in `byKind`.
 */
import type { LoggedRequest } from '../sandbox/index.js';

export type Purpose = 'tracking' | 'intake' | 'waybill' | 'other';

export interface RequestBreakdown {
  total: number;
  byPurpose: Record<Purpose, number>;
  /** e.g. "tracking: GET /orders ARCHIVE", "intake: POST ACCEPTED_BY_MERCHANT". */
  byKind: Record<string, number>;
}

const STATUS_TRACKING_STATE = 'KASPI_DELIVERY';
const INTAKE_STATUSES = new Set(['APPROVED_BY_BANK', 'ACCEPTED_BY_MERCHANT']);

export function classifyRequests(requests: LoggedRequest[], newOrderCodes: ReadonlySet<string>): RequestBreakdown {
  // Arrival of each new order's applied ASSEMBLE: reads after it belong to the waybill.
  const assembledAt = new Map<string, number>();
  for (const r of requests) {
    if (r.action === 'ASSEMBLE' && r.applied && r.orderCode && !assembledAt.has(r.orderCode)) assembledAt.set(r.orderCode, r.at);
  }
  const byPurpose: Record<Purpose, number> = { tracking: 0, intake: 0, waybill: 0, other: 0 };
  const byKind: Record<string, number> = {};
  for (const request of requests) {
    const [purpose, kind] = classify(request, newOrderCodes, assembledAt);
    byPurpose[purpose] += 1;
    const key = `${purpose}: ${kind}`;
    byKind[key] = (byKind[key] ?? 0) + 1;
  }
  return { total: requests.length, byPurpose, byKind: Object.fromEntries(Object.entries(byKind).sort((a, b) => b[1] - a[1])) };
}

function classify(r: LoggedRequest, newOrders: ReadonlySet<string>, assembledAt: ReadonlyMap<string, number>): [Purpose, string] {
  const isNew = r.orderCode !== undefined && newOrders.has(r.orderCode);
  if (r.path.includes('/waybill/')) return ['waybill', 'GET waybill PDF'];
  if (r.method === 'POST') {
    const kind = `POST ${r.action ?? '?'}`;
    if (r.action === 'ASSEMBLE') return ['waybill', kind];
    return [isNew ? 'intake' : 'other', isNew ? kind : `${kind} (shop order)`];
  }
  if (/\/orders$/.test(r.path)) {
    const code = r.query['filter[orders][code]'];
    if (code !== undefined) return newOrders.has(code) ? ['intake', 'GET /orders by code'] : ['tracking', 'GET /orders by code'];
    const state = r.query['filter[orders][state]'];
    const status = r.query['filter[orders][status]'];
    const kind = `GET /orders ${state ?? '(any state)'}${status ? `/${status}` : ''}`;
    if (state === 'ARCHIVE') return ['tracking', kind];
    if (state === STATUS_TRACKING_STATE && status !== undefined && status !== 'ACCEPTED_BY_MERCHANT') return ['tracking', kind];
    if (state === 'NEW' || (status !== undefined && INTAKE_STATUSES.has(status))) return ['intake', kind];
    return ['other', kind];
  }
  if (/\/orders\/[^/]+$/.test(r.path)) {
    if (!isNew) return ['tracking', 'GET /orders/{id}'];
    const assembled = assembledAt.get(r.orderCode!);
    return assembled !== undefined && r.at > assembled ? ['waybill', 'GET /orders/{id}'] : ['intake', 'GET /orders/{id}'];
  }
  // Entries, product and point-of-service lookups: /<collection>/<id>/<sub>.
  const [collection, id, sub] = r.path.replace(/^.*\/v2\//, '').split('/');
  const kind = `GET /${collection}${id === undefined ? '' : '/{id}'}${sub === undefined ? '' : `/${sub}`}`;
  return isNew ? ['intake', kind] : ['other', kind];
}
