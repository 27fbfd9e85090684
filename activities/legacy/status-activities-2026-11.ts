/**
 * FROZEN: status tracking as released before the steady-state design (November 2026). Only sync runs whose
 * history began on that release call these (workflows/legacy/order-sync-2026-11.ts); new runs use
 * activities/status-tracking-activities.ts. Kept registered until no such run can exist (docs/status-tracking.md
 * "Upgrading running sync runs"). One fix since: no Math.min(...rows) (it overflowed the stack at ~150k rows).
 */
import { log } from '@temporalio/activity';
import type { KaspiOrder, KaspiState, KaspiStatus } from '../../kaspi/index.js';
import { KaspiBadPayloadError } from '../../kaspi/index.js';
import { SyncState } from '../../domain/order-lifecycle.js';
import type { KaspiStatusChange, StatusEffect } from '../../domain/sync-types.js';
import type { SyncSettings } from '../../domain/sync-settings.js';
import type { ActivityDependencies } from '../dependencies.js';
import { kaspiStep } from '../kaspi-failures.js';
import { recordEvent } from '../database/business-events.js';
import { applyStatusChange, openOrders } from '../database/status-changes.js';
import { toStatusChange } from '../status-tracking-activities.js';
import { reportingTokenRejection } from '../token-rejection.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Lists where Kaspi reports what happened to orders after acceptance. */
const STATUS_LISTS: { state: KaspiState; status?: KaspiStatus }[] = [
  { state: 'ARCHIVE' },
  { state: 'KASPI_DELIVERY', status: 'CANCELLING' },
  { state: 'KASPI_DELIVERY', status: 'KASPI_DELIVERY_RETURN_REQUESTED' },
  { state: 'KASPI_DELIVERY', status: 'RETURN_ACCEPTED_BY_MERCHANT' },
];

/** Kaspi statuses that mean something for an order in a given sync state. */
function isNews(syncState: string, order: KaspiOrder): boolean {
  if (order.status === 'APPROVED_BY_BANK') return false;
  if (order.status === 'ACCEPTED_BY_MERCHANT') {
    return syncState === SyncState.RESERVED || syncState === SyncState.HELD || (syncState === SyncState.ACCEPTED && order.kaspiDelivery?.courierTransmissionDate != null);
  }
  if (order.status === 'COMPLETED') return syncState === SyncState.ACCEPTED || syncState === SyncState.RESERVED || syncState === SyncState.HELD;
  return true;
}

/** One watched order read on its own; unusable data for it is logged and the order is looked at next run. */
async function readOneOrder({ db, kaspi }: ActivityDependencies, orderCode: string, orderId: string): Promise<KaspiOrder | null> {
  try {
    return await kaspi.getOrder(orderId);
  } catch (error) {
    if (!(error instanceof KaspiBadPayloadError)) throw error;
    log.warn('status of an order skipped this run: Kaspi sent unusable data', { orderCode, error: error.message });
    await recordEvent(db, { level: 'WARNING', message: 'status check skipped: Kaspi sent unusable data', orderCode, extra: { error: error.message } });
    return null;
  }
}

/** What Kaspi now says about every order kaspi-sync is watching (the previous release's design). */
export async function findStatusChanges(deps: ActivityDependencies, trackingDays: number): Promise<KaspiStatusChange[]> {
  const { db, kaspi, now = Date.now } = deps;
  const watched = await openOrders(db, trackingDays, now());
  if (watched.length === 0) return [];
  const byId = new Map(watched.map((o) => [o.orderId, o]));
  const windowStart = now() - trackingDays * DAY_MS;
  let oldest = Number.POSITIVE_INFINITY;
  for (const o of watched) oldest = Math.min(oldest, o.kaspiCreatedAt ?? 0);
  const listFrom = Math.max(windowStart, oldest - DAY_MS);
  const seen = new Map<string, KaspiOrder>();
  await kaspiStep(() =>
    reportingTokenRejection(db, 'looking for cancellations and returns', async () => {
      for (const list of STATUS_LISTS) {
        for (const order of await kaspi.listOrders({ ...list, createdFrom: listFrom, createdTo: now() })) {
          if (byId.has(order.id)) seen.set(order.id, order);
        }
      }
      for (const order of watched) {
        const readDirectly = order.syncState === SyncState.RESERVED || order.syncState === SyncState.HELD;
        const listed = order.kaspiCreatedAt !== null && order.kaspiCreatedAt >= listFrom && !readDirectly;
        if (seen.has(order.orderId) || listed) continue;
        const current = await readOneOrder(deps, order.orderCode, order.orderId);
        if (current) seen.set(order.orderId, current);
      }
    }),
  );
  return [...seen.values()].filter((o) => isNews(byId.get(o.id)!.syncState, o)).map(toStatusChange);
}

/** Applies each change in its own transaction; returns what happened, per order. */
export async function applyStatusChanges(
  { db }: ActivityDependencies,
  changes: KaspiStatusChange[],
  settings: Pick<SyncSettings, 'restockAfterHandover'>,
): Promise<{ orderCode: string; kaspiStatus: string; effect: StatusEffect }[]> {
  const effects = [];
  for (const change of changes) {
    const effect = await applyStatusChange(db, change, settings);
    effects.push({ orderCode: change.orderCode, kaspiStatus: change.kaspiStatus, effect });
  }
  return effects;
}
