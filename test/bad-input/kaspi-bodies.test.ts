import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import type { FaultSpec } from '../../tools/sandbox/index.js';
import { assertNothingRecordedChanged, assertStillWorks, BAD_INPUT_INVENTORY, heldReason, recorded } from './support.js';

describe('bad input: broken Kaspi bodies flag the order or fail the step by name, and are never half-applied', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({ inventory: BAD_INPUT_INVENTORY });
    await assertStillWorks(h);
  });
  afterEach(() => h.sandbox.clearFaults());
  after(() => h?.close());

  // The client reads a body that is not JSON at all three times before it gives up (one cut off is a hiccup),
  // so those faults are armed for three requests; JSON of the wrong shape is reported on the first.
  const UNREADABLE = new Set(['malformed-json', 'truncated', 'non-json', 'html']);
  const timesFor = (kind: string) => (UNREADABLE.has(kind) ? 3 : 1);

  const orderBodies: { name: string; fault: Omit<FaultSpec, 'orderCode'>; reason: RegExp; hideOffer?: boolean }[] = [
    { name: 'malformed JSON in its entries', fault: { route: 'entries', kind: 'malformed-json' }, reason: /GET \/orders\/\{id\}\/entries returned a body that is not valid JSON/ },
    { name: 'a truncated entries body', fault: { route: 'entries', kind: 'truncated' }, reason: /GET \/orders\/\{id\}\/entries returned a body that is not valid JSON \(\d+ bytes, possibly truncated\)/ },
    { name: 'plain text instead of its entries', fault: { route: 'entries', kind: 'non-json' }, reason: /GET \/orders\/\{id\}\/entries returned a body that is not valid JSON/ },
    { name: 'an HTML page (HTTP 200) instead of its entries', fault: { route: 'entries', kind: 'html', status: 200 }, reason: /GET \/orders\/\{id\}\/entries returned an HTML page instead of JSON/ },
    { name: 'a wrongly typed field in the order (price as text)', fault: { route: 'get-order', kind: 'schema' }, reason: /GET \/orders\/\{id\} returned an unexpected payload .*at data\.attributes\.totalPrice/ },
    { name: 'malformed JSON for the order itself', fault: { route: 'get-order', kind: 'malformed-json' }, reason: /GET \/orders\/\{id\} returned a body that is not valid JSON/ },
    { name: 'a truncated order body', fault: { route: 'get-order', kind: 'truncated' }, reason: /GET \/orders\/\{id\} returned a body that is not valid JSON/ },
    { name: 'entries missing required fields', fault: { route: 'entries', kind: 'schema' }, reason: /GET \/orders\/\{id\}\/entries returned an unexpected payload .*at data/ },
    { name: 'a broken product lookup for an entry without offer (old data)', fault: { route: 'entry-resources', kind: 'schema' }, reason: /GET \/orderentries\/\{id\}\/product returned an unexpected payload/, hideOffer: true },
  ];

  for (const { name, fault, reason, hideOffer } of orderBodies) {
    it(`holds an order when Kaspi sends ${name}, naming the call and the cause`, async () => {
      const before = await recorded(h);
      const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-A', quantity: 1, hideOffer }] });
      h.sandbox.injectFault({ ...fault, orderCode: fault.route === 'entry-resources' ? undefined : order.code, times: timesFor(fault.kind) } as FaultSpec);
      const summary = await h.runSync();
      assert.equal(summary.held, 1);
      const why = await heldReason(h, order.code);
      assert.match(why, /^Kaspi sent unusable data: /);
      assert.match(why, reason);
      // GET /orders/{id} knows only Kaspi's opaque id, the entries call knows the code as well.
      assert.ok(why.includes(order.code) || why.includes(order.id), 'the reason names the order');
      await assertNothingRecordedChanged(h, before);
      await assertStillWorks(h);
    });
  }

  it('reads a body cut off in transit again and accepts the order without holding it', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    h.sandbox.injectFault({ route: 'entries', kind: 'truncated', orderCode: order.code, times: 2 });
    const summary = await h.runSync();
    assert.equal(summary.accepted, 1);
    assert.equal(summary.held, 0);
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
  });

  it('picks a held order up again on its re-check once Kaspi sends good data', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    // Three reads in a row cut off: more than the client reads, so the first attempt holds the order.
    h.sandbox.injectFault({ route: 'entries', kind: 'truncated', orderCode: order.code, times: 3 });
    await h.runSync({ settings: { heldRecheckMinutes: 0.02 } });
    await heldReason(h, order.code);
    const result = await h.client.workflow.getHandle(`kaspi-order-${order.code}`).result();
    assert.equal(result.outcome, 'ACCEPTED');
    assert.equal((await h.order(order.code))?.holdReason, null);
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
  });

  const listBodies: { name: string; fault: FaultSpec; cause: RegExp }[] = [
    { name: 'malformed JSON', fault: { route: 'list-orders', kind: 'malformed-json' }, cause: /GET \/orders returned a body that is not valid JSON/ },
    { name: 'a truncated body', fault: { route: 'list-orders', kind: 'truncated' }, cause: /GET \/orders returned a body that is not valid JSON/ },
    { name: 'plain text', fault: { route: 'list-orders', kind: 'non-json' }, cause: /GET \/orders returned a body that is not valid JSON/ },
    { name: 'an HTML page with HTTP 200', fault: { route: 'list-orders', kind: 'html', status: 200 }, cause: /GET \/orders returned an HTML page instead of JSON/ },
  ];

  it('sets aside a list element of the wrong shape, naming the order, and changes nothing', async () => {
    const before = await recorded(h);
    // A page whose first element breaks the schema (the NEW list still holds this suite's held orders).
    h.sandbox.injectFault({ route: 'list-orders', kind: 'schema', times: 1 });
    const summary = await h.runSync();
    assert.deepEqual(summary.errors, []);
    assert.equal(summary.health, 'OK');
    assert.equal(summary.rejectedElements, 1);
    assert.match(summary.rejected?.[0]?.problem ?? '', /attributes\.totalPrice/);
    assert.ok(summary.rejected?.[0]?.orderCode, 'the element is named by its order code');
    await assertNothingRecordedChanged(h, before);
    await assertStillWorks(h);
  });

  for (const { name, fault, cause } of listBodies) {
    it(`reports the step and cause when an order list comes back as ${name}, and changes nothing`, async () => {
      const before = await recorded(h);
      h.sandbox.injectFault({ ...fault, times: timesFor(fault.kind) });
      const summary = await h.runSync();
      assert.equal(summary.errors.length, 1, JSON.stringify(summary.errors));
      assert.match(summary.errors[0].step, /^(intake|tracking)$/);
      assert.equal(summary.health, 'DEGRADED', 'a run that lost a step is not green');
      assert.deepEqual(summary.failedSteps, [summary.errors[0].step]);
      assert.match(summary.errors[0].message, cause);
      await assertNothingRecordedChanged(h, before);
      await assertStillWorks(h);
    });
  }
});
