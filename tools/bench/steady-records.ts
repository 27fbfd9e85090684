/**
 * kaspi-sync's database for the shop of tools/bench/steady-shop.ts, as kaspi-sync's own code left it when it
 * processed each order: the kaspi_orders row and kaspi_sold_products lines written at reservation
 * (activities/database/reservations.ts), the SALE, RETURNING and RESTOCK rows of the stock ledger with its
 * idempotency keys and the same quantities in stock_inventory (stock-ledger.ts), kaspi_canceled_orders for
 * cancellations and returns, and the sync states status tracking moved each order to (status-changes.ts).
 * Opening stock goes through the inventory loader itself. The rest is bulk SQL (bulk-insert.ts): processing
 * 10,000 orders one by one through the real transactions would take minutes. Column names and values follow
 * those modules; columns not set here keep their defaults. Business events (log_events) are not written:
 * nothing reads them back.
 */
import pg from 'pg';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { ledgerKeys, MovementKind, SyncState } from '../../domain/order-lifecycle.js';
import { firstReadOfAcceptedOrder, nextStatusReadAt } from '../../domain/status-tracking.js';
import { toCustomerContact } from '../../kaspi/normalise.js';
import type { Database } from '../../platform/prisma-client.js';
import { waybillPdf } from '../sandbox/waybill-pdf.js';
import { bulkInsert, type ColumnType } from './bulk-insert.js';
import { SHOP_SKUS, type ShopOrder } from './steady-shop.js';

/** Units of every SKU left at every warehouse after the month's sales (cancellations and returns come on top). */
const STOCK_LEFT = 50;
/** The generator puts at most 4 units of a SKU on one order. */
const MAX_UNITS_PER_LINE = 4;

/** Notes status tracking writes on the ledger rows (activities/database/status-changes.ts). */
const NOTES = {
  cancelledBeforeHandover: 'cancelled before hand-over: the goods never left',
  cancelledInDelivery: 'cancelled during delivery: waiting for the goods',
  returning: 'the buyer is returning the goods',
  back: 'Kaspi archived the order: the goods are back',
};

const ORDER_COLUMNS: Record<string, ColumnType> = {
  order_id: 'text', order_code: 'text', stock_name: 'text', status: 'text', sync_state: 'text', kaspi_state: 'text',
  pickup_point_id: 'text', is_kaspi_delivery: 'bool', kaspi_created_at: 'timestamp', accepted_at: 'timestamp',
  handed_over_at: 'timestamp', closed_at: 'timestamp', assembled: 'bool', number_of_space: 'int', waybill_url: 'text',
  waybill_number: 'text', waybill_pdf: 'bytea', invoice_generated: 'bool', is_canceled: 'bool', is_returned: 'bool',
  cancellation_reason: 'text', created_at: 'timestamp', updated_at: 'timestamp', next_status_check_at: 'timestamp',
};
const LINE_COLUMNS: Record<string, ColumnType> = {
  order_id: 'text', order_code: 'text', product_code: 'text', product_name: 'text', quantity: 'int', price: 'numeric',
  unit_price: 'numeric', entry_id: 'text', line_number: 'int', customer_name: 'text', customer_phone: 'text', waybill: 'text',
  created_at: 'timestamp', updated_at: 'timestamp',
};
const MOVEMENT_COLUMNS: Record<string, ColumnType> = {
  idempotency_key: 'text', kind: 'text', product_id: 'int', stock_id: 'int', quantity_delta: 'int', returning_delta: 'int',
  order_id: 'text', order_code: 'text', note: 'text', created_at: 'timestamp',
};
const CANCELLATION_COLUMNS: Record<string, ColumnType> = {
  order_id: 'text', order_code: 'text', product_code: 'text', kaspi_status: 'text', quantity: 'int', created_at: 'timestamp', updated_at: 'timestamp',
};

type Row = Record<string, unknown>;

export interface ShopRecords {
  kaspiOrders: number;
  lines: number;
  movements: number;
  cancellations: number;
}

/**
 * Writes the shop's records. `newOrders` is how many NEW orders will arrive in the batch: every SKU keeps
 * enough stock at every warehouse for all of them to land on it, so none is held.
 */
