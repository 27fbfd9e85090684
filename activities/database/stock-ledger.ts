/**
 * The only code that changes stock_inventory. Every change is a row in stock_movements with an
 * idempotency key, inserted in the same transaction as the quantity update, so retries, worker crashes
 * and overlapping runs can never apply an effect twice — the second insert finds the key and does nothing.
 */
import { ledgerKeys, MovementKind } from '../../domain/order-lifecycle.js';
import type { Shortage } from '../../domain/sync-types.js';
import type { Tx } from './transaction.js';

export interface LedgerLine {
  lineNumber: number;
  productId: number;
  sku: string;
  quantity: number;
}

export class InsufficientStock extends Error {
  constructor(readonly shortages: Shortage[]) {
    super(`insufficient stock: ${shortages.map((s) => `${s.sku} wanted ${s.wanted}, available ${s.available}`).join('; ')}`);
  }
}

async function insertMovement(
  tx: Tx,
  movement: { key: string; kind: string; productId: number; stockId: number; quantityDelta: number; returningDelta?: number; orderId?: string; orderCode?: string; note?: string },
): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO stock_movements (idempotency_key, kind, product_id, stock_id, quantity_delta, returning_delta, order_id, order_code, note)
    VALUES (${movement.key}, ${movement.kind}, ${movement.productId}, ${movement.stockId}, ${movement.quantityDelta},
            ${movement.returningDelta ?? 0}, ${movement.orderId ?? null}, ${movement.orderCode ?? null}, ${movement.note ?? null})
    ON CONFLICT (idempotency_key) DO NOTHING`;
  return inserted === 1;
}

/**
 * Takes every line's quantity out of the warehouse, all or nothing: on any shortage it throws
 * InsufficientStock and the caller's transaction rolls back. Lines are taken in product order so two
 * orders sharing products cannot deadlock.
 */
export async function reserveLines(tx: Tx, order: { orderId: string; orderCode: string }, stockId: number, lines: LedgerLine[]): Promise<void> {
  const shortages: Shortage[] = [];
  for (const line of [...lines].sort((a, b) => a.productId - b.productId || a.lineNumber - b.lineNumber)) {
    const fresh = await insertMovement(tx, {
      key: ledgerKeys.sale(order.orderId, line.lineNumber),
      kind: MovementKind.SALE,
      productId: line.productId,
      stockId,
      quantityDelta: -line.quantity,
      orderId: order.orderId,
      orderCode: order.orderCode,
    });
    if (!fresh) continue;
    const taken = await tx.$executeRaw`
      UPDATE stock_inventory SET quantity = quantity - ${line.quantity}, updated_at = now()
       WHERE product_id = ${line.productId} AND stock_id = ${stockId} AND quantity >= ${line.quantity}`;
    if (taken !== 1) {
      const rows = await tx.$queryRaw<{ quantity: number }[]>`
        SELECT quantity FROM stock_inventory WHERE product_id = ${line.productId} AND stock_id = ${stockId}`;
      shortages.push({ sku: line.sku, wanted: line.quantity, available: rows[0]?.quantity ?? 0 });
    }
  }
  if (shortages.length > 0) throw new InsufficientStock(shortages);
}

interface SaleMovement {
  idempotency_key: string;
  product_id: number;
  stock_id: number;
  quantity_delta: number;
}

async function salesOf(tx: Tx, orderId: string): Promise<{ line: number; productId: number; stockId: number; quantity: number }[]> {
  const rows = await tx.$queryRaw<SaleMovement[]>`
    SELECT idempotency_key, product_id, stock_id, quantity_delta FROM stock_movements
     WHERE order_id = ${orderId} AND kind = ${MovementKind.SALE} ORDER BY product_id, idempotency_key`;
  return rows.map((r) => ({
    line: Number(r.idempotency_key.slice(r.idempotency_key.lastIndexOf(':') + 1)),
    productId: r.product_id,
    stockId: r.stock_id,
    quantity: -r.quantity_delta,
  }));
}

/** Goods of a sold order are on their way back: counted as returning, not sellable. Returns units moved. */
export async function markReturning(tx: Tx, order: { orderId: string; orderCode: string }, note: string): Promise<number> {
  let moved = 0;
  for (const sale of await salesOf(tx, order.orderId)) {
    const fresh = await insertMovement(tx, {
      key: ledgerKeys.returning(order.orderId, sale.line),
      kind: MovementKind.RETURNING,
      productId: sale.productId,
      stockId: sale.stockId,
      quantityDelta: 0,
      returningDelta: sale.quantity,
      orderId: order.orderId,
      orderCode: order.orderCode,
      note,
    });
    if (!fresh) continue;
    await tx.$executeRaw`
      UPDATE stock_inventory SET returning_quantity = returning_quantity + ${sale.quantity}, updated_at = now()
       WHERE product_id = ${sale.productId} AND stock_id = ${sale.stockId}`;
    moved += sale.quantity;
  }
  return moved;
}

/**
 * Puts a sold order's goods back into the warehouse they were taken from (out of "returning" if they
 * were travelling). One key per line for every path — release, cancellation, return — so whichever path
 * gets there first does it and the others find nothing to do. Returns units put back.
 */
export async function putBack(tx: Tx, order: { orderId: string; orderCode: string }, note: string): Promise<number> {
  let restored = 0;
  for (const sale of await salesOf(tx, order.orderId)) {
    const wasReturning =
      (await tx.stockMovement.count({ where: { idempotencyKey: ledgerKeys.returning(order.orderId, sale.line) } })) > 0;
    const fresh = await insertMovement(tx, {
      key: ledgerKeys.back(order.orderId, sale.line),
      kind: MovementKind.RESTOCK,
      productId: sale.productId,
      stockId: sale.stockId,
      quantityDelta: sale.quantity,
      returningDelta: wasReturning ? -sale.quantity : 0,
      orderId: order.orderId,
      orderCode: order.orderCode,
      note,
    });
    if (!fresh) continue;
    await tx.$executeRaw`
      UPDATE stock_inventory
         SET quantity = quantity + ${sale.quantity},
             returning_quantity = returning_quantity - ${wasReturning ? sale.quantity : 0},
             updated_at = now()
       WHERE product_id = ${sale.productId} AND stock_id = ${sale.stockId}`;
    restored += sale.quantity;
  }
  return restored;
}

/** A manual correction by an operator or the inventory loader, recorded like any other movement. */
export async function adjust(tx: Tx, key: string, productId: number, stockId: number, delta: number, note: string): Promise<boolean> {
  const fresh = await insertMovement(tx, { key, kind: MovementKind.ADJUSTMENT, productId, stockId, quantityDelta: delta, note });
  if (!fresh) return false;
  const changed = await tx.$executeRaw`
    UPDATE stock_inventory SET quantity = quantity + ${delta}, updated_at = now()
     WHERE product_id = ${productId} AND stock_id = ${stockId} AND quantity + ${delta} >= 0`;
  if (changed !== 1) throw new Error(`adjustment ${key} would make stock negative or the inventory row is missing`);
  return true;
}
