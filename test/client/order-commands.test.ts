import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import type { OrderResult } from '../../domain/sync-types.js';
import { kaspiSync, operatorEnv, temporalCli, waitFor } from './cli-runner.js';

const CUSTOMER_PHONE = '7071234567';

describe('operators inspecting and retrying orders', function () {
  this.timeout(180_000);
  let h: SyncHarness;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 2 } }] } });
    env = operatorEnv(h);
  });
  afterEach(() => h?.close());

  const heldOrder = () =>
    h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 5 }], customer: { firstName: 'Асель', cellPhone: CUSTOMER_PHONE } });
  const restock = (quantity: number) => loadInventory(h.db, { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: quantity } }] });

  it('`order show` says where the order is, why it is held and what its workflow does — never the phone number', async () => {
    const order = heldOrder();
    await h.runSync();
    const shown = await kaspiSync(env, 'order', 'show', order.code);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /kaspi-sync state: HELD — held: out of stock at PP1: SKU-A needs 5, has 2/);
    assert.match(shown.out, /warehouse: PP1/);
    assert.match(shown.out, /5 × SKU-A/);
    assert.match(shown.out, new RegExp(`workflow ${orderWorkflowId(order.code)}: RUNNING — stage: held for an operator`));
    assert.ok(!shown.out.includes(CUSTOMER_PHONE) && !shown.out.includes('Асель'), 'no customer data on screen');
  });

  it('`order show` of an unknown code exits 4 with a clear message', async () => {
    const shown = await kaspiSync(env, 'order', 'show', '100000001');
    assert.equal(shown.code, 4);
    assert.match(shown.err, /knows no order 100000001/);
  });

  it('`orders flagged` lists held orders with their reasons, and only those', async () => {
    const held = heldOrder();
    const fine = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.runSync();
    const flagged = await kaspiSync(env, 'orders', 'flagged');
    assert.match(flagged.out, /^1 held order/);
    assert.match(flagged.out, new RegExp(`${held.code}\\s+PP1 .*out of stock at PP1: SKU-A needs 5, has \\d`));
    assert.ok(!flagged.out.includes(fine.code));
  });

  it('`order retry` after stock was added makes the waiting order re-check now: accepted, stock taken once', async () => {
    const order = heldOrder();
    await h.runSync();
    await restock(8);
    const retried = await kaspiSync(env, 'order', 'retry', order.code);
    assert.match(retried.out, /was waiting and re-checks now/);
    const result: OrderResult = await h.client.workflow.getHandle(orderWorkflowId(order.code)).result();
    assert.equal(result.outcome, 'ACCEPTED');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 3);
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
    assert.match((await kaspiSync(env, 'orders', 'flagged')).out, /no orders are held/);
  });

  it('`order retry` runs an order again whose workflow had stopped waiting for stock', async () => {
    const order = heldOrder();
    await h.runSync({ settings: { heldGiveUpHours: 0 } });
    const first: OrderResult = await h.client.workflow.getHandle(orderWorkflowId(order.code)).result();
    assert.equal(first.outcome, 'HELD', 'the workflow gave up and completed; the order stays flagged');
    await restock(5);
    const retried = await kaspiSync(env, 'order', 'retry', order.code);
    assert.match(retried.out, /started kaspi-order-\d+ again/);
    const result: OrderResult = await h.client.workflow.getHandle(orderWorkflowId(order.code)).result();
    assert.equal(result.outcome, 'ACCEPTED');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 0);
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
  });

  it('`order retry` of an accepted order changes nothing and says why (exit 1)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.runSync();
    const retried = await kaspiSync(env, 'order', 'retry', order.code);
    assert.equal(retried.code, 1);
    assert.match(retried.err, /is ACCEPTED; only HELD or RESERVED orders can be retried/);
    assert.equal(await h.quantity('SKU-A', 'PP1'), 1);
  });

  it('an order workflow that was terminated is rerun from the start with `temporal workflow reset`', async () => {
    const order = heldOrder();
    await h.runSync();
    const workflowId = orderWorkflowId(order.code);
    await h.client.workflow.getHandle(workflowId).terminate('operator stopped it');
    await restock(6);
    await temporalCli(h.temporalAddress, 'workflow', 'reset', '--workflow-id', workflowId, '--type', 'FirstWorkflowTask', '--reason', 'stock added');
    const result: OrderResult = await waitFor(async () => {
      const description = await h.client.workflow.getHandle(workflowId).describe();
      return description.status.name === 'COMPLETED' && h.client.workflow.getHandle(workflowId).result();
    });
    assert.equal(result.outcome, 'ACCEPTED');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 1);
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
  });
});
