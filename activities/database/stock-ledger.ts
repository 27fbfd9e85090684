/**
 * The only code that changes stock_inventory. Every change is a row in stock_movements with an
 * idempotency key, inserted in the same transaction as the quantity update, so retries, worker crashes
 * and overlapping runs can never apply an effect twice — the second insert finds the key and does nothing.
 */
import { ledgerKeys, lineOfLedgerKey, MovementKind } from '../../domain/order-lifecycle.js';
import type { Shortage } from '../../domain/sync-types.js';
import type { Tx } from './transaction.js';
import { Prisma } from '../../generated/prisma/client.js';

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
  movement: { key: string; kind: string; productId: number; stockId: number; quantityDelta: number; returningDelta?: number; damagedDelta?: number; orderId?: string; orderCode?: string; note?: string },
): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO stock_movements (idempotency_key, kind, product_id, stock_id, quantity_delta, returning_delta, damaged_delta, order_id, order_code, note)
    VALUES (${movement.key}, ${movement.kind}, ${movement.productId}, ${movement.stockId}, ${movement.quantityDelta},
            ${movement.returningDelta ?? 0}, ${movement.damagedDelta ?? 0}, ${movement.orderId ?? null}, ${movement.orderCode ?? null}, ${movement.note ?? null})
    ON CONFLICT (idempotency_key) DO NOTHING`;
  return inserted === 1;
}

/**
 * Takes every line's quantity out of the warehouse, all or nothing: on any shortage it throws
 * InsufficientStock and the caller's transaction rolls back. One statement for the whole order (this runs for
 * every order): the sale movements are inserted under their idempotency keys, and only the lines whose key was
 * new take stock — a repeat takes nothing. The warehouse's rows are locked in product order first, so two
 * orders sharing products cannot deadlock; lines of one product are taken together.
 */
export async function reserveLines(tx: Tx, order: { orderId: string; orderCode: string }, stockId: number, lines: LedgerLine[]): Promise<void> {
  if (lines.length === 0) return;
  const wanted = lines.map((line) => Prisma.sql`(${ledgerKeys.sale(order.orderId, line.lineNumber)}, ${line.productId}::int, ${line.quantity}::int, ${line.lineNumber}::int)`);
  const rows = await tx.$queryRaw<{ idempotency_key: string; product_id: number; quantity: number; available: number; taken: boolean }[]>`
    WITH wanted (idempotency_key, product_id, quantity, line_number) AS (VALUES ${Prisma.join(wanted)}),
    locked AS (
      SELECT product_id, quantity FROM stock_inventory
       WHERE stock_id = ${stockId} AND product_id IN (SELECT product_id FROM wanted)
       ORDER BY product_id FOR UPDATE
    ), fresh AS (
      INSERT INTO stock_movements (idempotency_key, kind, product_id, stock_id, quantity_delta, returning_delta, damaged_delta, order_id, order_code)
      SELECT idempotency_key, ${MovementKind.SALE}, product_id, ${stockId}, -quantity, 0, 0, ${order.orderId}, ${order.orderCode}
        FROM wanted ORDER BY product_id, line_number
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING idempotency_key, product_id, -quantity_delta AS quantity
    ), needed AS (
      SELECT product_id, sum(quantity)::int AS quantity FROM fresh GROUP BY product_id
    ), taken AS (
      UPDATE stock_inventory AS i SET quantity = i.quantity - n.quantity, updated_at = now()
        FROM needed AS n JOIN locked AS l USING (product_id)
       WHERE i.product_id = n.product_id AND i.stock_id = ${stockId} AND i.quantity >= n.quantity
      RETURNING i.product_id
    )
    SELECT f.idempotency_key, f.product_id, f.quantity::int, COALESCE(l.quantity, 0)::int AS available, t.product_id IS NOT NULL AS taken
      FROM fresh AS f LEFT JOIN locked AS l USING (product_id) LEFT JOIN taken AS t USING (product_id)`;
  const shortages = shortagesOf(lines, order.orderId, rows);
  if (shortages.length > 0) throw new InsufficientStock(shortages);
}

/**
 * The shortages of a product the statement could not take, line by line as an operator reads them: in product and
 * line order, each new line takes what is left if it fits ("SKU-A needs 1, has 0" for the second of two lines).
 */
function shortagesOf(lines: LedgerLine[], orderId: string, rows: { idempotency_key: string; product_id: number; quantity: number; available: number; taken: boolean }[]): Shortage[] {
  const fresh = new Map(rows.map((row) => [row.idempotency_key, row]));
  const left = new Map<number, number>();
  const shortages: Shortage[] = [];
  for (const line of [...lines].sort((a, b) => a.productId - b.productId || a.lineNumber - b.lineNumber)) {
    const row = fresh.get(ledgerKeys.sale(orderId, line.lineNumber));
    if (!row || row.taken) continue;
    const available = left.get(line.productId) ?? row.available;
    if (available >= line.quantity) left.set(line.productId, available - line.quantity);
    else shortages.push({ sku: line.sku, wanted: line.quantity, available });
  }
  return shortages;
}

interface SaleMovement {
  idempotency_key: string;
  product_id: number;
  stock_id: number;
  quantity_delta: number;
  reduced: number;
}

/** One line of an order as the ledger holds it: taken, less what Kaspi no longer shows on it (`reduced:`). */
export interface SoldLine {
  line: number;
  productId: number;
  stockId: number;
  /** Units taken for the line and not given back as a reduction: what can come back, be returning, be received. */
  quantity: number;
  /** Units taken by the sale itself. */
  taken: number;
}

export async function salesOf(tx: Tx, orderId: string): Promise<SoldLine[]> {
  const rows = await tx.$queryRaw<SaleMovement[]>`
    SELECT s.idempotency_key, s.product_id, s.stock_id, s.quantity_delta,
           COALESCE((SELECT r.quantity_delta FROM stock_movements r
                      WHERE r.idempotency_key = 'reduced:' || substr(s.idempotency_key, 6)), 0)::int AS reduced
      FROM stock_movements s
     WHERE s.order_id = ${orderId} AND s.kind = ${MovementKind.SALE} ORDER BY s.product_id, s.idempotency_key`;
  return rows.map((r) => ({
    line: lineOfLedgerKey(r.idempotency_key),
    productId: r.product_id,
    stockId: r.stock_id,
    quantity: -r.quantity_delta - r.reduced,
    taken: -r.quantity_delta,
  }));
}

async function keyTaken(tx: Tx, key: string): Promise<boolean> {
  return (await tx.stockMovement.count({ where: { idempotencyKey: key } })) > 0;
}

/**
 * Kaspi now shows `stillSold` units on a line kaspi-sync took `sale.taken` for (a line cancelled, a quantity or
 * weight corrected): the difference goes back into sellable stock — out of "returning" if the line is
 * travelling back — once per line (`reduced:`), and never for a line whose goods already came back. Returns
 * the units put back.
 */
export async function restockReduction(tx: Tx, order: { orderId: string; orderCode: string }, sale: SoldLine, stillSold: number, note: string): Promise<number> {
  const difference = sale.taken - Math.max(0, stillSold);
  if (difference <= 0 || (await keyTaken(tx, ledgerKeys.back(order.orderId, sale.line)))) return 0;
  const wasReturning = await keyTaken(tx, ledgerKeys.returning(order.orderId, sale.line));
  const fresh = await insertMovement(tx, {
    key: ledgerKeys.reduced(order.orderId, sale.line),
    kind: MovementKind.LINE_REDUCED,
    productId: sale.productId,
    stockId: sale.stockId,
    quantityDelta: difference,
    returningDelta: wasReturning ? -difference : 0,
    orderId: order.orderId,
    orderCode: order.orderCode,
    note,
  });
  if (!fresh) return 0;
  await tx.$executeRaw`
    UPDATE stock_inventory SET quantity = quantity + ${difference}, returning_quantity = returning_quantity - ${wasReturning ? difference : 0}, updated_at = now()
     WHERE product_id = ${sale.productId} AND stock_id = ${sale.stockId}`;
  return difference;
}

/** Thrown inside a receipt's transaction: the receipt cannot be recorded as asked, and nothing changes. */
export class ReceiptNotPossible extends Error {}

/**
 * The receipt of one returned line: `good` units into sellable stock, `damaged` units into damaged_quantity
 * (never sellable), the rest recorded as not come back. From "returning" when the line is travelling back; when
 * an automatic policy already put the line back into stock, the damaged and missing units come out of it again.
 * Keys `back:`, `damaged:`, `missing:` per line: a receipt is recorded once.
 */
export async function receiveLine(tx: Tx, order: { orderId: string; orderCode: string }, sale: SoldLine, good: number, damaged: number, note: string): Promise<void> {
  const missing = sale.quantity - good - damaged;
  const alreadyBack = await keyTaken(tx, ledgerKeys.back(order.orderId, sale.line));
  const returning = !alreadyBack && (await keyTaken(tx, ledgerKeys.returning(order.orderId, sale.line)));
  const base = { productId: sale.productId, stockId: sale.stockId, orderId: order.orderId, orderCode: order.orderCode, note };
  const moves = alreadyBack
    ? [
        { key: ledgerKeys.damaged(order.orderId, sale.line), kind: MovementKind.DAMAGED, quantityDelta: -damaged, returningDelta: 0, damagedDelta: damaged },
        { key: ledgerKeys.missing(order.orderId, sale.line), kind: MovementKind.RETURN_MISSING, quantityDelta: -missing, returningDelta: 0, damagedDelta: 0 },
      ]
    : [
        { key: ledgerKeys.back(order.orderId, sale.line), kind: MovementKind.RESTOCK, quantityDelta: good, returningDelta: returning ? -good : 0, damagedDelta: 0 },
        { key: ledgerKeys.damaged(order.orderId, sale.line), kind: MovementKind.DAMAGED, quantityDelta: 0, returningDelta: returning ? -damaged : 0, damagedDelta: damaged },
        { key: ledgerKeys.missing(order.orderId, sale.line), kind: MovementKind.RETURN_MISSING, quantityDelta: 0, returningDelta: returning ? -missing : 0, damagedDelta: 0 },
      ];
  for (const move of moves) {
    if (move.quantityDelta === 0 && move.returningDelta === 0 && move.damagedDelta === 0 && move.kind !== MovementKind.RESTOCK) continue;
    if (!(await insertMovement(tx, { ...base, ...move }))) continue;
    const changed = await tx.$executeRaw`
      UPDATE stock_inventory
         SET quantity = quantity + ${move.quantityDelta}, returning_quantity = returning_quantity + ${move.returningDelta},
             damaged_quantity = damaged_quantity + ${move.damagedDelta}, updated_at = now()
       WHERE product_id = ${sale.productId} AND stock_id = ${sale.stockId} AND quantity + ${move.quantityDelta} >= 0`;
    if (changed !== 1) throw new ReceiptNotPossible(`only ${await sellable(tx, sale)} unit(s) of the line are left in sellable stock to take ${-move.quantityDelta} damaged or missing unit(s) out of`);
  }
}

async function sellable(tx: Tx, sale: SoldLine): Promise<number> {
  const rows = await tx.$queryRaw<{ quantity: number }[]>`SELECT quantity FROM stock_inventory WHERE product_id = ${sale.productId} AND stock_id = ${sale.stockId}`;
  return rows[0]?.quantity ?? 0;
}

/** Goods of a sold order are on their way back: counted as returning, not sellable. Returns units moved. */
export async function markReturning(tx: Tx, order: { orderId: string; orderCode: string }, note: string): Promise<number> {
  let moved = 0;
  for (const sale of await salesOf(tx, order.orderId)) {
    if (sale.quantity <= 0) continue;
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
    if (sale.quantity <= 0) continue;
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
