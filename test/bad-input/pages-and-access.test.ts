import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { assertNothingRecordedChanged, assertStillWorks, BAD_INPUT_INVENTORY, failureMessages, recorded } from './support.js';

function newOrderPages(h: SyncHarness): string[] {
  return h.sandbox
    .requests()
    .filter((r) => r.method === 'GET' && r.path.endsWith('/orders') && r.query['filter[orders][state]'] === 'NEW')
    .map((r) => r.query['page[number]']);
}

describe('bad input: lying page counts and a refused token', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({ inventory: BAD_INPUT_INVENTORY });
    await assertStillWorks(h);
  });
  beforeEach(() => h.sandbox.clearRequests());
  afterEach(() => h.sandbox.clearFaults());
  after(() => h?.close());

  it('stops at an empty page even when Kaspi claims 1000 pages', async () => {
    const before = await recorded(h);
    h.sandbox.injectFault({ route: 'list-orders', kind: 'page-count', pageCount: 1000 });
    const summary = await h.runSync();
    assert.deepEqual(summary.errors, []);
    assert.deepEqual(newOrderPages(h), ['0'], 'no new orders: one empty page, then stop');
    const pages = h.sandbox.requests().filter((r) => r.query['page[number]'] !== undefined).map((r) => Number(r.query['page[number]']));
    assert.ok(Math.max(...pages) <= 1, `never read past the first empty page (read ${pages.join(',')})`);
    await assertNothingRecordedChanged(h, before);
    await assertStillWorks(h);
  });

  it('reads a page beyond the last when the count is too high, finds it empty and processes what it has', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-OK', quantity: 1 }] });
    h.sandbox.injectFault({ route: 'list-orders', kind: 'page-count', pageCount: 2 });
    const summary = await h.runSync();
    assert.deepEqual(summary.errors, []);
    assert.deepEqual(newOrderPages(h), ['0', '1']);
    assert.equal(summary.newOrdersSeen, 1);
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1, 'accepted exactly once');
  });

  it('processes the orders on the page it has when the page count is zero', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-OK', quantity: 1 }] });
    h.sandbox.injectFault({ route: 'list-orders', kind: 'page-count', pageCount: 0 });
    const summary = await h.runSync();
    assert.deepEqual(newOrderPages(h), ['0']);
    assert.equal(summary.newOrdersSeen, 1);
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
  });

  const refusals = [
    { name: 'a rejected token (401)', status: 401, cause: /Kaspi rejected the API token \(HTTP 401\).*check KASPI_AUTH_TOKEN/ },
    { name: 'a forbidden token (403)', status: 403, cause: /Kaspi refused access \(HTTP 403\)/ },
  ];
  for (const { name, status, cause } of refusals) {
    it(`fails the run loudly on ${name}, records why, changes nothing, and the worker keeps serving`, async () => {
      h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-OK', quantity: 1 }] });
      const before = await recorded(h);
      const eventsBefore = await h.db.logEvent.count({ where: { level: 'ERROR' } });
      h.sandbox.injectFault({ route: 'any', kind: 'status', status });
      await assert.rejects(h.runSync(), (error: Error) => cause.test(failureMessages(error)));
      const event = await h.db.logEvent.findFirst({ where: { level: 'ERROR' }, orderBy: { id: 'desc' } });
      assert.equal(await h.db.logEvent.count({ where: { level: 'ERROR' } }), eventsBefore + 1);
      assert.match(event?.message ?? '', /Kaspi rejected the API token/);
      assert.ok(h.sandbox.requests().every((r) => r.action === undefined), 'no status change was attempted');
      await assertNothingRecordedChanged(h, before);
      await assertStillWorks(h);
    });
  }

  it('fails the run loudly, naming KASPI_API_URL, when every answer is an HTML 404 page (wrong URL)', async () => {
    const before = await recorded(h);
    h.sandbox.injectFault({ route: 'any', kind: 'html' });
    await assert.rejects(h.runSync(), (error: Error) => /HTML 404 page: the URL is wrong or the Accept header is missing; check KASPI_API_URL/.test(failureMessages(error)));
    await assertNothingRecordedChanged(h, before);
    await assertStillWorks(h);
  });
  for (const [setting, value, cause] of [
    ['maxWaybillsInFlight', 0, /maxWaybillsInFlight must be a whole number of at least 1, got 0/],
    ['heldRecheckMinutes', 0, /heldRecheckMinutes must be a number of at least 0.01, got 0/],
    ['restockAfterHandover', 'never', /restockAfterHandover must be "receipt", "archive" or "returned-to-warehouse", got never/],
  ] as const) {
    it(`fails a run started with ${setting}=${JSON.stringify(value)} at once, by name, instead of hanging, and changes nothing`, async () => {
      h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-OK', quantity: 1 }] });
      const before = await recorded(h);
      await assert.rejects(h.runSync({ settings: { [setting]: value } }), (error: Error) => cause.test(failureMessages(error)));
      assert.equal(h.sandbox.requests().length, 0, 'not a single Kaspi call');
      await assertNothingRecordedChanged(h, before);
      await assertStillWorks(h);
    });
  }
});
