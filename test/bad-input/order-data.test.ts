import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import type { OrderSpec } from '../../tools/sandbox/index.js';
import { assertNothingRecordedChanged, assertStillWorks, BAD_INPUT_INVENTORY, heldReason, recorded } from './support.js';

describe('bad input: order data kaspi-sync cannot act on is held with the cause, nothing else changes', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({ inventory: BAD_INPUT_INVENTORY });
    await assertStillWorks(h);
  });
  after(() => h?.close());

  const cases: { name: string; spec: Omit<OrderSpec, 'isKaspiDelivery'>; reason: RegExp }[] = [
    { name: 'a line without SKU (Kaspi sent no offer code)', spec: { warehouse: 'PP1', lines: [{ sku: null, quantity: 1 }] }, reason: /line 0 has no SKU/ },
    { name: 'an unknown SKU', spec: { warehouse: 'PP1', lines: [{ sku: 'SKU-NOPE', quantity: 1 }] }, reason: /unknown SKU SKU-NOPE/ },
    { name: 'an unknown SKU next to a known one (all or nothing)', spec: { warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }, { sku: 'SKU-NOPE-2', quantity: 1 }] }, reason: /unknown SKU SKU-NOPE-2/ },
    { name: 'an unknown warehouse', spec: { warehouse: 'PP9', lines: [{ sku: 'SKU-A', quantity: 1 }] }, reason: /unknown warehouse PP9/ },
    { name: 'a pickupPointId without a warehouse part', spec: { warehouse: 'PP1', pickupPointId: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] }, reason: /cannot tell the warehouse from pickupPointId "PP1"/ },
    { name: 'an empty pickupPointId', spec: { warehouse: 'PP1', pickupPointId: '', lines: [{ sku: 'SKU-A', quantity: 1 }] }, reason: /cannot tell the warehouse from pickupPointId/ },
    { name: 'a pickupPointId ending in the separator', spec: { warehouse: 'PP1', pickupPointId: '30123456_', lines: [{ sku: 'SKU-A', quantity: 1 }] }, reason: /cannot tell the warehouse from pickupPointId "30123456_"/ },
    { name: 'quantity 0', spec: { warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 0 }] }, reason: /line 0 \(SKU-A\) has quantity 0; it must be a positive whole number/ },
    { name: 'a negative quantity', spec: { warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: -1 }] }, reason: /line 0 \(SKU-A\) has quantity -1/ },
    { name: 'a fractional quantity', spec: { warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1.5 }] }, reason: /line 0 \(SKU-A\) has quantity 1.5/ },
    { name: 'a bad line after a good one', spec: { warehouse: 'PP15', lines: [{ sku: 'SKU-A', quantity: 1 }, { sku: 'SKU-A', quantity: -2 }] }, reason: /line 1 \(SKU-A\) has quantity -2/ },
    { name: 'more units than the warehouse has', spec: { warehouse: 'PP2', lines: [{ sku: 'SKU-B', quantity: 4 }] }, reason: /out of stock at PP2: SKU-B needs 4, has 3/ },
  ];

  for (const { name, spec, reason } of cases) {
    it(`holds an order with ${name}, naming the cause`, async () => {
      const before = await recorded(h);
      const order = h.sandbox.createOrder({ ...spec, isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP' });
      const summary = await h.runSync();
      assert.equal(summary.held, 1);
      assert.match(await heldReason(h, order.code), reason);
      const event = await h.db.logEvent.findFirst({ where: { level: 'WARNING', message: { startsWith: 'order held' } }, orderBy: { id: 'desc' } });
      assert.match(event?.message ?? '', reason, 'the reason is in log_events too');
      await assertNothingRecordedChanged(h, before);
      await assertStillWorks(h);
    });
  }

  it('reserves duplicate lines of one SKU together when the stock covers both', async () => {
    const before = await recorded(h);
    const stockBefore = await h.quantity('SKU-A', 'PP15');
    const order = h.sandbox.createOrder({ warehouse: 'PP15', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-A', quantity: 1 }, { sku: 'SKU-A', quantity: 2 }] });
    await h.runSync();
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
    assert.equal(await h.quantity('SKU-A', 'PP15'), stockBefore - 3, 'both lines taken, once each');
    assert.equal(await h.ledgerTotal('SKU-A', 'PP15'), stockBefore - 3);
    assert.equal((await h.order(order.code))?.lines.length, 2);
    await assertNothingRecordedChanged(h, before, { stockMayChange: true });
  });

  it('holds duplicate lines of one SKU that together exceed the stock, taking nothing', async () => {
    const stock = await h.quantity('SKU-A', 'PP15');
    const before = await recorded(h);
    const order = h.sandbox.createOrder({
      warehouse: 'PP15', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP',
      lines: [{ sku: 'SKU-A', quantity: stock }, { sku: 'SKU-A', quantity: 1 }],
    });
    await h.runSync();
    assert.match(await heldReason(h, order.code), new RegExp(`out of stock at PP15: SKU-A needs 1, has 0`));
    await assertNothingRecordedChanged(h, before);
    await assertStillWorks(h);
  });
});
