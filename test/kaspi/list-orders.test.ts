import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { DAY_MS, startSandboxWithClient, type SandboxWithClient } from './sandbox-client.js';

const NOW = Date.parse('2025-06-20T06:00:00Z');

describe('KaspiClient.listOrders against the sandbox', () => {
  let ctx: SandboxWithClient;
  beforeEach(async () => {
    ctx = await startSandboxWithClient({ now: () => NOW });
  });
  afterEach(() => ctx.sandbox.close());

  it('reads every page: 250 new orders come back in three requests of at most 100', async () => {
    const created = ctx.sandbox.generateOrders(250, { seed: 3, createdAt: NOW - 1000 });
    const orders = await ctx.client.listOrders({ state: 'NEW', status: 'APPROVED_BY_BANK', createdFrom: NOW - DAY_MS, createdTo: NOW });
    assert.equal(orders.length, 250);
    assert.deepEqual(new Set(orders.map((o) => o.code)), new Set(created.map((o) => o.code)));
    const pages = ctx.sandbox.requests().map((r) => [r.query['page[number]'], r.query['page[size]']]);
    assert.deepEqual(pages, [['0', '100'], ['1', '100'], ['2', '100']]);
  });

  it('splits a 30-day window into three requests of at most 14 days each', async () => {
    for (const daysAgo of [1, 10, 16, 25, 29]) {
      ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }], creationDate: NOW - daysAgo * DAY_MS });
    }
    const orders = await ctx.client.listOrders({ state: 'NEW', createdFrom: NOW - 30 * DAY_MS, createdTo: NOW });
    assert.equal(orders.length, 5);
    const windows = ctx.sandbox
      .requests()
      .map((r) => [Number(r.query['filter[orders][creationDate][$ge]']), Number(r.query['filter[orders][creationDate][$le]'])]);
    assert.equal(windows.length, 3);
    for (const [from, to] of windows) assert.ok(to - from <= 14 * DAY_MS, `window ${from}..${to} exceeds 14 days`);
    assert.equal(windows[0][0], NOW - 30 * DAY_MS);
    assert.equal(windows[2][1], NOW);
  });

  it('sends the state and status filters and returns only matching orders', async () => {
    const kept = ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }], creationDate: NOW - 1000 });
    const accepted = ctx.sandbox.createOrder({
      warehouse: 'PP1',
      lines: [{ sku: 'SKU-A', quantity: 1 }],
      creationDate: NOW - 1000,
      status: 'ACCEPTED_BY_MERCHANT',
    });
    const news = await ctx.client.listOrders({ state: 'NEW', status: 'APPROVED_BY_BANK', createdFrom: NOW - DAY_MS, createdTo: NOW });
    assert.deepEqual(news.map((o) => o.code), [kept.code]);
    const kaspi = await ctx.client.listOrders({ state: 'KASPI_DELIVERY', createdFrom: NOW - DAY_MS, createdTo: NOW });
    assert.deepEqual(kaspi.map((o) => o.code), [accepted.code]);
    assert.equal(ctx.sandbox.requests()[0].query['filter[orders][status]'], 'APPROVED_BY_BANK');
  });

  it('stops at an empty page even when meta.pageCount claims more pages', async () => {
    ctx.sandbox.generateOrders(3, { createdAt: NOW - 1000 });
    ctx.sandbox.injectFault({ route: 'list-orders', kind: 'page-count', pageCount: 1_000_000 });
    const orders = await ctx.client.listOrders({ state: 'NEW', createdFrom: NOW - DAY_MS, createdTo: NOW, pageSize: 2 });
    assert.equal(orders.length, 3);
    assert.equal(ctx.sandbox.requests().length, 3, 'pages 0 and 1 hold orders, page 2 is empty and ends the loop');
  });

  it('returns each order once when an order shifts across a page boundary between requests', async () => {
    ctx.sandbox.generateOrders(4, { createdAt: NOW - 1000 });
    ctx.sandbox.injectFault({ route: 'list-orders', kind: 'latency', latencyMs: 400, times: 2 });
    const listing = ctx.client.listOrders({ state: 'NEW', createdFrom: NOW - DAY_MS, createdTo: NOW, pageSize: 2 });
    await sleep(600); // page 0 has been answered; page 1 is still waiting
    const earliest = ctx.sandbox.createOrder({ warehouse: 'PP2', lines: [{ sku: 'SKU-B', quantity: 1 }], creationDate: NOW - DAY_MS + 1 });
    const orders = await listing;
    const codes = orders.map((o) => o.code);
    assert.equal(new Set(codes).size, codes.length, `duplicates in ${codes}`);
    assert.equal(codes.length, 4);
    assert.ok(!codes.includes(earliest.code));
  });

  it('normalises Kaspi Delivery details, express and the pickup point of a listed order', async () => {
    const order = ctx.sandbox.createOrder({
      warehouse: 'PP15',
      lines: [{ sku: 'SKU-A', quantity: 1 }],
      express: true,
      creationDate: NOW - 1000,
    });
    const [listed] = await ctx.client.listOrders({ state: 'NEW', createdFrom: NOW - DAY_MS, createdTo: NOW });
    assert.deepEqual(listed, {
      id: order.id,
      code: order.code,
      state: 'NEW',
      status: 'APPROVED_BY_BANK',
      creationDate: NOW - 1000,
      totalPrice: order.totalPrice,
      pickupPointId: '30123456_PP15',
      isKaspiDelivery: true,
      deliveryMode: 'DELIVERY_LOCAL',
      preOrder: false,
      signatureRequired: false,
      assembled: false,
      express: true,
      cancellationReason: null,
      kaspiDelivery: { waybill: null, waybillNumber: null, courierTransmissionDate: null, returnedToWarehouse: false },
    });
    assert.equal(JSON.stringify(listed).includes(order.customer.cellPhone), false, 'no customer data in KaspiOrder');
  });

  it('rejects a page size above 100 before calling Kaspi', async () => {
    await assert.rejects(
      ctx.client.listOrders({ state: 'NEW', createdFrom: NOW - DAY_MS, createdTo: NOW, pageSize: 101 }),
      { name: 'KaspiConfigurationError' },
    );
    assert.equal(ctx.client.stats.requests, 0);
  });
});
