/**
 * Status tracking activities of the sync run (design: domain/status-tracking.ts). Each applies what it finds
 * itself, order by order in its own transaction, and returns counts and a few names — never a list that grows
 * with the shop's history. One order whose data cannot be used is flagged and skipped; the others are applied.
 */
import { activityInfo, heartbeat, log } from '@temporalio/activity';
import {
  KaspiAuthenticationError,
  KaspiAuthorisationError,
  KaspiBadPayloadError,
  KaspiBadRequestError,
  KaspiResourceUnavailableError,
  type KaspiOrder,
  type RejectedElement,
} from '../kaspi/index.js';
import {
  DEFERRED_READ_RETRY_MS,
  FLAGGED_READ_RETRY_MS,
  TRACKING_LISTS,
  isStatusNews,
  nextStatusReadAt,
  trackingListName,
  trackingWindowStart,
} from '../domain/status-tracking.js';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../domain/sync-settings.js';
import { emptyTrackingResult, type KaspiStatusChange, type TrackingResult } from '../domain/sync-types.js';
import type { ActivityDependencies } from './dependencies.js';
import { kaspiStep } from './kaspi-failures.js';
import { recordEvent } from './database/business-events.js';
import { applyStatusChange } from './database/status-changes.js';
import { flagOverdueReturns } from './database/return-receipt.js';
import { readLinesNow } from './order-lines-now.js';
import { linesToReread } from '../domain/status-decisions.js';
import { dueForStatusRead, followedAmong, scheduleStatusRead, type FollowedOrder } from './database/status-tracking.js';
import { recordRejectedElements } from './database/rejected-elements.js';
import { recordTokenRejection } from './token-rejection.js';

/** Named orders carried back to the workflow per kind; counts are always complete. */
const MAX_NAMED = 20;
/** Orders read at once within a batch; the process-wide Kaspi limiter still applies on top. */
const READ_CONCURRENCY = 4;

type TrackingSettings = Pick<SyncSettings, 'statusTrackingDays' | 'restockAfterHandover'> & Partial<Pick<SyncSettings, 'returnReceiptDays'>>;

export function toStatusChange(order: KaspiOrder): KaspiStatusChange {
  return {
    orderId: order.id,
    orderCode: order.code,
    kaspiState: order.state,
    kaspiStatus: order.status,
    handedOver: order.kaspiDelivery?.courierTransmissionDate != null,
    returnedToWarehouse: order.kaspiDelivery?.returnedToWarehouse ?? false,
    cancellationReason: order.cancellationReason,
  };
}

/**
 * Applies one change and adds its effect to the result; a change that ends an order may need a signal. At
 * delivery and at every cancelling or return event the order's lines are read again first (a line cancelled
 * since acceptance gives its units back); lines Kaspi cannot answer usably flag the order and leave the change
 * to a later run, which sees it again.
 */
async function apply({ db, kaspi }: ActivityDependencies, change: KaspiStatusChange, syncState: string, settings: TrackingSettings, result: TrackingResult): Promise<void> {
  let linesNow;
  if (linesToReread(syncState, change, settings.restockAfterHandover)) {
    try {
      linesNow = await readLinesNow(kaspi, change);
    } catch (error) {
      if (!(error instanceof KaspiBadPayloadError || error instanceof KaspiResourceUnavailableError)) throw error;
      addFlag(result, change.orderCode, `lines not readable, status change left to a later run: ${error.message}`);
      return;
    }
  }
  const effect = await applyStatusChange(db, change, settings, linesNow);
  result.effects[effect] += 1;
  if (effect === 'restocked' || effect === 'returning' || effect === 'cancelled-unreserved') {
    if (result.endedOrders.length < MAX_NAMED * 5) result.endedOrders.push({ orderCode: change.orderCode, kaspiStatus: change.kaspiStatus });
  }
}

function addFlag(result: TrackingResult, orderCode: string, reason: string): void {
  result.flaggedCount += 1;
  if (result.flagged.length < MAX_NAMED) result.flagged.push({ orderCode, reason });
}

/**
 * Reads the tracking lists (orders in a cancellation or return status created within the tracking window) and
 * applies what is news for orders kaspi-sync follows. Heartbeats after each list with the lists done, so a retry
 * after a transient failure starts at the list that failed, not at the first.
 */