export async function recordShop(db: Database, databaseUrl: string, shop: ShopOrder[], newOrders: number): Promise<ShopRecords> {
  const left = Math.max(STOCK_LEFT, newOrders * MAX_UNITS_PER_LINE);
  const sold = new Map<string, number>();
  const soldKey = (sku: string | null, warehouse: string) => `${sku}@${warehouse}`;
  for (const { order } of shop) {
    for (const entry of order.entries) sold.set(soldKey(entry.sku, order.warehouse), (sold.get(soldKey(entry.sku, order.warehouse)) ?? 0) + entry.quantity);
  }
  const warehouses = [...new Set(shop.map((s) => s.order.warehouse))];
  await loadInventory(
    db,
    {
      warehouses,
      products: SHOP_SKUS.map((sku) => ({ sku, model: sku, stock: Object.fromEntries(warehouses.map((w) => [w, (sold.get(soldKey(sku, w)) ?? 0) + left])) })),
    },
    'benchmark: opening stock of the month',
  );
  const productIds = new Map((await db.product.findMany({ select: { id: true, sku: true } })).map((p) => [p.sku!, p.id]));
  const stockIds = new Map((await db.stock.findMany({ select: { id: true, name: true } })).map((s) => [s.name, s.id]));

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const records = {
      kaspiOrders: await bulkInsert(client, 'kaspi_orders', ORDER_COLUMNS, shop.map(orderRow)),
      lines: await bulkInsert(client, 'kaspi_sold_products', LINE_COLUMNS, shop.flatMap(lineRows)),
      movements: await bulkInsert(client, 'stock_movements', MOVEMENT_COLUMNS, shop.flatMap((s) => movementRows(s, productIds, stockIds))),
      cancellations: await bulkInsert(client, 'kaspi_canceled_orders', CANCELLATION_COLUMNS, shop.flatMap(cancellationRows)),
    };
    // stock_inventory moves with the ledger, exactly as reserveLines / markReturning / putBack move it row by row.
    await client.query(`
      UPDATE stock_inventory i
         SET quantity = i.quantity + m.quantity, returning_quantity = i.returning_quantity + m.returning, updated_at = now()
        FROM (SELECT product_id, stock_id, sum(quantity_delta)::int AS quantity, sum(returning_delta)::int AS returning
                FROM stock_movements WHERE order_id IS NOT NULL GROUP BY product_id, stock_id) m
       WHERE i.product_id = m.product_id AND i.stock_id = m.stock_id`);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return records;
  } finally {
    await client.end();
  }
}

/**
 * When status tracking next reads an open order on its own, as a shop running the current design for a while
 * would have it: somewhere within the order's current read interval (domain/status-tracking.ts), spread by its
 * code. (Orders created more than a read interval ago have been read before; their next read is ahead.)
 */
function steadyNextRead(code: string, creationDate: number, now = Date.now()): number {
  const interval = nextStatusReadAt(SyncState.ACCEPTED, creationDate, now) - now;
  const earliest = Math.max(now, firstReadOfAcceptedOrder(creationDate));
  return earliest + (Number(code) % 1000) / 1000 * interval;
}

