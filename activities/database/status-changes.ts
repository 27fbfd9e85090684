/**
 * What a Kaspi status change of a processed order means for stock. Kaspi's rule (partner guide q3694):
 * goods cancelled before hand-over never left the warehouse and go straight back; goods already handed to
 * Kaspi Delivery are back only when Kaspi says so, and until then they are counted as "returning".
 */
import { acceptedElsewhereHoldReason, OPEN_SYNC_STATES, SyncState } from '../../domain/order-lifecycle.js';
import { decideStatusChange, REASON_TEXT, type StatusDecision } from '../../domain/status-decisions.js';
import type { KaspiStatusChange, StatusEffect } from '../../domain/sync-types.js';
import type { SyncSettings } from '../../domain/sync-settings.js';
import type { Database } from '../../platform/prisma-client.js';
import { recordEvent } from './business-events.js';
import { restockReducedLines, type KaspiLineNow } from './line-reductions.js';
import { markReturning, putBack } from './stock-ledger.js';
import { inTransaction, type Tx } from './transaction.js';

export interface OpenOrder {
  orderId: string;
  orderCode: string;
  syncState: string;
  kaspiCreatedAt: number | null;
}

/**
 * The orders whose Kaspi status must still be followed. A delivered (COMPLETED) order is followed for returns
 * only for `trackingDays` after delivery, a HELD one for `trackingDays` after it was created (Kaspi cancels
 * unaccepted orders within hours; one still held after that was accepted by hand and stays flagged for an
 * operator). Without these bounds every such order would be read from Kaspi on every run, for ever, and the
 * step would in time outgrow its timeout and stop applying cancellations at all.
 */
