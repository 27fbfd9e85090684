// Seed defects (D-codes, docs/seed-defects.md) not covered elsewhere; each scenario fails on the seed's behaviour.
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { applyStatusChange } from '../../activities/database/status-changes.js';
import { reserveOrder } from '../../activities/database/reservations.js';

describe('seed defects that stay fixed', function () {
  this.timeout(180_000);
  let h: SyncHarness;
  let clockOffset = 0;

  beforeEach(async () => {
    clockOffset = 0;
    h = await createSyncHarness({
      inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 10 } }] },
      // The waybill takes two minutes to appear; the sandbox clock lets the test jump ahead.
      sandbox: { waybillDelayMs: 120_000, now: () => Date.now() + clockOffset },
    });
  });
  afterEach(() => h?.close());

  it('stores a waybill that appeared after the run gave up waiting, in the next run without new orders (D16)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const first = await h.runSync();
    assert.equal(first.accepted, 1);
    assert.equal(first.waybillsPending, 1);
    assert.equal((await h.order(order.code))?.waybillUrl, null);

    clockOffset = 5 * 60_000;
    const second = await h.runSync();
    assert.equal(second.newOrdersSeen, 0);
    assert.equal(second.waybillsStored, 1);
    const row = await h.order(order.code);
    assert.ok(row?.waybillUrl);
    assert.equal(row?.invoiceGenerated, true);
    assert.equal(h.sandbox.actionCount(order.code, 'ASSEMBLE'), 1, 'not assembled a second time');
  });

  it('processes the other orders when one is cancelled before acceptance and another fails once (D11, D12)', async () => {
    const cancelled = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const flaky = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    h.sandbox.buyerCancel(cancelled.code);
    h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }], code: undefined });
    h.sandbox.injectFault({ route: 'post-order', orderCode: flaky.code, kind: 'status', status: 503, times: 1 });
    const summary = await h.runSync();
    assert.equal(summary.accepted, 2);
    assert.equal(h.sandbox.actionCount(flaky.code, 'ACCEPTED_BY_MERCHANT'), 1);
    assert.equal(await h.quantity('SKU-A', 'PP1'), 7);
    assert.deepEqual(summary.errors, []);
  });

  it('restocks a cancellation once even when it is applied twice at the same time (D13)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 4 }] });
    await h.runSync();
    assert.equal(await h.quantity('SKU-A', 'PP1'), 6);
    const change = {
      orderId: order.id, orderCode: order.code, kaspiState: 'ARCHIVE', kaspiStatus: 'CANCELLED',
      handedOver: false, returnedToWarehouse: false, cancellationReason: 'BUYER_CANCELLATION',
    };
    const effects = await Promise.all([1, 2, 3].map(() => applyStatusChange(h.db, change, { restockAfterHandover: 'archive' })));
    assert.deepEqual(effects.filter((e) => e === 'restocked').length, 1);
    assert.equal(await h.quantity('SKU-A', 'PP1'), 10);
    assert.equal(await h.db.kaspiCanceledOrder.count({ where: { orderId: order.id } }), 1);
  });

  it('takes stock once when the reservation step runs again after a crash or retry (D3a)', async () => {
    const request = {
      orderId: 'T1JERVItRDNh', orderCode: '700000001', kaspiStatus: 'APPROVED_BY_BANK', kaspiState: 'NEW',
      isKaspiDelivery: false, kaspiCreatedAt: Date.now(), pickupPointId: '30123456_PP1', warehouse: 'PP1',
      lines: [{ lineNumber: 0, entryId: null, sku: 'SKU-A', name: 'A', quantity: 3, unitPrice: 10, totalPrice: 30 }],
      customer: { name: null, phone: null },
    };
    const results = await Promise.all([reserveOrder(h.db, request), reserveOrder(h.db, request)]);
    await reserveOrder(h.db, request);
    assert.ok(results.every((r) => r.kind === 'reserved'));
    assert.equal(await h.quantity('SKU-A', 'PP1'), 7);
    assert.equal(await h.db.kaspiSoldProduct.count({ where: { orderId: request.orderId } }), 1);
  });

  it('records one set of lines when several reservations of one new order run at once (each writes its row and lines in one statement)', async () => {
    const before = await h.quantity('SKU-A', 'PP1');
    const requests = Array.from({ length: 4 }, (_, i) => ({
      orderId: `T1JERVItQ09OQ${i}`, orderCode: `70000010${i}`, kaspiStatus: 'APPROVED_BY_BANK', kaspiState: 'NEW',
      isKaspiDelivery: false, kaspiCreatedAt: Date.now(), pickupPointId: '30123456_PP1', warehouse: 'PP1',
      lines: [{ lineNumber: 0, entryId: null, sku: 'SKU-A', name: 'A', quantity: 1, unitPrice: 10, totalPrice: 10 }, { lineNumber: 1, entryId: null, sku: 'SKU-A', name: 'A', quantity: 1, unitPrice: 10, totalPrice: 10 }],
      customer: { name: null, phone: null },
    }));
    // Three at once per order; without the order's write lock the later ones replaced no lines they could not see yet.
    const results = await Promise.all(requests.flatMap((request) => [reserveOrder(h.db, request), reserveOrder(h.db, request), reserveOrder(h.db, request)]));
    assert.ok(results.every((r) => r.kind === 'reserved'), JSON.stringify(results.filter((r) => r.kind !== 'reserved')));
    for (const request of requests) assert.equal(await h.db.kaspiSoldProduct.count({ where: { orderId: request.orderId } }), 2, request.orderCode);
    assert.equal(await h.quantity('SKU-A', 'PP1'), before - 8, 'two units per order, taken once');
  });

  it('finds a still-new order created 30 hours ago, whatever the UTC day (D6a)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', creationDate: Date.now() - 30 * 60 * 60 * 1000, lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const summary = await h.runSync();
    assert.equal(summary.accepted, 1);
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
  });

  const reserveBehindKaspisBack = (order: { id: string; code: string; creationDate: number }) =>
    reserveOrder(h.db, {
      orderId: order.id, orderCode: order.code, kaspiStatus: 'APPROVED_BY_BANK', kaspiState: 'NEW', isKaspiDelivery: false,
      kaspiCreatedAt: order.creationDate, pickupPointId: `30123456_PP1`, warehouse: 'PP1',
      lines: [{ lineNumber: 0, entryId: null, sku: 'SKU-A', name: 'A', quantity: 2, unitPrice: 10, totalPrice: 20 }],
      customer: { name: null, phone: null },
    });

  it('records an acceptance whose order workflow ended before writing it down (chaos-run finding)', async () => {
    // Kaspi accepted the order, kaspi-sync had reserved it, and the workflow in between is gone.
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', state: 'PICKUP', status: 'ACCEPTED_BY_MERCHANT', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await reserveBehindKaspisBack(order);
    const summary = await h.runSync();
    assert.equal(summary.ordersStarted, 0);
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 8, 'stock taken once');
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 0, 'no second acceptance');
  });

  it('follows such an order even when Kaspi has moved on to a return request meanwhile', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', state: 'KASPI_DELIVERY', status: 'KASPI_DELIVERY_RETURN_REQUESTED', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    await reserveBehindKaspisBack(order);
    await h.runSync();
    assert.equal((await h.order(order.code))?.syncState, 'RETURNING');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 8);
    assert.equal(await h.returning('SKU-A', 'PP1'), 2);
  });
});