function orderRow(shopOrder: ShopOrder): Row {
  const { order, fate } = shopOrder;
  const at = (ms: number | null) => (ms === null ? null : new Date(ms));
  const waybill = order.kaspiDelivery?.waybill ?? null;
  const lastChange = Math.max(shopOrder.acceptedAt, shopOrder.handedOverAt ?? 0, shopOrder.returningAt ?? 0, shopOrder.closedAt ?? 0);
  const row: Row = {
    order_id: order.id,
    order_code: order.code,
    stock_name: order.warehouse,
    pickup_point_id: order.pickupPointId,
    is_kaspi_delivery: order.isKaspiDelivery,
    kaspi_created_at: new Date(order.creationDate),
    accepted_at: new Date(shopOrder.acceptedAt),
    handed_over_at: at(shopOrder.handedOverAt),
    closed_at: at(shopOrder.closedAt),
    // storeWaybill (activities/database/waybills.ts), in the run that accepted and assembled the order.
    assembled: waybill !== null,
    number_of_space: waybill === null ? null : order.numberOfSpace,
    waybill_url: waybill,
    waybill_number: order.kaspiDelivery?.waybillNumber ?? null,
    waybill_pdf: waybill === null ? null : waybillPdf(order.code, order.kaspiDelivery!.waybillNumber ?? '', order.numberOfSpace ?? 1),
    invoice_generated: waybill !== null,
    is_canceled: fate === 'cancelled' || fate === 'cancelledInDelivery',
    is_returned: fate === 'returned',
    cancellation_reason: order.cancellationReason,
    created_at: new Date(shopOrder.reservedAt),
    updated_at: new Date(lastChange),
  };
  switch (fate) {
    case 'open':
      // markAccepted: only Kaspi Delivery's state is certain at acceptance; nothing later changes it while open.
      return {
        ...row, sync_state: SyncState.ACCEPTED, status: 'ACCEPTED_BY_MERCHANT', kaspi_state: order.isKaspiDelivery ? 'KASPI_DELIVERY' : null,
        next_status_check_at: new Date(steadyNextRead(order.code, order.creationDate)),
      };
    case 'completed':
      return { ...row, sync_state: SyncState.COMPLETED, status: order.status, kaspi_state: order.state };
    case 'cancelled':
    case 'cancelledInDelivery':
    case 'returned':
      return { ...row, sync_state: SyncState.RESTOCKED, status: order.status, kaspi_state: order.state };
  }
}

function lineRows({ order, reservedAt, acceptedAt }: ShopOrder): Row[] {
  const customer = toCustomerContact(order.customer);
  return order.entries.map((entry) => ({
    order_id: order.id,
    order_code: order.code,
    product_code: entry.sku ?? '',
    product_name: entry.name,
    quantity: entry.quantity,
    price: entry.totalPrice,
    unit_price: entry.basePrice,
    entry_id: entry.id,
    line_number: entry.entryNumber,
    customer_name: customer.name,
    customer_phone: customer.phone,
    waybill: order.kaspiDelivery?.waybill ?? null,
    created_at: new Date(reservedAt),
    updated_at: new Date(acceptedAt),
  }));
}

function movementRows(shopOrder: ShopOrder, productIds: Map<string, number>, stockIds: Map<string, number>): Row[] {
  const { order, fate } = shopOrder;
  const travelledBack = fate === 'returned' || fate === 'cancelledInDelivery';
  const restocked = travelledBack || fate === 'cancelled';
  return order.entries.flatMap((entry) => {
    const base = { product_id: productIds.get(entry.sku!), stock_id: stockIds.get(order.warehouse), order_id: order.id, order_code: order.code };
    const line = entry.entryNumber;
    const rows: Row[] = [
      { ...base, idempotency_key: ledgerKeys.sale(order.id, line), kind: MovementKind.SALE, quantity_delta: -entry.quantity, returning_delta: 0, created_at: new Date(shopOrder.reservedAt) },
    ];
    if (travelledBack) {
      rows.push({
        ...base,
        idempotency_key: ledgerKeys.returning(order.id, line),
        kind: MovementKind.RETURNING,
        quantity_delta: 0,
        returning_delta: entry.quantity,
        note: fate === 'returned' ? NOTES.returning : NOTES.cancelledInDelivery,
        created_at: new Date(shopOrder.returningAt!),
      });
    }
    if (restocked) {
      rows.push({
        ...base,
        idempotency_key: ledgerKeys.back(order.id, line),
        kind: MovementKind.RESTOCK,
        quantity_delta: entry.quantity,
        returning_delta: travelledBack ? -entry.quantity : 0,
        note: travelledBack ? NOTES.back : NOTES.cancelledBeforeHandover,
        created_at: new Date(shopOrder.closedAt!),
      });
    }
    return rows;
  });
}

/** recordCancellation (status-changes.ts): one row per line, with the Kaspi status it ended with. */
function cancellationRows({ order, fate, returningAt, closedAt }: ShopOrder): Row[] {
  if (fate === 'open' || fate === 'completed') return [];
  return order.entries.map((entry) => ({
    order_id: order.id,
    order_code: order.code,
    product_code: entry.sku ?? '',
    kaspi_status: order.status,
    quantity: entry.quantity,
    created_at: new Date(returningAt ?? closedAt!),
    updated_at: new Date(closedAt!),
  }));
}
