import { SyncState } from '../../domain/order-lifecycle.js';
import type { WaybillCandidate } from '../../domain/sync-types.js';
import type { Database } from '../../platform/prisma-client.js';
import { recordEvent } from './business-events.js';
import { inTransaction } from './transaction.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Accepted Kaspi Delivery orders that have no stored waybill yet, oldest first — orders waiting for something
 * Kaspi needs first (a signature, pre-order goods) last, so they never crowd out ones that are ready. An order
 * whose link died at hand-over will never have one.
 */
export async function ordersAwaitingWaybill(db: Database, limit = 500): Promise<WaybillCandidate[]> {
  const rows = await db.kaspiOrder.findMany({
    // The old script's rows are history: kaspi-sync never assembles them or fetches their waybills.
    where: { syncState: SyncState.ACCEPTED, isKaspiDelivery: true, waybillUrl: null, waybillLinkExpiredAt: null, adoptedFromSeed: false },
    select: { orderId: true, orderCode: true, assembled: true },
    orderBy: [{ assemblyWaitingFor: { sort: 'asc', nulls: 'first' } }, { id: 'asc' }],
    take: limit,
  });
  return rows;
}

/** The link and number on the order (the seed's users read them there), the PDF in waybill_documents. */
export async function storeWaybill(db: Database, orderId: string, waybill: { url: string; number: string | null; pdf: Buffer | null }): Promise<void> {
  await inTransaction(db, async (tx) => {
    const order = await tx.kaspiOrder.update({
      where: { orderId },
      data: { waybillUrl: waybill.url, waybillNumber: waybill.number, invoiceGenerated: true, assembled: true, assemblyWaitingFor: null },
    });
    if (waybill.pdf) {
      const document = { orderCode: order.orderCode, waybillNumber: waybill.number, places: order.numberOfSpace, pdf: new Uint8Array(waybill.pdf), storedAt: new Date() };
      await tx.waybillDocument.upsert({ where: { orderId }, create: { orderId, ...document }, update: document });
    }
    // The seed's users read the link from kaspi_sold_products.waybill.
    await tx.kaspiSoldProduct.updateMany({ where: { orderId }, data: { waybill: waybill.url } });
    await recordEvent(tx, { message: 'waybill stored', orderCode: order.orderCode, extra: { waybillNumber: waybill.number, pdfBytes: waybill.pdf?.length ?? 0 } });
  });
}

/** Kaspi's link answered 404 after hand-over: links die then. Expected, recorded once, never retried. */
export async function markWaybillLinkExpired(db: Database, orderId: string): Promise<void> {
  const order = await db.kaspiOrder.update({ where: { orderId }, data: { waybillLinkExpiredAt: new Date() } });
  await recordEvent(db, { message: 'waybill link expired at hand-over; no PDF stored', orderCode: order.orderCode, extra: {} });
}

/** Deletes PDFs stored more than `retentionDays` ago (0 keeps every one). Returns how many went. */
export async function pruneWaybillDocuments(db: Database, retentionDays: number, now = Date.now()): Promise<number> {
  if (!(retentionDays > 0)) return 0;
  const { count } = await db.waybillDocument.deleteMany({ where: { storedAt: { lt: new Date(now - retentionDays * DAY_MS) } } });
  return count;
}
