/**
 * Orders that are ordinary on Kaspi but that the plain flow did not model: a pre-order (goods bought after the
 * sale) is accepted without stock on hand and never assembled before its goods arrive; a credit order waiting
 * for the buyer's signature — before acceptance or after — keeps its stock and is accepted / assembled once
 * signed. Stock stays exact throughout. Real Temporal, PostgreSQL and the sandbox over HTTP.
 */
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { kaspiSync, operatorEnv } from '../client/cli-runner.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import { orderProgressQuery } from '../../workflows/messages.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import type { SandboxOrder } from '../../tools/sandbox/index.js';
import { waitFor } from '../support/wait-for.js';

const DELIVERY = { warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL' } as const;

describe('pre-orders and credit orders awaiting a signature', function () {
  this.timeout(120_000);
  let h: SyncHarness;
  const posts = (order: SandboxOrder, action: string) => h.sandbox.requests().filter((r) => r.method === 'POST' && r.orderCode === order.code && r.action === action);
  const env = () => operatorEnv(h, { KASPI_API_URL: h.sandbox.ordersUrl, KASPI_AUTH_TOKEN: h.sandbox.token });

  before(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-PRE', model: 'Pre', stock: { PP1: 0 } }, { sku: 'SKU-CREDIT', model: 'Credit', stock: { PP1: 5 } }] } });
  });
  after(() => h?.close());

  it('accepts a pre-order without stock, never assembles it before its goods are in, then takes its stock once and assembles it once', async () => {
    const order = h.sandbox.createOrder({ ...DELIVERY, preOrder: true, lines: [{ sku: 'SKU-PRE', quantity: 2 }] });
    const first = await h.runSync();
    assert.equal(first.accepted, 1, 'accepted within Kaspi\'s deadline although nothing is in stock');
    assert.equal(first.held, 0);
    assert.equal(h.sandbox.order(order.code)?.status, 'ACCEPTED_BY_MERCHANT');
    assert.equal(await h.quantity('SKU-PRE', 'PP1'), 0);
    assert.equal(await h.ledgerTotal('SKU-PRE', 'PP1'), 0, 'no stock taken for goods not in yet');
    assert.ok((await h.order(order.code))?.awaitingGoodsSince, 'its goods are awaited');
    const listed = await kaspiSync(env(), 'orders', 'held');
    assert.match(listed.out, new RegExp(`pre-order\\(s\\) accepted without stock[\\s\\S]*${order.code}.*deadline`));

    const early = await kaspiSync(env(), 'order', 'arrived', order.code);
    assert.equal(early.code, 1, 'refused while the goods are not in stock');
    assert.match(early.err, /not in stock yet \(SKU-PRE needs 2, has 0\).*nothing was sent/);
    assert.equal(posts(order, 'ARRIVED').length, 0);

    await loadInventory(h.db, { products: [{ sku: 'SKU-PRE', model: 'Pre', stock: { PP1: 5 } }] }, 'goods arrived');
    const arrived = await kaspiSync(env(), 'order', 'arrived', order.code);
    assert.equal(arrived.code, 0, arrived.err);
    assert.equal(await h.quantity('SKU-PRE', 'PP1'), 3, 'its 2 units taken when they arrived');
    await kaspiSync(env(), 'order', 'arrived', order.code);
    assert.equal(await h.quantity('SKU-PRE', 'PP1'), 3, 'a repeat takes nothing more');
    assert.equal(posts(order, 'ARRIVED').length, 1, 'ARRIVED sent once');

    await h.runSync();
    await h.runSync();
    assert.equal(posts(order, 'ASSEMBLE').length, 1, 'assembled once, after arrival');
    assert.equal(await h.ledgerTotal('SKU-PRE', 'PP1'), await h.quantity('SKU-PRE', 'PP1'), 'ledger and stock agree');
  });

  it('sets aside the stock of a credit order that must be signed before acceptance, waits for the signature, and accepts it then', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', signatureRequired: true, state: 'SIGN_REQUIRED', lines: [{ sku: 'SKU-CREDIT', quantity: 2 }] });
    const run = await h.runSync();
    assert.equal(run.held, 1, 'counted as waiting (held) in the run');
    const handle = h.client.workflow.getHandle(orderWorkflowId(order.code));
    await waitFor(async () => (await handle.query(orderProgressQuery)).stage === 'waiting for the buyer\'s signature');
    assert.equal(await h.quantity('SKU-CREDIT', 'PP1'), 3, 'its stock is set aside while the buyer signs');
    assert.equal(posts(order, 'ACCEPTED_BY_MERCHANT').length, 0, 'no acceptance Kaspi would refuse');

    h.sandbox.sign(order.code);
    await handle.signal('retryOrder');
    const result = (await handle.result()) as { outcome: string };
    assert.equal(result.outcome, 'ACCEPTED');
    assert.equal(posts(order, 'ACCEPTED_BY_MERCHANT').length, 1);
    assert.equal(await h.quantity('SKU-CREDIT', 'PP1'), 3, 'taken once');
  });
});
