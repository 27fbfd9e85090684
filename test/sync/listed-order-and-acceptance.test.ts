/**
 * Issue 17's two changes to an order's first steps, on the sandbox over HTTP and PostgreSQL:
 *  - where Kaspi serves the lines with the intake list, the reservation takes the order as listed (order, buyer,
 *    lines) and asks Kaspi nothing; a cancellation between the listing and the acceptance is still caught — Kaspi
 *    refuses the acceptance, the order is read, and its reservation goes back;
 *  - the acceptance, a local activity now, records accept_sent_at before it sends, so a run of it after a crash
 *    (attempt 1 again, on another worker) reads the order instead of sending a second acceptance.
 */
import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { acceptOnKaspi, releaseReservation, reserveAndAccept, reserveStockForOrder, type FirstStepResult } from '../../activities/order-activities.js';
import { readReservationRequest } from '../../activities/reservation-request.js';
import { reserveOrder, type ReservationRequest } from '../../activities/database/reservations.js';
import { findNewOrders } from '../../activities/intake-activities.js';
import { ListedOrders } from '../../activities/listed-orders.js';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import type { NewOrdersFound, ReservationResult } from '../../domain/sync-types.js';

const firstAttempt = (workflowId: string) => new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'run' }, activityId: '1', attempt: 1 });

