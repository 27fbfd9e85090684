import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';

const DAY = 24 * 60 * 60 * 1000;

describe('cancellations and returns put stock back once, in the right place, when the goods are back', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  beforeEach(async () => {
    h = await createSyncHarness({
      inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 10, PP2: 10 } }, { sku: 'SKU-B', model: 'B', stock: { PP1: 10 } }] },
    });
  });
  afterEach(() => h?.close());

  it('restocks an order cancelled before hand-over at its own warehouse, exactly once (seed D1, D8, D13)', async () => {
    const atPP1 = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    const atPP2 = h.sandbox.createOrder({ warehouse: 'PP2', lines: [{ sku: 'SKU-A', quantity: 3 }, { sku: null, quantity: 0 }].slice(0, 1) });
    await h.runSync();
    assert.equal(await h.quantity('SKU-A', 'PP1'), 8);
    assert.equal(await h.quantity('SKU-A', 'PP2'), 7);

    h.sandbox.buyerCancel(atPP2.code);
    const first = await h.runSync();
    const second = await h.runSync();

    assert.equal(first.restocked, 1);
    assert.equal(first.cancelled, 1);
    assert.equal(second.restocked, 0, 'a later run must not restock again');
    assert.equal(await h.quantity('SKU-A', 'PP2'), 10, 'restocked where it was taken from');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 8, 'the other warehouse is untouched');
    assert.equal(await h.ledgerTotal('SKU-A', 'PP2'), 10);
    const row = await h.order(atPP2.code);
    assert.equal(row?.syncState, 'RESTOCKED');
    assert.equal(row?.isCanceled, true);
    const cancellations = await h.db.kaspiCanceledOrder.findMany({ where: { orderCode: atPP2.code } });
    assert.deepEqual(cancellations.map((c) => [c.productCode, c.quantity]), [['SKU-A', 3]]);
    assert.equal((await h.order(atPP1.code))?.syncState, 'ACCEPTED');
  });

  it('holds goods cancelled during delivery as returning and restocks them only when Kaspi archives the order (seed D14)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-B', quantity: 4 }] });
    await h.runSync();
    assert.equal(await h.quantity('SKU-B', 'PP1'), 6);
    h.sandbox.handOverToCourier(order.code);
    h.sandbox.cancelInDelivery(order.code);

    const inTransit = await h.runSync();
    assert.equal(inTransit.returning, 1);
    assert.equal(await h.quantity('SKU-B', 'PP1'), 6, 'not sellable while travelling back');
    assert.equal(await h.returning('SKU-B', 'PP1'), 4);
    assert.equal((await h.order(order.code))?.syncState, 'RETURNING');

    h.sandbox.markReturnedToWarehouse(order.code);
    await h.runSync();
    assert.equal(await h.quantity('SKU-B', 'PP1'), 6, 'at Kaspi\'s warehouse is not back with the merchant (default policy)');

    h.sandbox.archiveCancelled(order.code);
    const arrived = await h.runSync();
    assert.equal(arrived.restocked, 1);
    assert.equal(await h.quantity('SKU-B', 'PP1'), 10);
    assert.equal(await h.returning('SKU-B', 'PP1'), 0);
    await h.runSync();
    assert.equal(await h.quantity('SKU-B', 'PP1'), 10, 'exactly once');
  });

  it('restocks on returnedToWarehouse when configured to', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-B', quantity: 1 }] });
    await h.runSync();
    h.sandbox.handOverToCourier(order.code);
    h.sandbox.cancelInDelivery(order.code);
    await h.runSync({ settings: { restockAfterHandover: 'returned-to-warehouse' } });
    assert.equal(await h.quantity('SKU-B', 'PP1'), 9);
    h.sandbox.markReturnedToWarehouse(order.code);
    await h.runSync({ settings: { restockAfterHandover: 'returned-to-warehouse' } });
    assert.equal(await h.quantity('SKU-B', 'PP1'), 10);
    assert.equal(await h.returning('SKU-B', 'PP1'), 0);
  });

  it('restocks a return after the waybill only when the goods are back, even for an order created 20 days ago (seed D6)', async () => {
    const order = h.sandbox.createOrder({
      warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', creationDate: Date.now() - 20 * DAY,
      lines: [{ sku: 'SKU-A', quantity: 1 }, { sku: 'SKU-B', quantity: 2 }],
    });
    await h.runSync({ window: { createdFrom: Date.now() - 21 * DAY } });
    assert.ok((await h.order(order.code))?.waybillUrl, 'waybill stored');
    h.sandbox.handOverToCourier(order.code);
    h.sandbox.complete(order.code);
    // An accepted order is read on its own a day after acceptance, to record its delivery.
    await h.statusReadsDueNow();
    const completed = await h.runSync();
    assert.equal(completed.completed, 1);

    h.sandbox.requestReturn(order.code);
    await h.runSync();
    assert.equal(await h.quantity('SKU-A', 'PP1'), 9);
    assert.equal(await h.returning('SKU-A', 'PP1'), 1);

    h.sandbox.completeReturn(order.code);
    const back = await h.runSync();
    assert.equal(back.restocked, 1);
    assert.equal(await h.quantity('SKU-A', 'PP1'), 10);
    assert.equal(await h.quantity('SKU-B', 'PP1'), 10);
    const row = await h.order(order.code);
    assert.equal(row?.isReturned, true);
    assert.equal(row?.syncState, 'RESTOCKED');
    const listed = h.sandbox.requests().filter((r) => r.path.endsWith('/orders') && r.query['filter[orders][state]'] === 'ARCHIVE');
    assert.ok(listed.some((r) => Number(r.query['filter[orders][creationDate][$ge]']) <= order.creationDate), 'looked back far enough');
  });

  it('follows an order older than the tracking window by reading it directly', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', creationDate: Date.now() - 40 * DAY, lines: [{ sku: 'SKU-A', quantity: 5 }] });
    await h.runSync({ window: { createdFrom: Date.now() - 41 * DAY } });
    assert.equal(await h.quantity('SKU-A', 'PP1'), 5);
    h.sandbox.buyerCancel(order.code);
    // No list covers it: its next read of its own (a day after acceptance) finds the cancellation.
    await h.statusReadsDueNow();
    const run = await h.runSync();
    assert.equal(run.restocked, 1);
    assert.equal(await h.quantity('SKU-A', 'PP1'), 10);
    assert.ok(h.sandbox.requests().some((r) => r.method === 'GET' && r.path.endsWith(`/orders/${order.id}`)));
  });
  it('stops following a delivered order once its return window has passed, and keeps following a recent one', async () => {
    const spec = { warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL' as const, creationDate: Date.now() - 40 * DAY, lines: [{ sku: 'SKU-A', quantity: 1 }] };
    const longAgo = h.sandbox.createOrder(spec);
    const recent = h.sandbox.createOrder(spec);
    await h.runSync({ window: { createdFrom: Date.now() - 41 * DAY } });
    for (const order of [longAgo, recent]) {
      h.sandbox.handOverToCourier(order.code);
      h.sandbox.complete(order.code);
    }
    await h.statusReadsDueNow();
    assert.equal((await h.runSync()).completed, 2);
    // Delivered 31 days ago: outside the 30-day statusTrackingDays, so no longer read on every run.
    await h.db.kaspiOrder.update({ where: { orderId: longAgo.id }, data: { closedAt: new Date(Date.now() - 31 * DAY) } });
    h.sandbox.requestReturn(longAgo.code);
    h.sandbox.requestReturn(recent.code);
    await h.statusReadsDueNow();
    h.sandbox.clearRequests();

    const run = await h.runSync();
    assert.equal(run.returning, 1);
    assert.equal((await h.order(recent.code))?.syncState, 'RETURNING');
    assert.equal((await h.order(longAgo.code))?.syncState, 'COMPLETED');
    const read = (id: string) => h.sandbox.requests().some((r) => r.method === 'GET' && r.path.endsWith(`/orders/${id}`));
    assert.ok(read(recent.id), 'the recent order is read directly (created before the list window)');
    assert.ok(!read(longAgo.id), 'the order delivered long ago is not read any more');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 8);
    assert.equal(await h.returning('SKU-A', 'PP1'), 1);
  });

  it('applies the other orders\' cancellations when Kaspi sends unusable data for one, and that one on a later run', async () => {
    const spec = { warehouse: 'PP1', creationDate: Date.now() - 40 * DAY, lines: [{ sku: 'SKU-B', quantity: 2 }] };
    const broken = h.sandbox.createOrder(spec);
    const fine = h.sandbox.createOrder(spec);
    await h.runSync({ window: { createdFrom: Date.now() - 41 * DAY } });
    assert.equal(await h.quantity('SKU-B', 'PP1'), 6);
    h.sandbox.buyerCancel(broken.code);
    h.sandbox.buyerCancel(fine.code);
    h.sandbox.injectFault({ route: 'get-order', kind: 'schema', orderCode: broken.code });
    await h.statusReadsDueNow();

    const run = await h.runSync();
    assert.deepEqual(run.errors, []);
    assert.equal(run.restocked, 1);
    assert.equal((await h.order(fine.code))?.syncState, 'RESTOCKED');
    assert.equal((await h.order(broken.code))?.syncState, 'ACCEPTED');
    assert.equal(await h.quantity('SKU-B', 'PP1'), 8);
    const skipped = await h.db.logEvent.findFirst({ where: { level: 'WARNING', message: { startsWith: 'status check skipped' } } });
    assert.match(JSON.stringify(skipped?.extraData), new RegExp(broken.code));
    assert.match(JSON.stringify(skipped?.extraData), /GET \/orders\/\{id\} returned an unexpected payload/);

    h.sandbox.clearFaults();
    await h.statusReadsDueNow();
    assert.equal((await h.runSync()).restocked, 1);
    assert.equal(await h.quantity('SKU-B', 'PP1'), 10);
  });
});
