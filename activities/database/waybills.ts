import { SyncState } from '../../domain/order-lifecycle.js';
import type { WaybillCandidate } from '../../domain/sync-types.js';
import type { Database } from '../../platform/prisma-client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { recordEvent } from './business-events.js';

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
  const now = new Date();
  // One statement, so all of it is stored or none (as a transaction would, without its round trips): the order,
  // its PDF, the seed's link on the lines (its users read it from kaspi_sold_products.waybill), the business event.
  const documents = waybill.pdf
    ? Prisma.sql`, document AS (
        INSERT INTO waybill_documents (order_id, order_code, waybill_number, places, pdf, stored_at)
        SELECT ${orderId}, order_code, ${waybill.number}, number_of_space, ${new Uint8Array(waybill.pdf)}, ${now} FROM stored
        ON CONFLICT (order_id) DO UPDATE SET order_code = EXCLUDED.order_code, waybill_number = EXCLUDED.waybill_number,
          places = EXCLUDED.places, pdf = EXCLUDED.pdf, stored_at = EXCLUDED.stored_at)`
    : Prisma.empty;
  const stored = await db.$queryRaw<{ order_code: string }[]>`
    WITH stored AS (
      UPDATE kaspi_orders SET waybill_url = ${waybill.url}, waybill_number = ${waybill.number}, invoice_generated = true, assembled = true,
                              assembly_waiting_for = NULL, updated_at = ${now}
       WHERE order_id = ${orderId}
      RETURNING order_code, number_of_space
    )${documents}, lines AS (
      UPDATE kaspi_sold_products SET waybill = ${waybill.url}, updated_at = ${now} WHERE order_id = ${orderId}
    ), event AS (
      INSERT INTO log_events ("timestamp", level, message, extra_data)
      SELECT ${now}, 'INFO', 'waybill stored', json_build_object('orderCode', order_code, 'waybillNumber', ${waybill.number}::text, 'pdfBytes', ${waybill.pdf?.length ?? 0}::int) FROM stored
    )
    SELECT order_code FROM stored`;
  if (stored.length === 0) throw new Error(`order ${orderId} has no kaspi_orders row; its waybill cannot be stored`);
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