export async function openOrders(db: Database, trackingDays: number, now: number = Date.now()): Promise<OpenOrder[]> {
  const cutoff = new Date(now - trackingDays * 24 * 60 * 60 * 1000);
  const rows = await db.kaspiOrder.findMany({
    where: {
      syncState: { in: [...OPEN_SYNC_STATES] },
      AND: [
        { OR: [{ syncState: { not: SyncState.COMPLETED } }, { closedAt: null }, { closedAt: { gte: cutoff } }] },
        { OR: [{ syncState: { not: SyncState.HELD } }, { kaspiCreatedAt: null }, { kaspiCreatedAt: { gte: cutoff } }] },
      ],
    },
    select: { orderId: true, orderCode: true, syncState: true, kaspiCreatedAt: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => ({ ...r, kaspiCreatedAt: r.kaspiCreatedAt?.getTime() ?? null }));
}

async function recordCancellation(tx: Tx, orderId: string, orderCode: string, kaspiStatus: string): Promise<void> {
  const lines = await tx.kaspiSoldProduct.findMany({ where: { orderId } });
  for (const line of lines) {
    await tx.kaspiCanceledOrder.upsert({
      where: { orderId_productCode: { orderId, productCode: line.productCode } },
      create: { orderId, orderCode, productCode: line.productCode, kaspiStatus, quantity: line.quantity },
      update: { kaspiStatus },
    });
  }
}

interface LockedOrder {
  sync_state: string;
  handed_over_at: Date | null;
  status: string | null;
  hold_reason: string | null;
  hold_cause: string | null;
}

/**
 * Carries out what domain/status-decisions.ts decides for one change, in one transaction. `linesNow`: the order's
 * lines as Kaspi shows them now, read by the caller when rereadsLines(decision) — a line cancelled or reduced
 * since the stock was taken gives its units back first, once per line.
 */
export async function applyStatusChange(
  db: Database,
  change: KaspiStatusChange,
  settings: Pick<SyncSettings, 'restockAfterHandover'>,
  linesNow?: readonly KaspiLineNow[],
): Promise<StatusEffect> {
  return inTransaction(db, async (tx) => {
    const rows = await tx.$queryRaw<LockedOrder[]>`
      SELECT sync_state, handed_over_at, status, hold_reason, hold_cause FROM kaspi_orders WHERE order_id = ${change.orderId} FOR UPDATE`;
    const current = rows[0];
    if (!current) return 'none';
    const decision = decideStatusChange({
      syncState: current.sync_state,
      kaspiStatus: change.kaspiStatus,
      handedOver: change.handedOver || current.handed_over_at !== null || current.sync_state === SyncState.RETURNING,
      handOverRecorded: current.handed_over_at !== null,
      returnedToWarehouse: change.returnedToWarehouse,
      restockAfterHandover: settings.restockAfterHandover,
      flaggedAcceptedElsewhereAt: current.hold_cause !== null ? current.status : null,
      recordedKaspiStatus: current.status,
    });
    return carryOut(tx, decision, change, current, linesNow);
  });
}

async function carryOut(tx: Tx, decision: StatusDecision, change: KaspiStatusChange, current: LockedOrder, linesNow?: readonly KaspiLineNow[]): Promise<StatusEffect> {
  const order = { orderId: change.orderId, orderCode: change.orderCode };
  if (linesNow && (decision.action === 'close-delivered' || decision.action === 'restock' || decision.action === 'mark-returning')) {
    await restockReducedLines(tx, order, linesNow, change.kaspiStatus);
  }
  // Kaspi's words are open sets (a status, state or reason nobody has listed yet): one longer than its
  // column is stored cut to fit rather than failing the order's transaction.
  const base = {
    status: change.kaspiStatus.slice(0, 100),
    kaspiState: change.kaspiState.slice(0, 32),
    ...(change.handedOver && !current.handed_over_at ? { handedOverAt: new Date() } : {}),
    ...(change.cancellationReason ? { cancellationReason: change.cancellationReason.slice(0, 64) } : {}),
  };
  const isReturn = change.kaspiStatus === 'RETURNED' || change.kaspiStatus === 'KASPI_DELIVERY_RETURN_REQUESTED' || change.kaspiStatus === 'RETURN_ACCEPTED_BY_MERCHANT';
  const endFlags = isReturn ? { isReturned: true } : { isCanceled: true };

  switch (decision.action) {
    case 'ignore':
      return 'none';
    case 'record-hand-over':
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: base });
      return 'none';
    case 'flag-accepted-elsewhere': {
      // Someone accepted a held order by hand (its workflow takes the stock on a re-check if it can; this is the
      // order that no workflow is watching any more, or that Kaspi has moved on). It stays HELD, loudly.
      const cause = current.hold_cause ?? current.hold_reason ?? 'it was held';
      const holdReason = acceptedElsewhereHoldReason(change.kaspiStatus, cause);
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { ...base, holdReason, holdCause: cause } });
      await recordEvent(tx, { level: 'WARNING', message: `order held: ${holdReason}`, orderCode: change.orderCode });
      return 'none';
    }
    case 'record-acceptance': {
      // The order's workflow accepted it on Kaspi but ended before recording that (found by the chaos run: a
      // non-retryable read failure right after the acceptance). The stock is already taken.
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { syncState: SyncState.ACCEPTED, acceptedAt: new Date(), holdReason: null, holdCause: null } });
      await recordEvent(tx, { message: 'order accepted', orderCode: change.orderCode, extra: { recordedBy: 'status tracking' } });
      const then = await carryOut(tx, decision.then, change, { ...current, sync_state: SyncState.ACCEPTED }, linesNow);
      return then === 'none' ? 'accepted' : then;
    }
    case 'close-unreserved':
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { ...base, syncState: SyncState.CANCELLED, isCanceled: true, closedAt: new Date() } });
      await recordEvent(tx, { message: 'held order cancelled on Kaspi', orderCode: change.orderCode, extra: { cancellationReason: change.cancellationReason } });
      return 'cancelled-unreserved';
    case 'restock': {
      const why = REASON_TEXT[decision.reason];
      const units = await putBack(tx, order, why);
      await recordCancellation(tx, change.orderId, change.orderCode, change.kaspiStatus);
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { ...base, syncState: SyncState.RESTOCKED, closedAt: new Date(), ...endFlags } });
      await recordEvent(tx, { message: 'stock restored', orderCode: change.orderCode, extra: { kaspiStatus: change.kaspiStatus, units, why, reason: decision.reason } });
      return 'restocked';
    }
    case 'mark-returning': {
      const why = REASON_TEXT[decision.reason];
      const units = await markReturning(tx, order, why);
      await recordCancellation(tx, change.orderId, change.orderCode, change.kaspiStatus);
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { ...base, syncState: SyncState.RETURNING, returningSince: new Date(), ...endFlags } });
      await recordEvent(tx, { message: 'goods returning', orderCode: change.orderCode, extra: { kaspiStatus: change.kaspiStatus, units, why, reason: decision.reason } });
      return 'returning';
    }
    case 'record-status':
      // Policy "receipt": Kaspi's news is kept, the goods stay returning until `order received`.
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { ...base, ...endFlags } });
      return 'none';
    case 'close-delivered':
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { ...base, syncState: SyncState.COMPLETED, closedAt: new Date() } });
      return 'closed';
  }
}
