/**
 * The database side of status tracking (domain/status-tracking.ts): which listed orders kaspi-sync is still
 * following, which orders are due to be read on their own, and when they are read next. Every query is bounded
 * by what Kaspi listed or by a LIMIT, never by the size of the shop's history.
 */
import { OPEN_SYNC_STATES, SyncState } from '../../domain/order-lifecycle.js';
import type { Database } from '../../platform/prisma-client.js';

export interface FollowedOrder {
  orderId: string;
  orderCode: string;
  syncState: string;
  kaspiCreatedAt: number | null;
  /** Why its last read could not be used (see kaspi_orders.status_check_problem); null when it could. */
  statusCheckProblem?: string | null;
}

/** Lookups of listed order ids go to the database in chunks of this size (one IN list each). */
const LOOKUP_CHUNK = 500;

/** The orders among `orderIds` that kaspi-sync still follows (any open sync state). */
export async function followedAmong(db: Database, orderIds: string[]): Promise<Map<string, FollowedOrder>> {
  const found = new Map<string, FollowedOrder>();
  for (let i = 0; i < orderIds.length; i += LOOKUP_CHUNK) {
    const rows = await db.kaspiOrder.findMany({
      where: { orderId: { in: orderIds.slice(i, i + LOOKUP_CHUNK) }, syncState: { in: [...OPEN_SYNC_STATES] } },
      select: { orderId: true, orderCode: true, syncState: true, kaspiCreatedAt: true },
    });
    for (const row of rows) found.set(row.orderId, { ...row, kaspiCreatedAt: row.kaspiCreatedAt?.getTime() ?? null });
  }
  return found;
}

/**
 * Orders no list covers whose next read is due, oldest due first, at most `limit`:
 * - HELD (for `trackingDays` after creation; older ones stay flagged for an operator) and RESERVED orders;
 * - ACCEPTED orders kaspi-sync accepted itself (accepted_at set), to record their delivery;
 * - COMPLETED ones created before the list window and delivered less than `trackingDays` ago (a late return);
 * - RETURNING orders created before the window (the goods are still on their way back).
 * Orders the old script accepted (accepted_at NULL) are followed through the lists only: a cancellation or
 * return within the window is applied like any other, and after it they are history (docs/status-tracking.md).
 */
export async function dueForStatusRead(
  db: Database,
  { now, trackingDays, limit }: { now: number; trackingDays: number; limit: number },
): Promise<FollowedOrder[]> {
  const windowStart = new Date(now - trackingDays * 24 * 60 * 60 * 1000);
  const rows = await db.kaspiOrder.findMany({
    where: {
      OR: [{ nextStatusCheckAt: null }, { nextStatusCheckAt: { lte: new Date(now) } }],
      AND: [
        {
          OR: [
            { syncState: SyncState.RESERVED },
            { syncState: SyncState.HELD, OR: [{ kaspiCreatedAt: null }, { kaspiCreatedAt: { gte: windowStart } }] },
            { syncState: SyncState.ACCEPTED, acceptedAt: { not: null } },
            { syncState: SyncState.COMPLETED, acceptedAt: { not: null }, kaspiCreatedAt: { lt: windowStart }, closedAt: { gte: windowStart } },
            { syncState: SyncState.RETURNING, OR: [{ kaspiCreatedAt: null }, { kaspiCreatedAt: { lt: windowStart } }] },
          ],
        },
      ],
    },
    select: { orderId: true, orderCode: true, syncState: true, kaspiCreatedAt: true, statusCheckProblem: true },
    orderBy: [{ nextStatusCheckAt: { sort: 'asc', nulls: 'first' } }, { id: 'asc' }],
    take: limit,
  });
  return rows.map((row) => ({ ...row, kaspiCreatedAt: row.kaspiCreatedAt?.getTime() ?? null }));
}

/** Sets when the order is read on its own next, and why its last read could not be used (null: it could). */
export async function scheduleStatusRead(db: Database, orderId: string, at: number, problem: string | null): Promise<void> {
  await db.kaspiOrder.updateMany({ where: { orderId }, data: { nextStatusCheckAt: new Date(at), statusCheckProblem: problem } });
}
