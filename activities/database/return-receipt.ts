/**
 * Returns received (issue 13 §5): the goods of a cancelled or returned order that had left the shop are put
 * back only as an operator receives them — `npm run cli -- order received <code>` — good units into sellable
 * stock, damaged ones into damaged_quantity (in the ledger, never sellable), units that did not come back
 * recorded as missing. Once per order: a second receipt finds it received and changes nothing. A return still
 * travelling back after returnReceiptDays is flagged for an operator, once.
 */
import { SyncState } from '../../domain/order-lifecycle.js';
import type { Database } from '../../platform/prisma-client.js';
import { recordEvent } from './business-events.js';
import { receiveLine, ReceiptNotPossible, salesOf, type SoldLine } from './stock-ledger.js';
import { inTransaction, type Tx } from './transaction.js';

/** What the operator counted: for the whole order (one SKU), or per SKU. */
export type ReturnCount = { good: number; damaged: number } | { perSku: Map<string, { good: number; damaged: number }> };

export type ReceiptOutcome =
  | { kind: 'received'; good: number; damaged: number; missing: number }
  | { kind: 'already-received'; at: Date };

/** The receipt cannot be recorded as asked; the message says why and what to type instead. Nothing changed. */
export class ReceiptRefusal extends Error {
  override name = 'ReceiptRefusal';
}

/** An order kaspi-sync does not know. */
export class UnknownOrder extends Error {
  override name = 'UnknownOrder';
}

interface LockedReturn {
  order_id: string;
  sync_state: string;
  handed_over_at: Date | null;
  return_received_at: Date | null;
}

export async function receiveReturn(db: Database, orderCode: string, count: ReturnCount): Promise<ReceiptOutcome> {
  try {
    return await inTransaction(db, async (tx) => {
      const rows = await tx.$queryRaw<LockedReturn[]>`
        SELECT order_id, sync_state, handed_over_at, return_received_at FROM kaspi_orders WHERE order_code = ${orderCode} FOR UPDATE`;
      const row = rows[0];
      if (!row) throw new UnknownOrder(`order ${orderCode} is not in kaspi-sync's database (not taken in yet, or another shop's); nothing changed`);
      if (row.return_received_at) return { kind: 'already-received', at: row.return_received_at } as const;
      const order = { orderId: row.order_id, orderCode };
      const sales = (await salesOf(tx, row.order_id)).filter((sale) => sale.quantity > 0);
      await expectReturn(tx, row, sales, orderCode);
      const skus = await skusOf(tx, sales);
      const plan = planReceipt(orderCode, sales, skus, count);
      for (const { sale, good, damaged } of plan) {
        await receiveLine(tx, order, sale, good, damaged, `received: ${good} good, ${damaged} damaged of ${sale.quantity}`);
      }
      const totals = plan.reduce((t, p) => ({ good: t.good + p.good, damaged: t.damaged + p.damaged, missing: t.missing + p.sale.quantity - p.good - p.damaged }), { good: 0, damaged: 0, missing: 0 });
      const now = new Date();
      await tx.kaspiOrder.update({ where: { orderId: row.order_id }, data: { syncState: SyncState.RESTOCKED, returnReceivedAt: now, closedAt: now } });
      await recordEvent(tx, { level: totals.missing > 0 ? 'WARNING' : 'INFO', message: 'return received', orderCode, extra: totals });
      return { kind: 'received', ...totals } as const;
    });
  } catch (error) {
    if (error instanceof ReceiptNotPossible) throw new ReceiptRefusal(`order ${orderCode}: ${error.message}; nothing changed`);
    throw error;
  }
}

/** Only goods that left the shop are received: an order travelling back, or one an automatic policy already put back. */
async function expectReturn(tx: Tx, row: LockedReturn, sales: SoldLine[], orderCode: string): Promise<void> {
  if (sales.length === 0) throw new ReceiptRefusal(`order ${orderCode} has no stock taken by kaspi-sync (held, or the old script's); there is nothing to receive; nothing changed`);
  if (row.sync_state === SyncState.RETURNING) return;
  const wentOut = row.handed_over_at !== null || (await tx.stockMovement.count({ where: { orderId: row.order_id, kind: 'RETURNING' } })) > 0;
  if (row.sync_state === SyncState.RESTOCKED && wentOut) return;
  throw new ReceiptRefusal(
    `order ${orderCode} is ${row.sync_state} in kaspi-sync, not a return on its way back (see \`kaspi-sync order show ${orderCode}\`); nothing changed`,
  );
}

