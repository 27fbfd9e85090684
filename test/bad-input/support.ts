/**
 * Shared checks of the bad-input corpus: what was recorded before a bad input must be exactly what is
 * recorded after it, and the worker must still process a good order afterwards.
 */
import assert from 'node:assert/strict';
import type { SyncHarness } from '../support/sync-harness.js';
import type { InventoryData } from '../../activities/database/inventory-loader.js';

export const GOOD_SKU = 'SKU-OK';

export const BAD_INPUT_INVENTORY: InventoryData = {
  products: [
    { sku: 'SKU-A', model: 'A', stock: { PP1: 5, PP15: 5 } },
    { sku: 'SKU-B', model: 'B', stock: { PP2: 3 } },
    { sku: GOOD_SKU, model: 'OK', stock: { PP1: 1000 } },
  ],
};

export interface Recorded {
  orders: Record<string, unknown>[];
  stock: Record<string, unknown>[];
  movements: Record<string, unknown>[];
}

/** Everything kaspi-sync has recorded about orders and stock, minus timestamps. */
export async function recorded(h: SyncHarness): Promise<Recorded> {
  const orders = await h.db.kaspiOrder.findMany({
    select: {
      orderId: true, orderCode: true, stockName: true, status: true, syncState: true, holdReason: true, assembled: true, waybillUrl: true,
      lines: { select: { productCode: true, quantity: true, customerPhone: true, customerName: true }, orderBy: { id: 'asc' } },
    },
    orderBy: { id: 'asc' },
  });
  const stock = await h.db.stockInventory.findMany({ select: { productId: true, stockId: true, quantity: true, returningQuantity: true }, orderBy: { id: 'asc' } });
  const movements = await h.db.stockMovement.findMany({ select: { idempotencyKey: true, quantityDelta: true, returningDelta: true }, orderBy: { id: 'asc' } });
  return { orders, stock, movements };
}

/** Nothing recorded before is lost or changed; with `stockMayChange` only the orders are compared. */
export async function assertNothingRecordedChanged(h: SyncHarness, before: Recorded, options: { stockMayChange?: boolean } = {}): Promise<void> {
  const after = await recorded(h);
  const known = new Set(before.orders.map((o) => o.orderId));
  assert.deepEqual(after.orders.filter((o) => known.has(o.orderId)), before.orders, 'orders recorded before are unchanged');
  if (!options.stockMayChange) {
    assert.deepEqual(after.stock, before.stock, 'stock is unchanged');
    assert.deepEqual(after.movements, before.movements, 'the ledger is unchanged');
  }
}

/** The worker keeps serving: with Kaspi behaving again, a good order is accepted by the next sync. */
export async function assertStillWorks(h: SyncHarness): Promise<void> {
  h.sandbox.clearFaults();
  const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: GOOD_SKU, quantity: 1 }] });
  const summary = await h.runSync();
  assert.deepEqual(summary.errors, [], 'the next sync runs cleanly');
  assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED', 'a good order is accepted after the bad input');
}

/** Every message along a failure's cause chain, so a test can look for the root cause's words. */
export function failureMessages(error: unknown): string {
  const messages: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(String(e.message));
  return messages.join(' <- ');
}

export async function heldReason(h: SyncHarness, code: string): Promise<string> {
  const row = await h.order(code);
  assert.equal(row?.syncState, 'HELD', `order ${code} is flagged HELD`);
  assert.ok(row?.holdReason, 'with a reason');
  assert.equal(h.sandbox.actionCount(code, 'ACCEPTED_BY_MERCHANT'), 0, 'and not accepted on Kaspi');
  return row.holdReason;
}