describe('the reservation takes the listed order; the acceptance is never sent twice', function () {
  this.timeout(120_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({ sandbox: { listIncludeEntries: 'served' }, inventory: { products: [{ sku: 'SKU-L', model: 'Listed', stock: { PP1: 10 } }] } });
  });
  after(() => h?.close());

  const ownReads = (orderCode: string, orderId: string) =>
    h.sandbox.requests().filter((r) => r.method === 'GET' && (r.orderCode === orderCode || r.path.includes(`/orders/${orderId}`)));
  const acceptances = (orderCode: string) => h.sandbox.requests().filter((r) => r.method === 'POST' && r.action === 'ACCEPTED_BY_MERCHANT' && r.orderCode === orderCode);

  it('accepts a listed order without reading it from Kaspi, and records its lines and buyer from the list', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-L', quantity: 2 }] });
    const before = await h.quantity('SKU-L', 'PP1');
    h.sandbox.clearRequests();
    const summary = await h.runSync();
    assert.equal(summary.accepted, 1);
    assert.deepEqual(ownReads(order.code, order.id), [], 'no GET /orders/{id} or its entries for this order');
    assert.equal(acceptances(order.code).length, 1);
    assert.equal(await h.quantity('SKU-L', 'PP1'), before - 2);
    const row = await h.order(order.code);
    assert.equal(row?.syncState, 'ACCEPTED');
    assert.deepEqual(row?.lines.map((l) => [l.productCode, l.quantity, l.customerName]), [['SKU-L', 2, 'Айгерим Серикова']]);
  });

  it('releases the reservation of an order the buyer cancelled after it was listed: the refused acceptance reads it', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-L', quantity: 1 }] });
    const deps = { db: h.db, kaspi: h.kaspi, warehouseMapping: {}, listedOrders: new ListedOrders() };
    const window = { createdFrom: order.creationDate - 60_000, createdTo: Date.now() + 60_000 };
    const found = (await firstAttempt('kaspi-sync-run-test').run(findNewOrders, deps, window)) as NewOrdersFound;
    const ref = found.orders.find((o) => o.orderCode === order.code)!;
    h.sandbox.buyerCancel(order.code);
    const before = await h.quantity('SKU-L', 'PP1');

    const env = firstAttempt(`kaspi-order-${order.code}`);
    const reservation = (await env.run(reserveStockForOrder, deps, ref)) as ReservationResult;
    assert.equal(reservation.kind, 'reserved', 'the listed copy still said APPROVED_BY_BANK');
    assert.equal(await h.quantity('SKU-L', 'PP1'), before - 1);
    assert.equal(await env.run(acceptOnKaspi, deps, ref), 'cancelled-on-kaspi');
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 0, 'Kaspi applied no acceptance');
    await env.run(releaseReservation, deps, ref, 'Kaspi cancelled the order before it was accepted');
    assert.equal(await h.quantity('SKU-L', 'PP1'), before, 'the unit is back');
    assert.equal((await h.order(order.code))?.syncState, 'RESTOCKED');
  });

  it('reads the order instead of accepting again when an earlier run of the acceptance may have sent it', async () => {
    const sentAndApplied = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-L', quantity: 1 }] });
    const neverArrived = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-L', quantity: 1 }] });
    const deps = { db: h.db, kaspi: h.kaspi, warehouseMapping: {} };
    const refOf = (o: typeof sentAndApplied) => ({ orderId: o.id, orderCode: o.code, pickupPointId: o.pickupPointId, isKaspiDelivery: false, express: false, creationDate: o.creationDate, acceptedOnKaspi: false });
    for (const o of [sentAndApplied, neverArrived]) {
      assert.equal(((await firstAttempt(`kaspi-order-${o.code}`).run(reserveStockForOrder, deps, refOf(o))) as ReservationResult).kind, 'reserved');
      // An earlier run of the acceptance recorded its sending, then the worker died (its reply never came back).
      await h.db.kaspiOrder.update({ where: { orderId: o.id }, data: { acceptSentAt: new Date() } });
    }
    await h.kaspi.acceptOrder(sentAndApplied);
    h.sandbox.clearRequests();

    // Run again from attempt 1, as a local activity is after a crash: the attempt number says nothing.
    assert.equal(await firstAttempt(`kaspi-order-${sentAndApplied.code}`).run(acceptOnKaspi, deps, refOf(sentAndApplied)), 'accepted');
    assert.equal(acceptances(sentAndApplied.code).length, 0, 'Kaspi showed it accepted: nothing sent again');
    assert.equal((await h.kaspi.getOrder(sentAndApplied.id))?.status, 'ACCEPTED_BY_MERCHANT');
    assert.equal(await firstAttempt(`kaspi-order-${neverArrived.code}`).run(acceptOnKaspi, deps, refOf(neverArrived)), 'accepted');
    assert.equal(acceptances(neverArrived.code).length, 1, 'still APPROVED_BY_BANK when read: sent once');
    for (const o of [sentAndApplied, neverArrived]) assert.equal((await h.order(o.code))?.syncState, 'ACCEPTED');
  });

  it('goes on with an order its first step reserved and accepted before the worker died: reserved, accepted, nothing twice', async () => {
    // The whole first step ran (stock taken, Kaspi accepted) but the workflow task holding its result was lost with
    // the worker: the step runs again from attempt 1 on another worker. It used to end "already processed", so a
    // Kaspi Delivery order was never assembled by its workflow (and its ASSEMBLE claim, if taken, blocked the run).
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-L', quantity: 2 }] });
    const deps = { db: h.db, kaspi: h.kaspi, warehouseMapping: {} };
    const ref = { orderId: order.id, orderCode: order.code, pickupPointId: order.pickupPointId, isKaspiDelivery: true, express: false, creationDate: order.creationDate, acceptedOnKaspi: false };
    const before = await h.quantity('SKU-L', 'PP1');
    const first = (await firstAttempt(`kaspi-order-${order.code}`).run(reserveAndAccept, deps, ref)) as FirstStepResult;
    assert.deepEqual([first.reservation.kind, first.acceptance], ['reserved', 'accepted']);

    const again = (await firstAttempt(`kaspi-order-${order.code}`).run(reserveAndAccept, deps, ref)) as FirstStepResult;
    assert.equal(again.reservation.kind, 'reserved', JSON.stringify(again.reservation));
    assert.equal(again.reservation.kind === 'reserved' ? again.reservation.warehouse : '', 'PP1');
    assert.equal(again.acceptance, 'accepted');
    assert.equal(acceptances(order.code).length, 1, 'one acceptance sent in all');
    assert.equal(await h.quantity('SKU-L', 'PP1'), before - 2, 'the stock was taken once');
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
  });

  it('records the acceptance\'s sending with the reservation; a step run again before it was sent reads Kaspi and sends it once', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-L', quantity: 1 }] });
    const deps = { db: h.db, kaspi: h.kaspi, warehouseMapping: {} };
    const ref = { orderId: order.id, orderCode: order.code, pickupPointId: order.pickupPointId, isKaspiDelivery: false, express: false, creationDate: order.creationDate, acceptedOnKaspi: false };
    // The step's reservation committed and the worker died before the acceptance left: what the database holds then.
    const reserved = await reserveOrder(h.db, (await readReservationRequest(deps, ref) as { request: ReservationRequest }).request, { acceptanceFollows: true });
    assert.deepEqual(reserved.kind === 'reserved' && reserved.acceptanceSending, { sentBefore: false });
    assert.notEqual((await h.order(order.code))?.acceptSentAt, null, 'recorded before anything was sent');
    h.sandbox.clearRequests();

    const again = (await firstAttempt(`kaspi-order-${order.code}`).run(reserveAndAccept, deps, ref)) as FirstStepResult;
    assert.equal(again.acceptance, 'accepted');
    assert.equal('acceptanceSending' in again.reservation, false, 'the workflow\'s history gets the reservation alone');
    // The step's own reservation read the order once (no list here); the acceptance read it once more before sending.
    const orderReads = ownReads(order.code, order.id).filter((r) => !r.path.endsWith('/entries'));
    assert.equal(orderReads.length, 2, `read before sending, as it may have been sent: ${orderReads.map((r) => r.path).join(', ')}`);
    assert.equal(acceptances(order.code).length, 1, 'still new when read: sent once');
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
  });
});
