import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LifecycleError, startKaspiSandbox, type KaspiSandbox } from '../../tools/sandbox/index.js';
import { kaspiFetch, postStatus } from './kaspi-fetch.js';

describe('Sandbox lifecycle events, waybills and generated data', () => {
  let sandbox: KaspiSandbox;
  let clock: number;
  beforeEach(async () => {
    clock = Date.parse('2025-06-20T06:00:00Z');
    sandbox = await startKaspiSandbox({ waybillDelayMs: 3000, now: () => clock });
  });
  afterEach(() => sandbox.close());

  const kaspiDeliveryOrder = () => sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
  async function acceptedAndAssembled() {
    const order = kaspiDeliveryOrder();
    await postStatus(sandbox, order, { status: 'ACCEPTED_BY_MERCHANT' });
    await postStatus(sandbox, order, { status: 'ASSEMBLE', numberOfSpace: '1' });
    return order;
  }

  it('shows the waybill only after the configured delay and serves its PDF to token holders', async () => {
    const order = await acceptedAndAssembled();
    assert.equal(sandbox.order(order.code)?.kaspiDelivery?.waybill, null);
    clock += 2999;
    assert.equal((await kaspiFetch(sandbox, `/orders/${order.id}`)).json.data.attributes.kaspiDelivery.waybill, null);
    clock += 1;
    const delivery = (await kaspiFetch(sandbox, `/orders/${order.id}`)).json.data.attributes.kaspiDelivery;
    assert.match(delivery.waybill, new RegExp(`^${sandbox.baseUrl.replace('/v2', '')}/waybill/`));
    assert.match(delivery.waybillNumber, /^\d{9}$/);

    const withToken = await fetch(delivery.waybill, { headers: { 'X-Auth-Token': sandbox.token } });
    assert.equal(withToken.status, 200);
    assert.equal(withToken.headers.get('content-type'), 'application/pdf');
    const pdf = Buffer.from(await withToken.arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.toString('latin1'), /%%EOF\n$/);
    assert.equal((await fetch(delivery.waybill)).status, 401);
  });

  it('real-time waybill delay: appears after a short wall-clock delay too', async () => {
    await sandbox.close();
    sandbox = await startKaspiSandbox({ waybillDelayMs: 100 });
    const order = await acceptedAndAssembled();
    assert.equal(sandbox.order(order.code)?.kaspiDelivery?.waybill, null);
    await sleep(120);
    assert.notEqual(sandbox.order(order.code)?.kaspiDelivery?.waybill, null);
  });

  it('drives a Kaspi Delivery order through handover to completion', async () => {
    const order = await acceptedAndAssembled();
    sandbox.handOverToCourier(order.code, clock + 60_000);
    assert.equal(sandbox.order(order.code)?.kaspiDelivery?.courierTransmissionDate, clock + 60_000);
    sandbox.complete(order.code);
    assert.deepEqual([sandbox.order(order.code)?.state, sandbox.order(order.code)?.status], ['ARCHIVE', 'COMPLETED']);
  });

  it('drives a cancellation during delivery: CANCELLING in KASPI_DELIVERY, back at the warehouse, then archived', async () => {
    const order = await acceptedAndAssembled();
    sandbox.handOverToCourier(order.code);
    sandbox.cancelInDelivery(order.code);
    assert.deepEqual([sandbox.order(order.code)?.state, sandbox.order(order.code)?.status], ['KASPI_DELIVERY', 'CANCELLING']);
    sandbox.markReturnedToWarehouse(order.code);
    assert.equal(sandbox.order(order.code)?.kaspiDelivery?.returnedToWarehouse, true);
    sandbox.archiveCancelled(order.code);
    assert.deepEqual([sandbox.order(order.code)?.state, sandbox.order(order.code)?.status], ['ARCHIVE', 'CANCELLED']);
  });

  it('drives a return: completed, return requested, returned', async () => {
    const order = await acceptedAndAssembled();
    sandbox.complete(order.code);
    sandbox.requestReturn(order.code);
    assert.deepEqual([sandbox.order(order.code)?.state, sandbox.order(order.code)?.status], ['KASPI_DELIVERY', 'KASPI_DELIVERY_RETURN_REQUESTED']);
    sandbox.completeReturn(order.code);
    assert.deepEqual([sandbox.order(order.code)?.state, sandbox.order(order.code)?.status], ['ARCHIVE', 'RETURNED']);
  });

  it('lets the buyer cancel before handover but not after', async () => {
    const early = kaspiDeliveryOrder();
    sandbox.buyerCancel(early.code);
    assert.equal(sandbox.order(early.code)?.status, 'CANCELLED');
    const late = await acceptedAndAssembled();
    sandbox.handOverToCourier(late.code);
    assert.throws(() => sandbox.buyerCancel(late.code), LifecycleError);
  });

  it('refuses impossible events, e.g. handing over an unassembled order', () => {
    const order = kaspiDeliveryOrder();
    assert.throws(() => sandbox.handOverToCourier(order.code), LifecycleError);
    assert.throws(() => sandbox.requestReturn(order.code), LifecycleError);
    assert.throws(() => sandbox.complete('nope'), LifecycleError);
  });

  it('auto-cancels orders not accepted in time as MERCHANT_OUT_OF_STOCK', async () => {
    const old = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }], creationDate: clock - 4 * 3600_000 });
    const fresh = kaspiDeliveryOrder();
    const acceptedOld = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }], creationDate: clock - 4 * 3600_000 });
    await postStatus(sandbox, acceptedOld, { status: 'ACCEPTED_BY_MERCHANT' });
    assert.deepEqual(sandbox.autoCancelUnaccepted(3 * 3600_000), [old.code]);
    assert.equal(sandbox.order(old.code)?.cancellationReason, 'MERCHANT_OUT_OF_STOCK');
    assert.equal(sandbox.order(fresh.code)?.status, 'APPROVED_BY_BANK');
  });

  it('mints ids in Kaspi’s formats', () => {
    const order = sandbox.createOrder({ warehouse: 'PP15', lines: [{ sku: 'SKU-A', quantity: 1 }, { sku: 'SKU-B', quantity: 1 }] });
    assert.equal(Buffer.from(order.id, 'base64').toString(), order.code);
    assert.doesNotMatch(order.id, /=/);
    assert.equal(Buffer.from(order.entries[1].id, 'base64').toString(), `${order.code}##1`);
    assert.equal(order.pickupPointId, '30123456_PP15');
    assert.equal(Buffer.from(order.pointOfServiceId, 'base64').toString(), '30123456_PP15');
  });

  it('generates the same varied orders for the same seed', async () => {
    const other = await startKaspiSandbox({ now: () => clock });
    try {
      const strip = (orders: ReturnType<KaspiSandbox['orders']>) => orders.map(({ code, deliveryMode, isKaspiDelivery, warehouse, entries }) => ({ code, deliveryMode, isKaspiDelivery, warehouse, skus: entries.map((e) => e.sku) }));
      const a = sandbox.generateOrders(60, { seed: 9 });
      const b = other.generateOrders(60, { seed: 9 });
      assert.deepEqual(strip(a), strip(b));
      assert.notDeepEqual(strip(other.generateOrders(60, { seed: 10 })).map((o) => o.warehouse), strip(a).map((o) => o.warehouse));
      assert.deepEqual(new Set(a.map((o) => o.deliveryMode)).size, 4, 'all delivery modes appear');
      assert.ok(a.some((o) => o.entries.length > 1), 'multi-line orders appear');
      assert.ok(a.some((o) => o.kaspiDelivery?.express), 'express orders appear');
      assert.deepEqual(new Set(a.map((o) => o.warehouse)), new Set(['PP1', 'PP2', 'PP15']));
    } finally {
      await other.close();
    }
  });

  it('offers the same operations over the HTTP control interface', async () => {
    const control = (path: string, method = 'GET', body?: unknown) =>
      fetch(new URL(`/__sandbox/${path}`, sandbox.baseUrl), { method, body: body === undefined ? undefined : JSON.stringify(body) }).then(
        async (r) => ({ status: r.status, json: (await r.json()) as any }),
      );
    const created = await control('orders', 'POST', { warehouse: 'PP2', lines: [{ sku: 'SKU-C', quantity: 2 }] });
    assert.equal(created.status, 201);
    const { code, id } = created.json;
    assert.equal((await control('generate', 'POST', { count: 3, seed: 5 })).json.length, 3);
    assert.equal((await control('lifecycle/buyer-cancel', 'POST', { code })).json.status, 'CANCELLED');
    assert.equal((await control('lifecycle/complete', 'POST', { code })).status, 409);
    assert.equal((await control('faults', 'POST', { route: 'get-order', kind: 'status', status: 500, times: 1 })).status, 201);
    assert.equal((await kaspiFetch(sandbox, `/orders/${id}`)).status, 500);
    assert.equal((await control('requests')).json.length, 1);
    await control('requests', 'DELETE');
    assert.deepEqual((await control('requests')).json, []);
    assert.equal((await control(`orders/${code}`)).json.state, 'ARCHIVE');
    assert.equal((await control('lifecycle/auto-cancel', 'POST', { olderThanMs: 0 })).json.codes.length, 3);
  });
});