async function skusOf(tx: Tx, sales: SoldLine[]): Promise<Map<number, string>> {
  const products = await tx.product.findMany({ where: { id: { in: sales.map((s) => s.productId) } }, select: { id: true, sku: true } });
  return new Map(products.map((p) => [p.id, p.sku ?? String(p.id)]));
}

/** Splits the count over the order's lines (an SKU on several lines: good first, in line order), or refuses. */
function planReceipt(orderCode: string, sales: SoldLine[], skus: Map<number, string>, count: ReturnCount): { sale: SoldLine; good: number; damaged: number }[] {
  const bySku = new Map<string, SoldLine[]>();
  for (const sale of [...sales].sort((a, b) => a.line - b.line)) {
    const sku = skus.get(sale.productId)!;
    bySku.set(sku, [...(bySku.get(sku) ?? []), sale]);
  }
  let counts: Map<string, { good: number; damaged: number }>;
  if ('perSku' in count) {
    const unknown = [...count.perSku.keys()].filter((sku) => !bySku.has(sku));
    if (unknown.length > 0) throw new ReceiptRefusal(`order ${orderCode} has no line of ${unknown.join(', ')} (its lines: ${[...bySku.keys()].join(', ')}); nothing changed`);
    const unsaid = [...bySku.keys()].filter((sku) => !count.perSku.has(sku));
    if (unsaid.length > 0) throw new ReceiptRefusal(`order ${orderCode}: say what came back of ${unsaid.join(', ')} too (--line ${unsaid[0]}:GOOD:DAMAGED); nothing changed`);
    counts = count.perSku;
  } else {
    if (bySku.size > 1) {
      throw new ReceiptRefusal(`order ${orderCode} has lines of ${[...bySku.keys()].join(', ')}: count per line, e.g. --line ${[...bySku.keys()][0]}:1:0; nothing changed`);
    }
    counts = new Map([[[...bySku.keys()][0], count]]);
  }
  const plan: { sale: SoldLine; good: number; damaged: number }[] = [];
  for (const [sku, lines] of bySku) {
    const { good, damaged } = counts.get(sku)!;
    const had = lines.reduce((sum, l) => sum + l.quantity, 0);
    if (good + damaged > had) {
      throw new ReceiptRefusal(`order ${orderCode} had ${had} unit(s) of ${sku}; ${good} good + ${damaged} damaged is more than that; nothing changed`);
    }
    let goodLeft = good;
    let damagedLeft = damaged;
    for (const sale of lines) {
      const g = Math.min(goodLeft, sale.quantity);
      const d = Math.min(damagedLeft, sale.quantity - g);
      goodLeft -= g;
      damagedLeft -= d;
      plan.push({ sale, good: g, damaged: d });
    }
  }
  return plan;
}

/**
 * Returns travelling back for longer than `days` without a receipt: each gets one warning in log_events and is
 * listed by `orders held`. Returns the codes flagged now.
 */
export async function flagOverdueReturns(db: Database, days: number, now: number): Promise<string[]> {
  const before = new Date(now - days * 24 * 60 * 60 * 1000);
  const overdue = await db.kaspiOrder.findMany({
    where: { syncState: SyncState.RETURNING, returnOverdueFlaggedAt: null, returningSince: { lt: before } },
    select: { orderId: true, orderCode: true, returningSince: true },
    take: 100,
  });
  const flagged: string[] = [];
  for (const order of overdue) {
    const claimed = await db.kaspiOrder.updateMany({ where: { orderId: order.orderId, returnOverdueFlaggedAt: null }, data: { returnOverdueFlaggedAt: new Date(now) } });
    if (claimed.count !== 1) continue;
    await recordEvent(db, {
      level: 'WARNING',
      message: `return not received within ${days} day(s): check with Kaspi where the goods are, then \`order received ${order.orderCode}\``,
      orderCode: order.orderCode,
      extra: { returningSince: order.returningSince?.toISOString() },
    });
    flagged.push(order.orderCode);
  }
  return flagged;
}

/** Returns still not received after `days`, oldest first (for `orders held`). */
export async function overdueReturns(db: Database, days: number, now: number = Date.now()): Promise<{ orderCode: string; returningSince: Date }[]> {
  const rows = await db.kaspiOrder.findMany({
    where: { syncState: SyncState.RETURNING, returningSince: { lt: new Date(now - days * 24 * 60 * 60 * 1000) } },
    select: { orderCode: true, returningSince: true },
    orderBy: { returningSince: 'asc' },
    take: 200,
  });
  return rows.map((r) => ({ orderCode: r.orderCode, returningSince: r.returningSince! }));
}
