/**
 * Shadow mode (KASPI_SYNC_MODE=shadow): kaspi-sync reads Kaspi exactly as in live mode and records in
 * shadow_decisions what it would have done — accept, hold (why), cancel as out of stock, ASSEMBLE with N
 * parcels, take stock for an order accepted elsewhere, restock or book as returning — without a single POST to
 * Kaspi and without changing a stock, order or line row (the old script may still run against those tables).
 * The judgement is live mode's own: the same Kaspi reads, the reservation rehearsed in a rolled-back
 * transaction, the same parcel rule and the same status decision table.
 */
import { activityInfo, log } from '@temporalio/activity';
import { KaspiBadRequestError } from '../kaspi/index.js';
import type { NewOrderRef } from '../domain/sync-types.js';
import type { RunSettings } from '../domain/sync-settings.js';
import { parcelsFor, type ParcelLine } from '../domain/parcel-rules.js';
import { decideStatusChange } from '../domain/status-decisions.js';
import { SyncState } from '../domain/order-lifecycle.js';
import { TRACKING_LISTS, trackingListName, trackingWindowStart } from '../domain/status-tracking.js';
import type { ActivityDependencies } from './dependencies.js';
import { kaspiStep } from './kaspi-failures.js';
import { readReservationRequest } from './reservation-request.js';
import { rehearseReservations, type ReservationRequest } from './database/reservations.js';
import { alreadyDecided, recordShadowDecision, ShadowActions, wouldHoldStock, type ShadowAction } from './database/shadow-decisions.js';
import { recordTokenRejection } from './token-rejection.js';

export type ShadowCounts = Record<ShadowAction, number>;

export function emptyShadowCounts(): ShadowCounts {
  return Object.fromEntries(Object.values(ShadowActions).map((action) => [action, 0])) as ShadowCounts;
}

type ShadowSettings = Pick<RunSettings, 'outOfStockPolicy' | 'parcelRule' | 'numberOfSpace' | 'statusTrackingDays' | 'restockAfterHandover'>;

/**
 * New orders, in intake order (Express first): each judged as live mode would judge it now. An order decided
 * on an earlier run (accept, cancel, take stock) is not decided again; a held one is, as live mode re-checks it.
 */
export async function decideNewOrdersInShadow(deps: ActivityDependencies, orders: NewOrderRef[], settings: ShadowSettings): Promise<ShadowCounts> {
  const { db } = deps;
  const counts = emptyShadowCounts();
  const runId = activityInfo().workflowExecution?.workflowId;
  const decided = await alreadyDecided(db, orders.map((o) => o.orderId));
  const reads = await Promise.all(orders.filter((o) => !decided.has(o.orderId)).map(async (ref) => ({ ref, read: await readReservationRequest(deps, ref) })));
  const judged = reads.filter((r): r is { ref: NewOrderRef; read: { kind: 'request'; request: ReservationRequest } } => r.read.kind === 'request');
  const rehearsals = await rehearseReservations(db, judged.map((r) => r.read.request));
  const record = async (ref: NewOrderRef, action: ShadowAction, extra: { reason?: string; warehouse?: string | null; places?: number; kaspiStatus: string; kaspiState?: string }) => {
    counts[action] = (counts[action] ?? 0) + 1;
    await recordShadowDecision(db, { orderId: ref.orderId, orderCode: ref.orderCode, action, express: ref.express, kaspiCreatedAt: ref.creationDate, runId, ...extra });
    log.info('shadow decision', { orderCode: ref.orderCode, action, reason: extra.reason, places: extra.places });
  };

  for (const { ref, read } of reads) {
    if (read.kind === 'unusable') await record(ref, ShadowActions.hold, { reason: read.reason, warehouse: read.request.warehouse, kaspiStatus: 'APPROVED_BY_BANK' });
  }
  for (const [index, { ref, read }] of judged.entries()) {
    const { request } = read;
    const rehearsal = rehearsals[index];
    const kaspi = { kaspiStatus: request.kaspiStatus, kaspiState: request.kaspiState, warehouse: request.warehouse };
    if (rehearsal.kind === 'would-hold') {
      const cancels = rehearsal.outOfStock && settings.outOfStockPolicy === 'cancel' && !ref.acceptedOnKaspi;
      await record(ref, cancels ? ShadowActions.cancelOutOfStock : ShadowActions.hold, { ...kaspi, reason: rehearsal.reason });
      continue;
    }
    await record(ref, ref.acceptedOnKaspi ? ShadowActions.takeStock : ShadowActions.accept, kaspi);
    // An order accepted in the cabinet is assembled by the packing desk, and so is every order under "manual".
    if (!request.isKaspiDelivery || ref.acceptedOnKaspi) continue;
    const places = parcelsFor(settings, await parcelLines(deps, request));
    if (places !== null) await record(ref, ShadowActions.assemble, { ...kaspi, places });
  }
  return counts;
}

async function parcelLines({ db }: ActivityDependencies, request: ReservationRequest): Promise<ParcelLine[]> {
  const skus = request.lines.map((l) => l.sku).filter((sku): sku is string => Boolean(sku));
  const products = await db.product.findMany({ where: { sku: { in: skus } }, select: { sku: true, parcels: true } });
  const parcels = new Map(products.map((p) => [p.sku, p.parcels]));
  return request.lines.map((line) => ({ sku: line.sku ?? '', quantity: line.quantity, unitType: line.unitType ?? null, productParcels: parcels.get(line.sku ?? '') ?? null }));
}

/**
 * Kaspi's cancellation and return lists, read as live status tracking reads them; for every order shadow
 * mode would have taken stock for, the decision table says whether the stock would go back now or be booked
 * as returning.
 */
export async function trackInShadow(deps: ActivityDependencies, settings: ShadowSettings): Promise<ShadowCounts> {
  const { db, kaspi, now = Date.now } = deps;
  const counts = emptyShadowCounts();
  const runId = activityInfo().workflowExecution?.workflowId;
  const createdFrom = trackingWindowStart(now(), settings.statusTrackingDays);
  for (const list of TRACKING_LISTS) {
    let listed;
    try {
      listed = await kaspi.listOrdersSettingAsideMalformed({ state: list.state, status: list.status, createdFrom, createdTo: now() });
    } catch (error) {
      if (!list.required && error instanceof KaspiBadRequestError) continue;
      await recordTokenRejection(db, error, 'looking for cancellations and returns (shadow mode)');
      return kaspiStep(() => Promise.reject(error));
    }
    const followed = await wouldHoldStock(db, listed.orders.map((o) => o.id));
    for (const order of listed.orders.filter((o) => followed.has(o.id))) {
      const handedOver = order.kaspiDelivery?.courierTransmissionDate != null;
      const decision = decideStatusChange({
        syncState: SyncState.ACCEPTED,
        kaspiStatus: order.status,
        handedOver,
        handOverRecorded: false,
        returnedToWarehouse: order.kaspiDelivery?.returnedToWarehouse ?? false,
        restockAfterHandover: settings.restockAfterHandover,
        flaggedAcceptedElsewhereAt: null,
      });
      const action = decision.action === 'restock' ? ShadowActions.restock : decision.action === 'mark-returning' ? ShadowActions.returning : undefined;
      if (!action) continue;
      counts[action] = (counts[action] ?? 0) + 1;
      const reason = `${trackingListName(list)}: ${'reason' in decision ? decision.reason : order.status}`;
      await recordShadowDecision(db, { orderId: order.id, orderCode: order.code, action, reason, kaspiStatus: order.status, kaspiState: order.state, runId });
    }
  }
  return counts;
}
