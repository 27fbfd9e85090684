/**
 * Issue 13 §4: orders sold outside kaspi-sync that moved past acceptance between two runs — accepted and
 * completed at the counter, or already in return — get their stock taken exactly once, or are flagged "sold on
 * Kaspi without stock"; never for orders created before the cut-over. Real worker, sandbox over HTTP.
 */
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { setCutover } from '../../activities/database/cutover.js';

const HOUR = 60 * 60 * 1000;

describe('orders sold on Kaspi outside kaspi-sync between two runs', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({
      inventory: { products: ['TEA', 'MUG', 'RARE', 'OLD'].map((sku) => ({ sku, model: sku, stock: { PP1: sku === 'RARE' ? 0 : 10 } })) },
    });
    await setCutover(h.db, new Date(Date.now() - HOUR), 'test');
  });
  after(() => h?.close());

  const sales = (code: string) => h.db.stockMovement.count({ where: { orderCode: code, kind: 'SALE' } });

  it('an order accepted and completed in the cabinet between two runs has its stock taken once', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'TEA', quantity: 2 }] });
    h.sandbox.acceptInCabinet(order.code);
    h.sandbox.complete(order.code);
    await h.runSync();
    assert.equal(await h.quantity('TEA', 'PP1'), 8);
    await h.statusReadsDueNow();
    await h.runSync();
    await h.runSync();
    assert.equal(await h.quantity('TEA', 'PP1'), 8, 'later runs take nothing more');
    assert.equal(await sales(order.code), 1);
    assert.equal(await h.ledgerTotal('TEA', 'PP1'), 8);
    assert.equal((await h.order(order.code))?.syncState, 'COMPLETED');
    assert.equal(h.sandbox.requests().filter((r) => r.method === 'POST' && r.orderCode === order.code).length, 0, 'nothing sent to Kaspi for it');
  });

  it('an order already being returned when first seen has its stock taken once and is followed as returning', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'MUG', quantity: 1 }] });
    h.sandbox.acceptInCabinet(order.code);
    h.sandbox.complete(order.code);
    h.sandbox.requestReturn(order.code);
    await h.runSync();
    await h.runSync();
    assert.equal(await sales(order.code), 1);
    assert.equal((await h.order(order.code))?.syncState, 'RETURNING');
    assert.deepEqual([await h.quantity('MUG', 'PP1'), await h.returning('MUG', 'PP1')], [9, 1]);
  });

  it('one sold without stock is flagged "sold on Kaspi without stock" for an operator, nothing taken', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'RARE', quantity: 1 }] });
    h.sandbox.acceptInCabinet(order.code);
    h.sandbox.complete(order.code);
    await h.runSync();
    const row = await h.order(order.code);
    assert.equal(row?.syncState, 'HELD');
    assert.match(row?.holdReason ?? '', /^accepted on Kaspi outside kaspi-sync \(Kaspi: COMPLETED\) but its stock was not taken — sold on Kaspi without stock: out of stock at PP1: RARE needs 1, has 0/);
    assert.equal(await h.quantity('RARE', 'PP1'), 0);
  });

  it('never takes stock for an order completed elsewhere that was created before the cut-over', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', creationDate: Date.now() - 2 * HOUR, lines: [{ sku: 'OLD', quantity: 1 }] });
    h.sandbox.acceptInCabinet(order.code);
    h.sandbox.complete(order.code);
    await h.runSync();
    assert.equal(await h.quantity('OLD', 'PP1'), 10);
    assert.equal(await h.order(order.code), null);
  });
});
