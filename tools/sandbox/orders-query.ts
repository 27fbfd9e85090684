import { DAY_MS } from '../../kaspi/almaty-time.js';
import type { SandboxOrder } from './model.js';

export const MAX_PAGE_SIZE = 100;
const MAX_WINDOW_MS = 14 * DAY_MS;

export interface OrdersQuery {
  pageNumber: number;
  pageSize: number;
  state: string | null;
  status: string | null;
  createdFrom: number;
  createdTo: number;
  includeUser: boolean;
  includeEntries: boolean;
}

/** Validates GET /orders parameters the way the 2025 guide documents them; returns a 400 title on failure. */
export function parseOrdersQuery(
  params: URLSearchParams,
  now: number,
  requireState: boolean,
): { ok: true; query: OrdersQuery } | { ok: false; title: string } {
  const pageNumber = integer(params.get('page[number]'));
  const pageSize = integer(params.get('page[size]'));
  if (pageNumber === undefined || pageSize === undefined) {
    return { ok: false, title: 'Parameters page[number] and page[size] are required.' };
  }
  if (pageNumber < 0 || pageSize < 1) return { ok: false, title: 'Paging parameters must not be negative.' };
  if (pageSize > MAX_PAGE_SIZE) return { ok: false, title: `page[size] must not be greater than ${MAX_PAGE_SIZE}.` };

  const state = params.get('filter[orders][state]');
  if (state === null && requireState) return { ok: false, title: 'Parameter filter[orders][state] is required.' };

  const createdFrom = integer(params.get('filter[orders][creationDate][$ge]'));
  if (createdFrom === undefined) return { ok: false, title: 'Parameter filter[orders][creationDate][$ge] is required.' };
  const rawTo = params.get('filter[orders][creationDate][$le]');
  const createdTo = rawTo === null ? now : integer(rawTo);
  if (createdTo === undefined) return { ok: false, title: 'Parameter filter[orders][creationDate][$le] must be a number.' };
  if (createdTo - createdFrom > MAX_WINDOW_MS) return { ok: false, title: 'The creation date period must not exceed 14 days.' };

  return {
    ok: true,
    query: {
      pageNumber,
      pageSize,
      state,
      status: params.get('filter[orders][status]'),
      createdFrom,
      createdTo,
      includeUser: (params.get('include[orders]') ?? '').split(',').includes('user'),
      includeEntries: (params.get('include[orders]') ?? '').split(',').includes('entries'),
    },
  };
}

export function matchesQuery(order: SandboxOrder, query: OrdersQuery): boolean {
  return (
    (query.state === null || order.state === query.state) &&
    (query.status === null || order.status === query.status) &&
    order.creationDate >= query.createdFrom &&
    order.creationDate <= query.createdTo
  );
}

function integer(raw: string | null): number | undefined {
  if (raw === null || !/^-?\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}
