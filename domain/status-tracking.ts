/**
 * How a sync run finds out what happened to orders kaspi-sync already handled, at a cost proportional to what
 * changed rather than to the shop's history (docs/status-tracking.md explains the design and its figures).
 *
 * Two sources, both bounded:
 *   1. Filtered lists over the tracking window: Kaspi lists only the orders in a cancellation or return
 *      status, so a run reads a few pages however many orders were delivered. Every accepted order created in
 *      the window is covered by them and is never read on its own.
 *   2. Direct reads of single orders, for what no list shows: HELD and RESERVED orders (accepted by hand, or
 *      accepted by kaspi-sync with the record lost, they sit in states the lists do not cover), the delivery of
 *      an accepted order (COMPLETED is no list's business: it is most of the shop's history), and orders created
 *      before the window that are still followed. Each has a next-read time with backoff, and a run reads at most
 *      `statusReadsPerRun` of them, oldest due first.
 * Safe to import from workflow code (no Node built-ins).
 */
import { SyncState } from './order-lifecycle.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface TrackingList {
  state: 'ARCHIVE' | 'KASPI_DELIVERY';
  status: 'CANCELLED' | 'RETURNED' | 'CANCELLING' | 'KASPI_DELIVERY_RETURN_REQUESTED' | 'RETURN_ACCEPTED_BY_MERCHANT';
  /**
   * False for a filter Kaspi may no longer accept: the 2026 guide dropped RETURN_ACCEPTED_BY_MERCHANT from its
   * status list, so a 400 for it is noted and the other lists still count (the status is still tolerated in data).
   */
  required: boolean;
}

/** The lists where an order kaspi-sync accepted shows up once it is cancelled or being returned. */
export const TRACKING_LISTS: readonly TrackingList[] = [
  { state: 'ARCHIVE', status: 'CANCELLED', required: true },
  { state: 'ARCHIVE', status: 'RETURNED', required: true },
  { state: 'KASPI_DELIVERY', status: 'CANCELLING', required: true },
  { state: 'KASPI_DELIVERY', status: 'KASPI_DELIVERY_RETURN_REQUESTED', required: true },
  { state: 'KASPI_DELIVERY', status: 'RETURN_ACCEPTED_BY_MERCHANT', required: false },
];

export function trackingListName(list: TrackingList): string {
  return `${list.state}/${list.status}`;
}

/** Start of the window the lists cover (by Kaspi creation date, the only date Kaspi filters on). */
export function trackingWindowStart(now: number, trackingDays: number): number {
  return now - trackingDays * DAY_MS;
}

/** Whether a status is worth applying is the lifecycle's decision (domain/status-decisions.ts). */
export { isStatusNews } from './status-decisions.js';

/**
 * When an order that is read on its own is read next, after a read that changed nothing (or failed).
 * HELD and RESERVED orders matter most while Kaspi's acceptance clock runs (hours), so they are read often
 * at first and then less; orders past the list window change rarely (a late return) and are read seldom.
 */
export function nextStatusReadAt(syncState: string, kaspiCreatedAt: number | null, now: number): number {
  const age = kaspiCreatedAt === null ? Number.POSITIVE_INFINITY : now - kaspiCreatedAt;
  switch (syncState) {
    case SyncState.HELD:
    case SyncState.RESERVED:
      if (age < 6 * HOUR_MS) return now + 5 * MINUTE_MS;
      if (age < 3 * DAY_MS) return now + HOUR_MS;
      return now + 6 * HOUR_MS;
    case SyncState.ACCEPTED:
      // Only to record the delivery (the lists bring cancellations and returns): most orders are delivered
      // within days, a few take weeks.
      if (age < 3 * DAY_MS) return now + DAY_MS;
      if (age < 10 * DAY_MS) return now + 2 * DAY_MS;
      return now + 4 * DAY_MS;
    case SyncState.COMPLETED:
      return now + 3 * DAY_MS;
    default:
      return now + 6 * HOUR_MS;
  }
}

/** An order kaspi-sync has just accepted is first read on its own a day later (to record its delivery). */
export function firstReadOfAcceptedOrder(now: number): number {
  return now + DAY_MS;
}

/**
 * A read that failed for a reason of that order's own (bad data, 403, HTML 404) is tried again by the next
 * run: one request per run per such order, and the oldest-due orders still come first.
 */
export const FLAGGED_READ_RETRY_MS = 2 * MINUTE_MS;
/** A read that failed transiently (5xx, timeout, 429) is tried again by a later run, not by this one. */
export const DEFERRED_READ_RETRY_MS = 2 * MINUTE_MS;
/** Orders read on their own per activity: a transient failure of the activity costs at most this many reads again. */
export const STATUS_READ_BATCH = 10;
