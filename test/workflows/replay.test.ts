/**
 * Determinism guard: workflow histories recorded by real runs must replay against the current workflow
 * code. Histories committed under test/fixtures/histories/ were recorded by earlier versions, so a change
 * that would break running workflows after a deploy fails here (use `patched()` for such changes).
 * KASPI_SYNC_RECORD_HISTORIES=<release date, e.g. 2026-12-02> records this run's histories as new fixtures beside
 * the older ones (`<name>-<date>.json`); older fixtures are kept for as long as their workflows may still run.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { sharedWorkflowBundle } from '../support/infrastructure.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';

const fixturesDir = new URL('../fixtures/histories/', import.meta.url);

/** The same JSON the Web UI's "Download" and `temporal workflow show --output json` produce. */
async function exportHistory(handle: WorkflowHandle): Promise<string> {
  return historyToJSON(await handle.fetchHistory());
}

describe('workflow determinism', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 3 } }] } });
  });
  after(() => h?.close());

  it('replays the histories of a sync run and its order workflows with the current code', async () => {
    const accepted = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    const held = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 5 }] });
    const run = await h.startSync();
    await run.result();
    h.sandbox.buyerCancel(held.code);
    const second = await h.startSync();
    await second.result();
    const heldHandle = h.client.workflow.getHandle(orderWorkflowId(held.code));
    await heldHandle.result();

    const histories = {
      'order-sync': await exportHistory(run),
      'order-sync-with-cancellation': await exportHistory(second),
      'order-accepted-and-assembled': await exportHistory(h.client.workflow.getHandle(orderWorkflowId(accepted.code))),
      'order-held-then-cancelled': await exportHistory(heldHandle),
    };
    const release = process.env.KASPI_SYNC_RECORD_HISTORIES;
    if (release) {
      for (const [name, history] of Object.entries(histories)) {
        await writeFile(new URL(`${name}-${release}.json`, fixturesDir), history);
      }
    }
    const bundle = await sharedWorkflowBundle();
    for (const [name, history] of Object.entries(histories)) {
      const workflowType = name.startsWith('order-sync') ? 'orderSyncWorkflow' : 'processOrderWorkflow';
      await Worker.runReplayHistory({ workflowBundle: bundle }, historyFromJSON(JSON.parse(history)), `${workflowType}-${name}`);
    }
  });

  it('replays the histories recorded by earlier versions', async () => {
    const files = (await readdir(fixturesDir)).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 4, 'recorded histories are committed');
    const bundle = await sharedWorkflowBundle();
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(await readFile(new URL(file, fixturesDir), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, file);
    }
  });
});
