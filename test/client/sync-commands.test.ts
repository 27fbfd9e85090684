import assert from 'node:assert/strict';
import { createSyncHarness, TEST_SETTINGS, type SyncHarness } from '../support/sync-harness.js';
import type { SyncSummary } from '../../domain/sync-types.js';
import { kaspiSync, operatorEnv, temporalCli } from './cli-runner.js';

const HOUR_MS = 60 * 60_000;

describe('starting a sync by hand', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  beforeEach(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 10 } }] } });
  });
  afterEach(() => h?.close());

  it('`kaspi-sync sync run` processes the orders created in the given window and prints the summary', async () => {
    const recent = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    const older = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }], creationDate: Date.now() - 5 * HOUR_MS });
    const from = new Date(Date.now() - HOUR_MS).toISOString();
    const run = await kaspiSync(operatorEnv(h), 'sync', 'run', '--from', from, '--to', new Date(Date.now() + 60_000).toISOString());
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /started kaspi-sync-run-manual-/);
    assert.match(run.out, /sync finished: 1 new orders, 1 accepted, 0 held/);
    assert.equal((await h.order(recent.code))?.syncState, 'ACCEPTED');
    assert.equal(await h.order(older.code), null, 'an order created before the window is left for another run');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 8);
  });

  it('`kaspi-sync sync run` applies business settings given as JSON', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 11 }] });
    const run = await kaspiSync(operatorEnv(h), 'sync', 'run', '--settings', '{"outOfStockPolicy":"cancel"}');
    assert.match(run.out, /1 cancelled out of stock/);
    assert.equal(h.sandbox.order(order.code)?.cancellationReason, 'MERCHANT_OUT_OF_STOCK');
  });

  it('`temporal workflow start` with the documented plain JSON input runs a sync to completion', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 4 }] });
    const workflowId = `kaspi-sync-manual-cli-${order.code}`;
    const input = JSON.stringify({ settings: TEST_SETTINGS });
    await temporalCli(h.temporalAddress, 'workflow', 'start', '--type', 'orderSyncWorkflow', '--task-queue', h.taskQueue, '--workflow-id', workflowId, '--input', input);
    const summary: SyncSummary = await h.client.workflow.getHandle(workflowId).result();
    assert.equal(summary.accepted, 1);
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 6);
  });

  it('rejects unknown settings and a reversed window before starting anything', async () => {
    const unknown = await kaspiSync(operatorEnv(h), 'sync', 'run', '--settings', '{"lookbackDays":2}');
    assert.equal(unknown.code, 3);
    assert.match(unknown.err, /--settings has unknown settings lookbackDays/);
    const reversed = await kaspiSync(operatorEnv(h), 'sync', 'run', '--from', '2026-01-02T00:00:00Z', '--to', '2026-01-01T00:00:00Z');
    assert.equal(reversed.code, 2);
    assert.deepEqual(h.sandbox.requests(), [], 'nothing reached Kaspi');
  });
});
