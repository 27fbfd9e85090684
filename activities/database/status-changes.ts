/**
 * What a Kaspi status change of a processed order means for stock. Kaspi's rule (partner guide q3694):
 * goods cancelled before hand-over never left the warehouse and go straight back; goods already handed to
 * Kaspi Delivery are back only when Kaspi says so, and until then they are counted as "returning".
 */
import { acceptedElsewhereHoldReason, KASPI_STATUSES_AFTER_ACCEPTANCE, OPEN_SYNC_STATES, SyncState } from '../../domain/order-lifecycle.js';
import type { KaspiStatusChange, StatusEffect } from '../../domain/sync-types.js';
import type { SyncSettings } from '../../domain/sync-settings.js';
import type { Database } from '../../platform/prisma-client.js';
import { recordEvent } from './business-events.js';
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

const RETURN_IN_PROGRESS = new Set(['KASPI_DELIVERY_RETURN_REQUESTED', 'RETURN_ACCEPTED_BY_MERCHANT']);

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

export async function applyStatusChange(db: Database, change: KaspiStatusChange, settings: Pick<SyncSettings, 'restockAfterHandover'>): Promise<StatusEffect> {
  return inTransaction(db, async (tx) => {
    const rows = await tx.$queryRaw<{ sync_state: string; handed_over_at: Date | null; status: string | null; hold_reason: string | null }[]>`
      SELECT sync_state, handed_over_at, status, hold_reason FROM kaspi_orders WHERE order_id = ${change.orderId} FOR UPDATE`;
    const current = rows[0];
    if (!current) return 'none';
    const order = { orderId: change.orderId, orderCode: change.orderCode };
    const handedOver = change.handedOver || current.handed_over_at !== null || current.sync_state === SyncState.RETURNING;
    const base = {
      status: change.kaspiStatus,
      kaspiState: change.kaspiState,
      ...(change.handedOver && !current.handed_over_at ? { handedOverAt: new Date() } : {}),
      ...(change.cancellationReason ? { cancellationReason: change.cancellationReason } : {}),
    };
    let state = current.sync_state;
    if (state === SyncState.HELD && KASPI_STATUSES_AFTER_ACCEPTANCE.has(change.kaspiStatus) && change.kaspiStatus !== 'RETURNED') {
      // Someone accepted a held order by hand (its workflow takes the stock on a re-check if it can; this is
      // the order that no workflow is watching any more, or that Kaspi has moved on). It stays HELD, loudly.
      if (current.status === change.kaspiStatus && current.hold_reason?.startsWith('accepted on Kaspi outside')) return 'none';
      const why = current.hold_reason?.startsWith('accepted on Kaspi outside')
        ? current.hold_reason.replace(/^.*? but its stock was not taken: /, '')
        : (current.hold_reason ?? 'it was held');
      const holdReason = acceptedElsewhereHoldReason(change.kaspiStatus, why);
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { ...base, holdReason } });
      await recordEvent(tx, { level: 'WARNING', message: `order held: ${holdReason}`, orderCode: change.orderCode });
      return 'none';
    }
    if (state === SyncState.RESERVED && KASPI_STATUSES_AFTER_ACCEPTANCE.has(change.kaspiStatus)) {
      // The order's workflow accepted it on Kaspi but ended before recording that (found by the chaos run:
      // a non-retryable read failure right after the acceptance), and Kaspi may have moved on since. The
      // stock is already taken: record the acceptance, then apply the change like for any accepted order.
      await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { syncState: SyncState.ACCEPTED, acceptedAt: new Date(), holdReason: null } });
      await recordEvent(tx, { message: 'order accepted', orderCode: change.orderCode, extra: { recordedBy: 'status tracking' } });
      state = SyncState.ACCEPTED;
      if (change.kaspiStatus === 'ACCEPTED_BY_MERCHANT') {
        if (change.handedOver) await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: base });
        return 'accepted';
      }
    }
    const holdsStock = state === SyncState.RESERVED || state === SyncState.ACCEPTED || state === SyncState.COMPLETED || state === SyncState.RETURNING;
    const isReturn = change.kaspiStatus === 'RETURNED' || RETURN_IN_PROGRESS.has(change.kaspiStatus);

    const restock = async (why: string): Promise<StatusEffect> => {
      const units = await putBack(tx, order, why);
      await recordCancellation(tx, change.orderId, change.orderCode, change.kaspiStatus);
      await tx.kaspiOrder.update({
        where: { orderId: change.orderId },
        data: { ...base, syncState: SyncState.RESTOCKED, closedAt: new Date(), ...(isReturn ? { isReturned: true } : { isCanceled: true }) },
      });
      await recordEvent(tx, { message: 'stock restored', orderCode: change.orderCode, extra: { kaspiStatus: change.kaspiStatus, units, why } });
      return 'restocked';
    };
    const holdAsReturning = async (why: string): Promise<StatusEffect> => {
      const units = await markReturning(tx, order, why);
      await recordCancellation(tx, change.orderId, change.orderCode, change.kaspiStatus);
      await tx.kaspiOrder.update({
        where: { orderId: change.orderId },
        data: { ...base, syncState: SyncState.RETURNING, ...(isReturn ? { isReturned: true } : { isCanceled: true }) },
      });
      await recordEvent(tx, { message: 'goods returning', orderCode: change.orderCode, extra: { kaspiStatus: change.kaspiStatus, units, why } });
      return 'returning';
    };

    switch (change.kaspiStatus) {
      case 'CANCELLED':
      case 'RETURNED': {
        if (state === SyncState.HELD) {
          await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { ...base, syncState: SyncState.CANCELLED, isCanceled: true, closedAt: new Date() } });
          await recordEvent(tx, { message: 'held order cancelled on Kaspi', orderCode: change.orderCode, extra: { cancellationReason: change.cancellationReason } });
          return 'cancelled-unreserved';
        }
        if (!holdsStock) return 'none';
        return restock(handedOver ? 'Kaspi archived the order: the goods are back' : 'cancelled before hand-over: the goods never left');
      }
      case 'CANCELLING': {
        if (state === SyncState.HELD) return 'none';
        if (!holdsStock) return 'none';
        if (settings.restockAfterHandover === 'returned-to-warehouse' && change.returnedToWarehouse) {
          return restock('Kaspi reports the goods back at its warehouse');
        }
        if (state === SyncState.RETURNING) return 'none';
        return holdAsReturning('cancelled during delivery: waiting for the goods');
      }
      default: {
        if (RETURN_IN_PROGRESS.has(change.kaspiStatus)) {
          if (state === SyncState.ACCEPTED || state === SyncState.COMPLETED) return holdAsReturning('the buyer is returning the goods');
          return 'none';
        }
        if (change.kaspiStatus === 'COMPLETED' && state === SyncState.ACCEPTED) {
          await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: { ...base, syncState: SyncState.COMPLETED, closedAt: new Date() } });
          return 'closed';
        }
        if (change.handedOver && !current.handed_over_at) {
          await tx.kaspiOrder.update({ where: { orderId: change.orderId }, data: base });
        }
        return 'none';
      }
    }
  });
}
