/**
 * Data the 2026 guide (and merchants' reports) show that kaspi-sync's first lists did not: a trusted
 * recipient, phoneAlias, completionDate, a customer without cellPhone, goods sold by the metre, Kaspi's own
 * cancellation reasons and statuses nobody has listed. None of it fails an order, a page or a run.
 */
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import type { OrderLineSpec } from '../../tools/sandbox/index.js';

describe('bad input: the 2026 guide\'s data is taken in its stride', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({
      inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 100 } }, { sku: 'ROPE', model: 'Rope, per metre', stock: { PP1: 20 } }] },
      sandbox: { fields2026: true },
    });
  });
  after(() => h?.close());

  async function acceptedOrder(lines: OrderLineSpec[] = [{ sku: 'SKU-A', quantity: 1 }]) {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines });
    const summary = await h.runSync();
    await h.client.workflow.getHandle(orderWorkflowId(order.code)).result();
    return { order, summary };
  }

  it('accepts an order with recipient and phoneAlias whose customer has no cellPhone, and metered goods in METERED_PIECES', async () => {
    const { order, summary } = await acceptedOrder([{ sku: 'SKU-A', quantity: 1 }, { sku: 'ROPE', quantity: 4.2, unitType: 'METERED_PIECES' }]);
    assert.deepEqual([summary.accepted, summary.held, summary.errors.length], [1, 0, 0]);
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
    assert.equal(await h.quantity('ROPE', 'PP1'), 15, '4.2 m took 5 whole metres');
    const line = (await h.order(order.code))?.lines.find((l) => l.productCode === 'SKU-A');
    assert.match(line?.customerPhone ?? '', /^\+7\d{10}$/, 'the phone from phoneAlias');
  });

  it('closes a delivered order that carries completionDate as COMPLETED', async () => {
    const { order } = await acceptedOrder();
    h.sandbox.complete(order.code);
    await h.statusReadsDueNow();
    const summary = await h.runSync();
    assert.equal(summary.errors.length, 0, JSON.stringify(summary.errors));
    assert.equal((await h.order(order.code))?.syncState, 'COMPLETED');
  });

  it('restocks an order Kaspi cancels with a reason of its own, and records that reason', async () => {
    const { order } = await acceptedOrder([{ sku: 'SKU-A', quantity: 3 }]);
    const before = await h.quantity('SKU-A', 'PP1');
    h.sandbox.kaspiCancel(order.code, 'TIMEOUT_MERCHANT_DELIVERY');
    const summary = await h.runSync();
    assert.equal(summary.errors.length, 0, JSON.stringify(summary.errors));
    const row = await h.order(order.code);
    assert.deepEqual([row?.syncState, row?.cancellationReason], ['RESTOCKED', 'TIMEOUT_MERCHANT_DELIVERY']);
    assert.equal(await h.quantity('SKU-A', 'PP1'), before + 3);
  });

  it('stores a cancellation reason longer than its column cut to fit, rather than failing the order', async () => {
    const { order } = await acceptedOrder();
    const reason = `TECHNICAL_PROBLEM_CANCELLATION_${'X'.repeat(60)}`;
    h.sandbox.kaspiCancel(order.code, reason);
    const summary = await h.runSync();
    assert.equal(summary.errors.length, 0, JSON.stringify(summary.errors));
    const row = await h.order(order.code);
    assert.deepEqual([row?.syncState, row?.cancellationReason], ['RESTOCKED', reason.slice(0, 64)]);
  });

  it('leaves an order in a status nobody has listed as it is, and the run takes the next new order', async () => {
    const { order } = await acceptedOrder();
    h.sandbox.showUnlistedStatus(order.code, 'KASPI_DELIVERY_TRANSMITTED_2026', 'KASPI_DELIVERY');
    await h.statusReadsDueNow();
    const next = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const summary = await h.runSync();
    assert.equal(summary.accepted, 1);
    assert.equal(summary.errors.length, 0, JSON.stringify(summary.errors));
    assert.equal(h.sandbox.actionCount(next.code, 'ACCEPTED_BY_MERCHANT'), 1);
    const row = await h.order(order.code);
    assert.equal(row?.syncState, 'ACCEPTED', 'kaspi-sync does not guess with stock');
  });
});
