/**
 * Shadow mode (KASPI_SYNC_MODE=shadow) on the sandbox: a whole sync — new orders, one short of stock, a Kaspi
 * Delivery order, one accepted in the cabinet, then a cancellation — reads Kaspi as live mode does, sends no
 * POST, changes no stock or order row, and records what it would have done; `shadow report` then sets those
 * decisions against what Kaspi shows after staff and Kaspi acted.
 */
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { kaspiSync, operatorEnv } from '../client/cli-runner.js';
import type { ShadowReport } from '../../client/shadow-report.js';
import { orderWorkflowId, WorkflowTypes } from '../../domain/temporal-names.js';
import { ORDER_WORKFLOW_REVISION } from '../../domain/sync-types.js';

/** Every message down an error's cause chain (an activity's failure sits under the workflow's). */
function causeMessages(error: unknown): string {
  const messages: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(e.message ?? '');
  return messages.join(' | ');
}

const PICKUP = { isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP' } as const;

/** Everything a live run would change: stock, the ledger, orders and their lines. */
async function merchantTables(h: SyncHarness) {
  return {
    stock: await h.db.stockInventory.findMany({ orderBy: { id: 'asc' }, select: { id: true, quantity: true, returningQuantity: true } }),
    movements: await h.db.stockMovement.count(),
    orders: await h.db.kaspiOrder.count(),
    lines: await h.db.kaspiSoldProduct.count(),
  };
}

describe('shadow mode', function () {
  this.timeout(120_000);
  let h: SyncHarness;
  const posts = () => h.sandbox.requests().filter((r) => r.method !== 'GET');

  before(async () => {
    h = await createSyncHarness({
      mode: 'shadow',
      inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 5 } }, { sku: 'SKU-B', model: 'B', stock: { PP1: 0 } }] },
    });
  });
  after(() => h?.close());

  it('decides a whole sync as live mode would, sends no POST, changes no stock, and the report compares it with what Kaspi shows later', async () => {
    const pickup = h.sandbox.createOrder({ warehouse: 'PP1', ...PICKUP, lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const short = h.sandbox.createOrder({ warehouse: 'PP1', ...PICKUP, lines: [{ sku: 'SKU-B', quantity: 2 }] });
    const delivery = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    const laterCancelled = h.sandbox.createOrder({ warehouse: 'PP1', ...PICKUP, lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const inCabinet = h.sandbox.createOrder({ warehouse: 'PP1', ...PICKUP, status: 'ACCEPTED_BY_MERCHANT', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const before = await merchantTables(h);

    const first = await h.runSync();
    assert.equal(first.mode, 'shadow');
    assert.deepEqual(
      { accept: first.shadow?.ACCEPT, hold: first.shadow?.HOLD, assemble: first.shadow?.ASSEMBLE, takeStock: first.shadow?.TAKE_STOCK },
      { accept: 3, hold: 1, assemble: 1, takeStock: 1 },
      'pickup, delivery and the later-cancelled order accepted; the short one held; the delivery assembled; the cabinet one taken',
    );
    assert.equal(first.accepted, 0, 'nothing counted as really accepted');
    assert.deepEqual(posts(), [], 'not a single POST to Kaspi');
    assert.deepEqual(await merchantTables(h), before, 'stock, ledger, orders and lines unchanged');
    const held = await h.db.shadowDecision.findUnique({ where: { orderId_action: { orderId: short.id, action: 'HOLD' } } });
    assert.match(held?.reason ?? '', /out of stock at PP1: SKU-B needs 2, has 0/);
    const assemble = await h.db.shadowDecision.findUnique({ where: { orderId_action: { orderId: delivery.id, action: 'ASSEMBLE' } } });
    assert.equal(assemble?.places, 1);

    // Staff accept the order in the cabinet (the old script's job), and then the buyer cancels it.
    h.sandbox.acceptInCabinet(laterCancelled.code);
    h.sandbox.buyerCancel(laterCancelled.code);
    const second = await h.runSync();
    assert.equal(second.shadow?.RESTOCK, 1, 'the cancellation would put its unit back');
    assert.equal(second.shadow?.ACCEPT ?? 0, 0, 'orders decided before are not decided again');
    assert.deepEqual(posts(), []);
    assert.deepEqual(await merchantTables(h), before);

    // Kaspi answering oddly (an HTML page for every order's lines) changes nothing either: the new order is held.
    const odd = h.sandbox.createOrder({ warehouse: 'PP1', ...PICKUP, lines: [{ sku: 'SKU-A', quantity: 1 }] });
    h.sandbox.injectFault({ route: 'entries', kind: 'html' });
    const third = await h.runSync();
    h.sandbox.clearFaults();
    assert.equal(third.shadow?.HOLD, 2, 'the short order re-checked (as live re-checks held orders), the odd one held');
    assert.match((await h.db.shadowDecision.findUnique({ where: { orderId_action: { orderId: odd.id, action: 'HOLD' } } }))?.reason ?? '', /unusable/);
    assert.deepEqual(posts(), [], 'still no POST');
    assert.deepEqual(await merchantTables(h), before);

    // What happened on Kaspi since: staff accepted the pickup order, Kaspi auto-cancelled the delivery one.
    h.sandbox.acceptInCabinet(pickup.code);
    h.sandbox.kaspiCancel(delivery.code, 'MERCHANT_OUT_OF_STOCK');
    const run = await kaspiSync(operatorEnv(h, { KASPI_API_URL: h.sandbox.ordersUrl, KASPI_AUTH_TOKEN: h.sandbox.token }), 'shadow', 'report', '--json');
    assert.equal(run.code, 0, run.err);
    const report = JSON.parse(run.out) as ShadowReport;
    const verdict = Object.fromEntries(report.orders.map((o) => [o.orderCode, `${o.decision}:${o.verdict}`]));
    assert.deepEqual(verdict, {
      [pickup.code]: 'ACCEPT:agreement',
      [short.code]: 'HOLD:pending',
      [delivery.code]: 'ACCEPT:saved-from-auto-cancellation',
      [laterCancelled.code]: 'ACCEPT:neutral',
      [inCabinet.code]: 'TAKE_STOCK:agreement',
      [odd.code]: 'HOLD:pending',
    });
    assert.deepEqual(report.orders.find((o) => o.orderCode === laterCancelled.code)?.decisions.map((d) => d.action), ['ACCEPT', 'RESTOCK']);
    assert.equal(report.totals.agreement, 2);
    assert.deepEqual(posts(), [], 'the report only reads');

    const text = await kaspiSync(operatorEnv(h, { KASPI_API_URL: h.sandbox.ordersUrl, KASPI_AUTH_TOKEN: h.sandbox.token }), 'shadow', 'report');
    assert.match(text.out, /6 orders — 2 agreements, 0 disagreements, 1 would have been saved from auto-cancellation/);
  });

  it('refuses a live step on a shadow worker: an order workflow started there fails by name and changes nothing', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const before = await merchantTables(h);
    const handle = await h.client.workflow.start(WorkflowTypes.processOrder, {
      taskQueue: h.taskQueue,
      workflowId: orderWorkflowId(order.code),
      args: [{ order: { orderId: order.id, orderCode: order.code, pickupPointId: order.pickupPointId, isKaspiDelivery: false, express: false, creationDate: order.creationDate, acceptedOnKaspi: false }, revision: ORDER_WORKFLOW_REVISION }],
    });
    await assert.rejects(handle.result(), (error: Error) => /refused: this worker runs in shadow mode/.test(causeMessages(error)));
    assert.deepEqual(posts(), []);
    assert.deepEqual(await merchantTables(h), before);
  });
});
