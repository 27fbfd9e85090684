/**
 * One sender of ASSEMBLE per order (activities/database/assemble-claim.ts): the order's workflow and the sync
 * run's waybill step, reaching the same unassembled order at the same moment, send one ASSEMBLE between them.
 * (A second one would make Kaspi issue a second waybill and void the first label.) The two activities run for
 * real against the sandbox over HTTP and PostgreSQL, in Temporal's activity test environment.
 */
import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { assembleIfAllowed, assembleOnKaspi } from '../../activities/order-activities.js';
import { collectWaybill } from '../../activities/waybill-activities.js';
import { claimToSend, CLAIM_STALE_MS } from '../../activities/database/assemble-claim.js';
import type { WaybillResult } from '../../domain/sync-types.js';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';

const activityEnvironment = (workflowId: string, activityId: string) =>
  new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'run' }, activityId, attempt: 1 });

describe('one ASSEMBLE sender per order', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  before(async () => {
    // Latency makes both steps read the order as unassembled before either sends ASSEMBLE.
    // A second ASSEMBLE would issue a second waybill (the 2026 behaviour), so waybillsIssued tells.
    h = await createSyncHarness({ sandbox: { latencyMs: 150, waybillDelayMs: 0, reassembleBehaviour: 'new-waybill' } });
  });
  after(() => h?.close());

  async function acceptedKaspiDeliveryOrder() {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.kaspi.acceptOrder(order);
    await h.db.kaspiOrder.create({ data: { orderId: order.id, orderCode: order.code, stockName: 'PP1', status: 'ACCEPTED_BY_MERCHANT', syncState: 'ACCEPTED', isKaspiDelivery: true, acceptedAt: new Date() } });
    return order;
  }

  it('sends one ASSEMBLE when the order workflow and the waybill step reach the order at once', async () => {
    const order = await acceptedKaspiDeliveryOrder();
    const deps = { db: h.db, kaspi: h.kaspi, warehouseMapping: {} };
    const ref = { orderId: order.id, orderCode: order.code, pickupPointId: null, isKaspiDelivery: true, express: false, creationDate: order.creationDate };
    const [byWorkflow, byWaybillStep] = await Promise.all([
      activityEnvironment(`kaspi-order-${order.code}`, '4').run(assembleOnKaspi, deps, ref, 1),
      activityEnvironment('kaspi-sync-run-2026-12-01T10:02:00Z', '9').run(collectWaybill, deps, { orderId: order.id, orderCode: order.code, assembled: false }, 1).catch((e: Error) => e),
    ]);
    const assembles = h.sandbox.requests().filter((r) => r.method === 'POST' && r.action === 'ASSEMBLE' && r.orderCode === order.code);
    assert.equal(assembles.length, 1, `one ASSEMBLE was sent (results: ${JSON.stringify([byWorkflow, byWaybillStep])})`);
    const row = await h.db.kaspiOrder.findUnique({ where: { orderId: order.id } });
    assert.equal(row?.assembled, true);
    assert.equal((await h.kaspi.getOrder(order.id))?.assembled, true);
  });

  it('sends one ASSEMBLE, and Kaspi issues one waybill, when two overlapping runs\' waybill steps and the order\'s (retried) workflow reach the order at once', async () => {
    const order = await acceptedKaspiDeliveryOrder();
    const deps = { db: h.db, kaspi: h.kaspi, warehouseMapping: {} };
    const ref = { orderId: order.id, orderCode: order.code, pickupPointId: null, isKaspiDelivery: true, express: false, creationDate: order.creationDate };
    const candidate = { orderId: order.id, orderCode: order.code, assembled: false };
    const parcels = { parcelRule: 'fixed' as const, numberOfSpace: 1 };
    await Promise.all([
      activityEnvironment(`kaspi-order-${order.code}`, '7').run(assembleIfAllowed, deps, ref, { parcels, confirmMinutes: 5 }),
      activityEnvironment('kaspi-sync-run-2026-12-01T10:02:00Z', '9').run(collectWaybill, deps, candidate, parcels, 5).catch((e: Error) => e),
      activityEnvironment('kaspi-sync-run-2026-12-01T10:04:00Z', '9').run(collectWaybill, deps, candidate, parcels, 5).catch((e: Error) => e),
    ]);
    const assembles = h.sandbox.requests().filter((r) => r.method === 'POST' && r.action === 'ASSEMBLE' && r.orderCode === order.code);
    assert.equal(assembles.length, 1, 'one ASSEMBLE among three senders');
    assert.equal(h.sandbox.order(order.code)?.waybillsIssued, 1, 'one waybill number');
  });

  it('refuses another step, lets the holder re-read (never repeat) inside the window, and frees a claim nobody has used for a while', async () => {
    const order = await acceptedKaspiDeliveryOrder();
    const now = Date.now();
    const windowMs = 5 * 60_000;
    const sentAt = async () => (await h.db.kaspiOrder.findUniqueOrThrow({ where: { orderId: order.id } })).assembleSentAt?.getTime();
    assert.deepEqual(await claimToSend(h.db, order.id, 'kaspi-order-x/4', windowMs, now), { kind: 'send' });
    assert.equal(await sentAt(), now, 'the time of sending is recorded with the claim');
    assert.deepEqual(await claimToSend(h.db, order.id, 'kaspi-sync-run-y/9', windowMs, now + 2000), { kind: 'claimed-elsewhere' }, 'another step may not send');
    assert.deepEqual(await claimToSend(h.db, order.id, 'kaspi-order-x/4', windowMs, now + 3000), { kind: 'unconfirmed', sentAt: new Date(now) }, 'the holder\'s retry inside the window only re-reads');
    const later = now + windowMs + 1;
    assert.deepEqual(await claimToSend(h.db, order.id, 'kaspi-order-x/4', windowMs, later), { kind: 'send' }, 'after the window the holder may send again');
    assert.deepEqual(await claimToSend(h.db, order.id, 'kaspi-sync-run-y/9', windowMs, later + 1000), { kind: 'claimed-elsewhere' });
    assert.deepEqual(await claimToSend(h.db, order.id, 'kaspi-sync-run-y/9', windowMs, later + CLAIM_STALE_MS + 1), { kind: 'send' }, 'a stale claim is taken over');
    assert.equal(await sentAt(), later + CLAIM_STALE_MS + 1);
    await h.db.kaspiOrder.update({ where: { orderId: order.id }, data: { assembled: true } });
    assert.deepEqual(await claimToSend(h.db, order.id, 'kaspi-order-x/4', windowMs, later + 3 * CLAIM_STALE_MS), { kind: 'claimed-elsewhere' }, 'nothing to claim once assembled');
  });

  it('hands the claim back after only reading an unconfirmed ASSEMBLE, so the next run sends it once the window has passed', async () => {
    // A run sent ASSEMBLE and lost the request (Kaspi never got it); its retry found the order unassembled within
    // the confirm window, so it only read. Before the fix it kept the claim, and every later run (another owner)
    // was refused for CLAIM_STALE_MS: the order went without its waybill for ten minutes.
    const order = await acceptedKaspiDeliveryOrder();
    const deps = { db: h.db, kaspi: h.kaspi, warehouseMapping: {} };
    const candidate = { orderId: order.id, orderCode: order.code, assembled: false };
    const parcels = { parcelRule: 'fixed' as const, numberOfSpace: 1 };
    const confirmMinutes = 1;
    await h.db.kaspiOrder.update({ where: { orderId: order.id }, data: { assembleSentAt: new Date(Date.now() - 1_000) } });
    const assembles = () => h.sandbox.requests().filter((r) => r.method === 'POST' && r.action === 'ASSEMBLE' && r.orderCode === order.code).length;

    const first = (await activityEnvironment('kaspi-sync-run-2026-12-01T10:02:00Z', '9').run(collectWaybill, deps, candidate, parcels, confirmMinutes)) as WaybillResult;
    assert.equal(first.stored, false);
    assert.match(first.stored ? '' : first.reason, /not shown by Kaspi yet/);
    assert.equal(assembles(), 0, 'no repeat inside the confirm window');
    const afterFirst = await h.db.kaspiOrder.findUnique({ where: { orderId: order.id } });
    assert.equal(afterFirst?.assembleClaimedBy, null, 'the claim is handed back: the run only read');

    // The window passes; Kaspi still does not show the ASSEMBLE, so it never arrived: the next run sends it.
    await h.db.kaspiOrder.update({ where: { orderId: order.id }, data: { assembleSentAt: new Date(Date.now() - 2 * 60_000) } });
    const second = await activityEnvironment('kaspi-sync-run-2026-12-01T10:04:00Z', '9').run(collectWaybill, deps, candidate, parcels, confirmMinutes).catch((e: Error) => e);
    assert.equal(assembles(), 1, `the next run sent ASSEMBLE once (result: ${JSON.stringify(second)})`);
    assert.equal((await h.kaspi.getOrder(order.id))?.assembled, true);
    assert.equal((await h.db.kaspiOrder.findUnique({ where: { orderId: order.id } }))?.assembled, true);
  });
});
