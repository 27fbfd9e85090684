import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { KaspiBadRequestError } from '../../kaspi/errors.js';
import { rejectionOf, startSandboxWithClient, type SandboxWithClient } from './sandbox-client.js';

describe('KaspiClient status changes and waybills against the sandbox', () => {
  let ctx: SandboxWithClient;
  beforeEach(async () => {
    ctx = await startSandboxWithClient({ waybillDelayMs: 150 });
  });
  afterEach(() => ctx.sandbox.close());

  const newOrder = () => ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });

  it('accepts an order by sending its id and code', async () => {
    const order = newOrder();
    await ctx.client.acceptOrder(order);
    const [post] = ctx.sandbox.requests();
    assert.deepEqual(post.body, { data: { type: 'orders', id: order.id, attributes: { code: order.code, status: 'ACCEPTED_BY_MERCHANT' } } });
    assert.equal(ctx.sandbox.order(order.code)?.state, 'KASPI_DELIVERY');
    assert.equal(ctx.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
  });

  it('cancels with Kaspi’s reason and comment', async () => {
    const order = newOrder();
    await ctx.client.cancelOrder(order, 'MERCHANT_OUT_OF_STOCK', 'Нет на складе PP1');
    const attributes = (ctx.sandbox.requests()[0].body as { data: { attributes: unknown } }).data.attributes;
    assert.deepEqual(attributes, {
      code: order.code,
      status: 'CANCELLED',
      cancellationReason: 'MERCHANT_OUT_OF_STOCK',
      cancellationComment: 'Нет на складе PP1',
    });
    const cancelled = await ctx.client.getOrder(order.id);
    assert.deepEqual([cancelled?.state, cancelled?.status, cancelled?.cancellationReason], ['ARCHIVE', 'CANCELLED', 'MERCHANT_OUT_OF_STOCK']);
  });

  it('assembles with numberOfSpace as a string, then finds the waybill after the delay and downloads the PDF', async () => {
    const order = newOrder();
    await ctx.client.acceptOrder(order);
    await ctx.client.assembleOrder(order, 2);
    const assemble = ctx.sandbox.requests().at(-1)!.body as { data: { attributes: Record<string, unknown> } };
    assert.deepEqual(assemble.data.attributes, { code: order.code, status: 'ASSEMBLE', numberOfSpace: '2' });

    const packed = await ctx.client.getOrder(order.id);
    assert.equal(packed?.assembled, true);
    assert.equal(packed?.status, 'ACCEPTED_BY_MERCHANT');
    assert.equal(packed?.kaspiDelivery?.waybill, null, 'the waybill is not there at once');

    await sleep(200);
    const ready = await ctx.client.getOrder(order.id);
    assert.match(ready!.kaspiDelivery!.waybill!, /\/shop\/api\/waybill\//);
    assert.match(ready!.kaspiDelivery!.waybillNumber!, /^\d{9}$/);
    const pdf = await ctx.client.downloadWaybill(ready!.kaspiDelivery!.waybill!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const download = ctx.sandbox.requests().at(-1)!;
    assert.equal(download.accept, 'application/pdf, */*');
    assert.equal(download.authOk, true);
  });

  it('reports a refused change as a bad request carrying Kaspi’s title', async () => {
    const order = newOrder();
    ctx.sandbox.buyerCancel(order.code);
    const error = await rejectionOf(ctx.client.acceptOrder(order));
    assert.ok(error instanceof KaspiBadRequestError);
    assert.equal(error.httpStatus, 400);
    assert.equal(error.kaspiTitle, "Order is cancelled, so it can't be accepted.");
    assert.equal(error.retryable, false);
    assert.match(error.message, new RegExp(order.code));
  });

  it('refuses a cancellation comment over 1000 characters without calling Kaspi', async () => {
    await assert.rejects(ctx.client.cancelOrder(newOrder(), 'BUYER_NOT_REACHABLE', 'x'.repeat(1001)), KaspiBadRequestError);
    assert.equal(ctx.client.stats.requests, 0);
  });

  it('treats a waybill link that serves no PDF as a bad payload', async () => {
    const order = newOrder();
    await ctx.client.acceptOrder(order);
    await ctx.client.assembleOrder(order, 1);
    await sleep(200);
    const waybill = (await ctx.client.getOrder(order.id))!.kaspiDelivery!.waybill!;
    ctx.sandbox.injectFault({ route: 'waybill', kind: 'schema', times: 1 });
    await assert.rejects(ctx.client.downloadWaybill(waybill), { name: 'KaspiBadPayloadError' });
  });
});
