/**
 * Q16: the intake list asks for the orders' lines (`include[orders]=entries`). Where Kaspi serves them the
 * reservation needs no entries request; where it ignores the include nothing changes; where it refuses it (400)
 * the list is read again without it and the client stops asking. The sandbox plays all three answers.
 */
import assert from 'node:assert/strict';
import { ListedOrders } from '../../activities/listed-orders.js';
import { DAY_MS, startSandboxWithClient, type SandboxWithClient } from './sandbox-client.js';

const NOW = Date.parse('2025-06-20T06:00:00Z');
const query = { state: 'NEW' as const, status: 'APPROVED_BY_BANK' as const, createdFrom: NOW - DAY_MS, createdTo: NOW, includeEntries: true };

describe('KaspiClient: lines served with the order list (include[orders]=entries, Q16)', () => {
  let ctx: SandboxWithClient | undefined;
  afterEach(() => ctx?.sandbox.close());

  it('served: every listed order has its lines, equal to what GET /orders/{id}/entries returns', async () => {
    ctx = await startSandboxWithClient({ now: () => NOW, listIncludeEntries: 'served' });
    ctx.sandbox.generateOrders(130, { seed: 5, createdAt: NOW - 1000 });
    const listing = await ctx.client.listOrdersSettingAsideMalformed(query);
    assert.equal(listing.orders.length, 130);
    assert.equal(listing.entries?.size, 130);
    assert.ok(ctx.sandbox.requests().every((r) => r.query['include[orders]'] === 'entries'));
    for (const order of listing.orders.slice(0, 10)) {
      assert.deepEqual(listing.entries?.get(order.id), await ctx.client.getOrderEntries(order.id, order.code));
      // The buyer's contact from the listed element, as the order's own read gives it (the reservation records it).
      const own = await ctx.client.getOrderWithCustomer(order.id);
      assert.deepEqual(listing.customers?.get(order.id), own?.customer);
      assert.ok(own?.customer.name, 'the sandbox gives its buyers names');
    }
  });

  it('served, but a line without its offer (old data): that order is left to GET entries and its SKU fallback', async () => {
    ctx = await startSandboxWithClient({ now: () => NOW, listIncludeEntries: 'served' });
    const plain = ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }], creationDate: NOW - 1000 });
    const old = ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-B', quantity: 1, hideOffer: true }], creationDate: NOW - 900 });
    const listing = await ctx.client.listOrdersSettingAsideMalformed(query);
    assert.ok(listing.entries?.has(plain.id));
    assert.equal(listing.entries?.has(old.id), false);
  });

  it('ignored: the orders come as before, with no lines', async () => {
    ctx = await startSandboxWithClient({ now: () => NOW, listIncludeEntries: 'ignored' });
    ctx.sandbox.generateOrders(5, { seed: 5, createdAt: NOW - 1000 });
    const listing = await ctx.client.listOrdersSettingAsideMalformed(query);
    assert.equal(listing.orders.length, 5);
    assert.equal(listing.entries?.size, 0);
  });

  it('refused (400): the page is read again without the include, and later lists no longer send it', async () => {
    ctx = await startSandboxWithClient({ now: () => NOW, listIncludeEntries: 'refused' });
    ctx.sandbox.generateOrders(5, { seed: 5, createdAt: NOW - 1000 });
    const first = await ctx.client.listOrdersSettingAsideMalformed(query);
    const second = await ctx.client.listOrdersSettingAsideMalformed(query);
    assert.equal(first.orders.length, 5);
    assert.equal(second.orders.length, 5);
    const sent = ctx.sandbox.requests().map((r) => [r.status, r.query['include[orders]'] ?? null]);
    assert.deepEqual(sent, [[400, 'entries'], [200, null], [200, null]]);
  });
});

describe('ListedOrders: listed orders kept for the reservation', () => {
  const line = { id: 'e1' } as never;
  const order = (id: string) => ({ id, code: `c-${id}` }) as never;
  const customer = { name: 'Айгерим', phone: '7011234567' };
  const listing = (ids: string[], withLines = ids) => ({
    orders: ids.map(order),
    rejected: [],
    entries: new Map(withLines.map((id) => [id, [line]])),
    customers: new Map(withLines.map((id) => [id, customer])),
  });

  it('gives an order its listed copy (order, buyer, lines) once, and none once it is older than the bound', () => {
    let now = 0;
    const listed = new ListedOrders(1_000, 10, () => now);
    listed.remember(listing(['a', 'b']));
    assert.deepEqual(listed.take('a'), { order: order('a'), customer, entries: [line] });
    assert.equal(listed.take('a'), undefined);
    now = 1_001;
    assert.equal(listed.take('b'), undefined);
  });

  it('keeps no copy of an order whose lines the list did not serve (it is read instead)', () => {
    const listed = new ListedOrders();
    listed.remember(listing(['a', 'b'], ['b']));
    assert.equal(listed.take('a'), undefined);
    assert.deepEqual(listed.take('b')?.entries, [line]);
  });

  it('keeps at most its bound, dropping the oldest', () => {
    const listed = new ListedOrders(60_000, 2);
    listed.remember(listing(['a', 'b', 'c']));
    assert.equal(listed.size, 2);
    assert.equal(listed.take('a'), undefined);
    assert.deepEqual(listed.take('c')?.entries, [line]);
  });
});
