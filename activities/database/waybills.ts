import { SyncState } from '../../domain/order-lifecycle.js';
import type { WaybillCandidate } from '../../domain/sync-types.js';
import type { Database } from '../../platform/prisma-client.js';
import { recordEvent } from './business-events.js';
import { inTransaction } from './transaction.js';

/** Accepted Kaspi Delivery orders that have no stored waybill yet, oldest first. */
export async function ordersAwaitingWaybill(db: Database, limit = 500): Promise<WaybillCandidate[]> {
  const rows = await db.kaspiOrder.findMany({
    where: { syncState: SyncState.ACCEPTED, isKaspiDelivery: true, waybillUrl: null },
    select: { orderId: true, orderCode: true, assembled: true },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows;
}

export async function storeWaybill(db: Database, orderId: string, waybill: { url: string; number: string | null; pdf: Buffer | null }): Promise<void> {
  await inTransaction(db, async (tx) => {
    const order = await tx.kaspiOrder.update({
      where: { orderId },
      data: {
        waybillUrl: waybill.url,
        waybillNumber: waybill.number,
        waybillPdf: waybill.pdf ? new Uint8Array(waybill.pdf) : null,
        invoiceGenerated: true,
        assembled: true,
      },
    });
    // The seed's users read the link from kaspi_sold_products.waybill.
    await tx.kaspiSoldProduct.updateMany({ where: { orderId }, data: { waybill: waybill.url } });
    await recordEvent(tx, { message: 'waybill stored', orderCode: order.orderCode, extra: { waybillNumber: waybill.number, pdfBytes: waybill.pdf?.length ?? 0 } });
  });
}
