/**
 * Packing as Kaspi does it in 2026, on the sandbox with a second ASSEMBLE issuing a second waybill: ASSEMBLE
 * only when Kaspi allows it (a credit order waits for the buyer's signature, a pre-order for its goods), never
 * twice (a lost request is re-read, not repeated, until the confirmation window passes). The order workflow's
 * wait for a slow waybill: test/workflows/waybill-capture-time-skipping.test.ts.
 */
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { kaspiSync, operatorEnv } from '../client/cli-runner.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import type { SandboxOrder } from '../../tools/sandbox/index.js';

const DELIVERY = { warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL' } as const;
const INVENTORY = { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 50 } }] };

function assembleRequests(h: SyncHarness, order: SandboxOrder) {
  return h.sandbox.requests().filter((r) => r.method === 'POST' && r.action === 'ASSEMBLE' && r.orderCode === order.code);
}

async function orderWorkflowDone(h: SyncHarness, order: SandboxOrder): Promise<void> {
  await h.client.workflow.getHandle(orderWorkflowId(order.code)).result();
}

describe('ASSEMBLE only when Kaspi allows it, and never twice', function () {
  this.timeout(120_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({ inventory: INVENTORY, sandbox: { reassembleBehaviour: 'new-waybill' } });
  });
  after(() => h?.close());

  it('sends no ASSEMBLE to an unsigned credit order or a pre-order whose goods are not in, shows them waiting, and assembles each once after signing / arrival', async () => {
    const credit = h.sandbox.createOrder({ ...DELIVERY, signatureRequired: true, lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const preOrder = h.sandbox.createOrder({ ...DELIVERY, preOrder: true, lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const settings = { waybillCaptureMinutes: 0 };
    const first = await h.runSync({ settings });
    assert.equal(first.accepted, 2);
    await Promise.all([orderWorkflowDone(h, credit), orderWorkflowDone(h, preOrder)]);
    await h.runSync({ settings });
    const third = await h.runSync({ settings });
    assert.deepEqual([assembleRequests(h, credit).length, assembleRequests(h, preOrder).length], [0, 0], 'not a single ASSEMBLE Kaspi would refuse');
    assert.equal(third.errors.length, 0, 'waiting is not an error');
    assert.match((await h.order(credit.code))?.assemblyWaitingFor ?? '', /signature/);
    assert.match((await h.order(preOrder.code))?.assemblyWaitingFor ?? '', /pre-order/);

    h.sandbox.sign(credit.code);
    const arrived = await kaspiSync(operatorEnv(h, { KASPI_API_URL: h.sandbox.ordersUrl, KASPI_AUTH_TOKEN: h.sandbox.token }), 'order', 'arrived', preOrder.code);
    assert.equal(arrived.code, 0, arrived.err);
    assert.equal(h.sandbox.order(preOrder.code)?.arrived, true, 'ARRIVED sent to Kaspi');
    const after = await h.runSync({ settings });
    await h.runSync({ settings });
    assert.ok(after.waybillsStored >= 2, `both waybills stored (${after.waybillsStored})`);
    assert.deepEqual([assembleRequests(h, credit).length, assembleRequests(h, preOrder).length], [1, 1], 'assembled once each');
    for (const order of [credit, preOrder]) {
      const row = await h.order(order.code);
      assert.equal(row?.assemblyWaitingFor, null);
      assert.equal(row?.waybillNumber, h.sandbox.order(order.code)?.kaspiDelivery?.waybillNumber, 'the stored waybill is the one Kaspi shows');
    }
  });

  it('re-reads an order whose ASSEMBLE request was lost instead of repeating it, sends it once the window passes, and ends with one waybill', async () => {
    const order = h.sandbox.createOrder({ ...DELIVERY, lines: [{ sku: 'SKU-A', quantity: 1 }] });
    h.sandbox.injectFault({ route: 'post-order', action: 'ASSEMBLE', orderCode: order.code, kind: 'reset', times: 1 });
    await h.runSync({ settings: { assembleConfirmMinutes: 0.1, waybillCaptureMinutes: 1 } });
    await orderWorkflowDone(h, order);
    const sent = assembleRequests(h, order);
    assert.equal(sent.length, 2, 'the lost one, then one more after the window');
    assert.ok(sent[1].at - sent[0].at >= 6_000, `no repeat within the 6 s window (${sent[1].at - sent[0].at} ms)`);
    assert.equal(sent.filter((r) => r.applied).length, 1);
    assert.equal(h.sandbox.order(order.code)?.waybillsIssued, 1, 'one waybill issued');
    assert.ok(await h.db.waybillDocument.findUnique({ where: { orderId: order.id } }), 'its PDF stored by the order workflow');
  });

  it('does not repeat an ASSEMBLE whose reply was lost after Kaspi applied it', async () => {
    const order = h.sandbox.createOrder({ ...DELIVERY, lines: [{ sku: 'SKU-A', quantity: 1 }] });
    h.sandbox.injectFault({ route: 'post-order', action: 'ASSEMBLE', orderCode: order.code, kind: 'reset', applyThenFail: true, times: 1 });
    await h.runSync({ settings: { waybillCaptureMinutes: 1 } });
    await orderWorkflowDone(h, order);
    assert.equal(assembleRequests(h, order).length, 1);
    assert.equal(h.sandbox.order(order.code)?.waybillsIssued, 1);
    assert.equal((await h.order(order.code))?.waybillNumber, h.sandbox.order(order.code)?.kaspiDelivery?.waybillNumber);
  });

  it('treats an ASSEMBLE answered with a broken body as a lost reply: the order workflow does not fail, Kaspi gets one ASSEMBLE that arrives, one waybill', async () => {
    // malformed-json replaces the reply (not applied); truncated is applied, then its body cut off.
    for (const kind of ['malformed-json', 'truncated'] as const) {
      const order = h.sandbox.createOrder({ ...DELIVERY, lines: [{ sku: 'SKU-A', quantity: 1 }] });
      h.sandbox.injectFault({ route: 'post-order', action: 'ASSEMBLE', orderCode: order.code, kind, times: 1 });
      await h.runSync({ settings: { assembleConfirmMinutes: 0.1, waybillCaptureMinutes: 1 } });
      const result = (await h.client.workflow.getHandle(orderWorkflowId(order.code)).result()) as { assembled: boolean; waybillStored?: boolean };
      assert.deepEqual([result.assembled, result.waybillStored], [true, true], `${kind}: ${JSON.stringify(result)}`);
      assert.equal(assembleRequests(h, order).filter((r) => r.applied).length, 1, `${kind}: one ASSEMBLE applied`);
      assert.equal(h.sandbox.order(order.code)?.waybillsIssued, 1, `${kind}: one waybill issued`);
      assert.equal((await h.order(order.code))?.assembled, true, `${kind}: recorded as assembled`);
      assert.ok(await h.db.waybillDocument.findUnique({ where: { orderId: order.id } }), `${kind}: its PDF stored`);
    }
  });
});