export async function trackListedStatusChanges(deps: ActivityDependencies, settings: TrackingSettings): Promise<TrackingResult> {
  const { db, kaspi, now = Date.now } = deps;
  const checkpoint = activityInfo().heartbeatDetails as { done: number[]; result: TrackingResult } | undefined;
  const result = checkpoint?.result ?? emptyTrackingResult();
  const done = new Set(checkpoint?.done ?? []);
  const createdFrom = trackingWindowStart(now(), settings.statusTrackingDays);
  for (const [index, list] of TRACKING_LISTS.entries()) {
    if (done.has(index)) continue;
    let orders: KaspiOrder[];
    let rejected: RejectedElement[];
    try {
      ({ orders, rejected } = await kaspi.listOrdersSettingAsideMalformed({ state: list.state, status: list.status, createdFrom, createdTo: now() }));
    } catch (error) {
      if (!list.required && error instanceof KaspiBadRequestError) {
        log.info('Kaspi does not accept this tracking list filter; the other lists cover the rest', { list: trackingListName(list), error: error.message });
        result.skippedLists.push(trackingListName(list));
        done.add(index);
        heartbeat({ done: [...done], result });
        continue;
      }
      await recordTokenRejection(db, error, 'looking for cancellations and returns');
      return kaspiStep(() => Promise.reject(error));
    }
    result.listsRead += 1;
    result.listedOrders += orders.length;
    if (rejected.length > 0) {
      result.rejectedCount += rejected.length;
      for (const element of rejected.slice(0, MAX_NAMED - result.rejected.length)) result.rejected.push({ ...element, list: trackingListName(list) });
      await recordRejectedElements(db, rejected, trackingListName(list));
    }
    const followed = await followedAmong(db, orders.map((o) => o.id));
    for (const order of orders) {
      const known = followed.get(order.id);
      if (!known) continue;
      const change = toStatusChange(order);
      if (isStatusNews(known.syncState, change)) await apply(deps, change, known.syncState, settings, result);
    }
    done.add(index);
    heartbeat({ done: [...done], result });
  }
  // Once a run: returns whose goods have not been received in time (docs/operating.md "Returns received").
  const overdue = await flagOverdueReturns(db, settings.returnReceiptDays ?? DEFAULT_SYNC_SETTINGS.returnReceiptDays, now());
  for (const orderCode of overdue) addFlag(result, orderCode, 'return not received in time');
  return result;
}

/**
 * Reads up to `limit` due orders on their own (domain/status-tracking.ts says which and how often), with
 * bounded concurrency, applies what is news and sets each one's next read. A read that fails for that
 * order's own reason flags it and moves on; one that fails transiently is left to a later run. Only a
 * rejected token fails the activity (and the run, loudly).
 */
export async function readDueOrderStatuses(deps: ActivityDependencies, input: TrackingSettings & { limit: number; excludeOrderIds?: string[] }): Promise<TrackingResult> {
  const { db, kaspi, now = Date.now } = deps;
  const result = emptyTrackingResult();
  const excluded = new Set(input.excludeOrderIds ?? []);
  const due = await dueForStatusRead(db, { now: now(), trackingDays: input.statusTrackingDays, limit: input.limit + excluded.size });
  const toRead = due.filter((o) => !excluded.has(o.orderId)).slice(0, input.limit);
  result.moreDue = due.length === input.limit + excluded.size && toRead.length === input.limit;

  const readOne = async (order: FollowedOrder): Promise<void> => {
    let current: KaspiOrder | null;
    try {
      current = await kaspi.getOrder(order.orderId);
    } catch (error) {
      if (error instanceof KaspiBadPayloadError || error instanceof KaspiResourceUnavailableError) {
        const problem = `status not readable: ${error.message}`;
        addFlag(result, order.orderCode, problem);
        log.warn('status of an order skipped: its data cannot be used', { orderCode: order.orderCode, error: error.message });
        // Once per problem, not once per run: the order keeps its flag until a read succeeds.
        if (order.statusCheckProblem !== problem) {
          await recordEvent(db, { level: 'WARNING', message: 'status check skipped: Kaspi\'s answer for this order cannot be used', orderCode: order.orderCode, extra: { error: error.message } });
        }
        await scheduleStatusRead(db, order.orderId, now() + FLAGGED_READ_RETRY_MS, problem);
        return;
      }
      if (error instanceof KaspiAuthenticationError || error instanceof KaspiAuthorisationError) throw error;
      // 5xx, timeout, 429: nothing is wrong with the order; a later run reads it again.
      result.deferred += 1;
      await scheduleStatusRead(db, order.orderId, now() + DEFERRED_READ_RETRY_MS, null);
      return;
    }
    result.ordersRead += 1;
    if (current === null) {
      const problem = 'Kaspi does not know this order any more (HTTP 404)';
      addFlag(result, order.orderCode, problem);
      await scheduleStatusRead(db, order.orderId, now() + 24 * FLAGGED_READ_RETRY_MS, problem);
      return;
    }
    const change = toStatusChange(current);
    if (isStatusNews(order.syncState, change)) await apply(deps, change, order.syncState, input, result);
    await scheduleStatusRead(db, order.orderId, nextStatusReadAt(order.syncState, order.kaspiCreatedAt, now()), null);
  };

  try {
    for (let i = 0; i < toRead.length; i += READ_CONCURRENCY) {
      await Promise.all(toRead.slice(i, i + READ_CONCURRENCY).map(readOne));
    }
  } catch (error) {
    await recordTokenRejection(db, error, 'reading order statuses');
    return kaspiStep(() => Promise.reject(error));
  }
  return result;
}
