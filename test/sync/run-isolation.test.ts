/**
 * One order never poisons a run, and a run never stops the next: a malformed list element, an odd HTTP answer
 * for one order, an order Kaspi does not know right after listing it, a child that is stuck, a step that
 * fails. Real Temporal dev server, real PostgreSQL, the Kaspi sandbox over HTTP.
 */
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { orderWorkflowId, SearchAttributes } from '../../domain/temporal-names.js';
import type { FaultSpec } from '../../tools/sandbox/index.js';
import type { SyncSummary } from '../../domain/sync-types.js';
import { BAD_INPUT_INVENTORY, GOOD_SKU } from '../bad-input/support.js';

describe('run isolation: one order never poisons a run, one run never stops the next', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  const pickupOrder = () =>
    h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: GOOD_SKU, quantity: 1 }] });

  before(async () => {
    h = await createSyncHarness({ inventory: BAD_INPUT_INVENTORY });
  });
  afterEach(() => h.sandbox.clearFaults());
  after(() => h?.close());

  it('sets aside one malformed element of a list page, names it, and accepts the other orders on the page', async () => {
    const orders = [pickupOrder(), pickupOrder(), pickupOrder()];
    // The first list call of a run is intake's NEW list; the fault breaks its first element only.
    h.sandbox.injectFault({ route: 'list-orders', kind: 'schema', times: 1 });
    const summary = await h.runSync();

    assert.equal(summary.health, 'OK', 'one bad element is that order\'s problem, not a failed step');
    assert.equal(summary.rejectedElements, 1);
    const bad = summary.rejected?.[0];
    assert.ok(bad?.orderCode && orders.some((o) => o.code === bad.orderCode), `the bad element is named: ${JSON.stringify(bad)}`);
    assert.match(bad.problem, /totalPrice/);
    assert.equal(bad.list, 'NEW/APPROVED_BY_BANK');
    for (const order of orders.filter((o) => o.code !== bad.orderCode)) {
      assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED', `order ${order.code} on the same page is accepted`);
    }
    assert.equal(h.sandbox.actionCount(bad.orderCode, 'ACCEPTED_BY_MERCHANT'), 0);
    const event = await h.db.logEvent.findFirst({ where: { message: { contains: 'whose data cannot be used' } }, orderBy: { id: 'desc' } });
    assert.equal((event?.extraData as { orderCode?: string } | null)?.orderCode, bad.orderCode, 'log_events names the order');

    const next = await h.runSync();
    assert.equal(next.rejectedElements, 0);
    assert.equal((await h.order(bad.orderCode))?.syncState, 'ACCEPTED', 'the next run takes it once Kaspi sends it whole');
    assert.equal(h.sandbox.actionCount(bad.orderCode, 'ACCEPTED_BY_MERCHANT'), 1);
  });

  const oddAnswers: { name: string; fault: Omit<FaultSpec, 'orderCode'>; reason: RegExp }[] = [
    { name: 'an HTML 404 page', fault: { route: 'get-order', kind: 'html' }, reason: /HTML 404 page; this order is looked at again later/ },
    { name: 'a 403', fault: { route: 'get-order', kind: 'status', status: 403 }, reason: /HTTP 403/ },
    { name: 'a redirect (302)', fault: { route: 'get-order', kind: 'status', status: 302 }, reason: /redirected .*HTTP 302/ },
  ];
  for (const { name, fault, reason } of oddAnswers) {
    it(`flags the one order whose GET answers ${name}, completes the run and processes the next orders`, async () => {
      const odd = pickupOrder();
      const good = pickupOrder();
      h.sandbox.injectFault({ ...fault, orderCode: odd.code } as FaultSpec);
      const summary = await h.runSync();

      assert.equal(summary.health, 'OK');
      const row = await h.order(odd.code);
      assert.equal(row?.syncState, 'HELD', 'the odd order is flagged for an operator');
      assert.match(row?.holdReason ?? '', reason);
      assert.equal(h.sandbox.actionCount(odd.code, 'ACCEPTED_BY_MERCHANT'), 0);
      assert.equal((await h.order(good.code))?.syncState, 'ACCEPTED', 'the other order is accepted in the same run');

      // Later, with Kaspi answering normally, the order is taken (here by the operator's retry; by itself on
      // its next re-check).
      h.sandbox.clearFaults();
      await h.client.workflow.getHandle(orderWorkflowId(odd.code)).signal('retryOrder');
      await h.client.workflow.getHandle(orderWorkflowId(odd.code)).result();
      assert.equal((await h.order(odd.code))?.syncState, 'ACCEPTED');
      assert.equal(h.sandbox.actionCount(odd.code, 'ACCEPTED_BY_MERCHANT'), 1);
    });
  }

  it('leaves an order that Kaspi does not know right after listing it to a later run, which accepts it', async () => {
    const order = pickupOrder();
    h.sandbox.injectFault({ route: 'get-order', orderCode: order.code, kind: 'status', status: 404, times: 1 });
    const first = await h.runSync();
    assert.equal(first.alreadyProcessed, 0, 'not completed as "already processed"');
    assert.ok(first.errors.some((e) => e.orderCode === order.code && /does not know it when asked/.test(e.message)), JSON.stringify(first.errors));
    assert.equal(await h.order(order.code), null, 'nothing recorded yet');

    const second = await h.runSync();
    assert.equal(second.accepted, 1);
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
  });

  it('does not let a stuck order workflow hold up its run or stop the next run', async () => {
    const stuck = pickupOrder();
    // Kaspi fails every read of this one order: its workflow keeps retrying (declared policy) for minutes.
    h.sandbox.injectFault({ route: 'get-order', orderCode: stuck.code, kind: 'status', status: 503 });
    const settings = { runTimeBudgetSeconds: 4 };
    const startedAt = Date.now();
    const first = await h.runSync({ settings });
    assert.ok(Date.now() - startedAt < 30_000, 'the run ended at its time budget, not when the order did');
    assert.equal(first.stillInFlight, 1);
    assert.equal(first.health, 'OK');

    const next = pickupOrder();
    const second = await h.runSync({ settings });
    assert.equal(second.alreadyInProgress, 1, 'the stuck order is left to its own workflow');
    assert.equal((await h.order(next.code))?.syncState, 'ACCEPTED', 'the next run still accepts new orders');
    await h.client.workflow.getHandle(orderWorkflowId(stuck.code)).terminate('test cleanup');
  });

  it('marks a run whose status tracking failed DEGRADED, in its result and its search attribute, and still takes new orders', async () => {
    const order = pickupOrder();
    h.sandbox.injectFault({ route: 'list-orders', listState: 'ARCHIVE', kind: 'status', status: 400 });
    const handle = await h.startSync();
    const summary = (await handle.result()) as SyncSummary;
    assert.equal(summary.health, 'DEGRADED');
    assert.deepEqual(summary.failedSteps, ['tracking']);
    assert.ok(summary.errors.some((e) => e.step === 'tracking'));
    assert.equal((await handle.describe()).typedSearchAttributes.get(SearchAttributes.syncHealth), 'DEGRADED');
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED', 'intake is not affected');

    h.sandbox.clearFaults();
    const healthy = await h.startSync();
    assert.equal(((await healthy.result()) as SyncSummary).health, 'OK');
    assert.equal((await healthy.describe()).typedSearchAttributes.get(SearchAttributes.syncHealth), 'OK');
  });

  it('takes Express orders first', async () => {
    const normal = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: GOOD_SKU, quantity: 1 }], creationDate: Date.now() - 60_000 });
    const express = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, express: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: GOOD_SKU, quantity: 1 }] });
    await h.runSync({ settings: { maxOrdersInFlight: 1 } });
    const accepts = h.sandbox.requests().filter((r) => r.action === 'ACCEPTED_BY_MERCHANT' && (r.orderCode === normal.code || r.orderCode === express.code));
    assert.deepEqual(accepts.map((r) => r.orderCode), [express.code, normal.code], 'the newer Express order is accepted before the older normal one');
  });
});
