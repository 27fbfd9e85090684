/**
 * A deploy while orders wait: held orders started by the previous release (the frozen 2026-12-01 order
 * workflow, test/fixtures/releases/) are finished by a worker built from today's code whose defaults all
 * differ (test/fixtures/releases/changed-defaults/). The new worker has no cached state, so it replays each
 * history from the start: a change that computed anything differently from what the history recorded would
 * fail the workflow task with a non-determinism error and leave the order "Running" for ever.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import webpack from 'webpack';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { sharedTemporal, workerConnection } from '../support/infrastructure.js';
import { createKaspiSyncWorker } from '../../worker/create-worker.js';
import { workflowsPath } from '../../worker/workflows-path.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { retryOrder } from '../../client/order-retry.js';
import { orderCancelledSignal, orderProgressQuery } from '../../workflows/messages.js';
import { orderWorkflowId, WorkflowTypes } from '../../domain/temporal-names.js';
import type { NewOrderRef, OrderResult, ProcessOrderInput } from '../../domain/sync-types.js';
import type { SandboxOrder } from '../../tools/sandbox/index.js';

const previousRelease = fileURLToPath(new URL('../fixtures/releases/2026-12-01/workflows.ts', import.meta.url));
const changedDefaults = fileURLToPath(new URL('../fixtures/releases/changed-defaults/sync-settings.ts', import.meta.url));
const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

/** Today's workflow code, with every import of domain/sync-settings answered by the changed-defaults module. */
function bundleWithChangedDefaults(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    logger: quiet,
    webpackConfigHook: (config) => {
      config.plugins = [
        ...(config.plugins ?? []),
        new webpack.NormalModuleReplacementPlugin(/domain[\\/]sync-settings(\.js)?$/, (resource: { request: string; context: string }) => {
          if (!resource.context.includes('changed-defaults')) resource.request = changedDefaults;
        }),
      ];
      return config;
    },
  });
}

function refOf(order: SandboxOrder): NewOrderRef {
  return { orderId: order.id, orderCode: order.code, pickupPointId: order.pickupPointId, isKaspiDelivery: false, express: false, creationDate: order.creationDate, acceptedOnKaspi: false };
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('upgrading the worker while held orders wait', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-LATE', model: 'Late', stock: { PP1: 0 } }, { sku: 'SKU-NEVER', model: 'Never', stock: { PP1: 0 } }] } });
    await h.stopWorker();
  });
  after(() => h?.close());

  it('finishes orders held by the previous release on a worker built from changed code with other defaults: retried, given up, cancelled by Kaspi', async () => {
    const [oldBundle, newBundle] = await Promise.all([bundleWorkflowCode({ workflowsPath: previousRelease, logger: quiet }), bundleWithChangedDefaults()]);
    const server = await sharedTemporal();
    const worker = async (workflowBundle: WorkflowBundleWithSourceMap) => {
      const w = await createKaspiSyncWorker({ connection: await workerConnection(), namespace: server.namespace, taskQueue: h.taskQueue, dependencies: { db: h.db, kaspi: h.kaspi, warehouseMapping: {} }, workflowBundle });
      return { w, running: w.run() };
    };

    const stockArrives = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-LATE', quantity: 2 }] });
    const givesUp = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-NEVER', quantity: 1 }] });
    const kaspiCancels = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-NEVER', quantity: 1 }] });
    // Partial settings, as the previous release's runs and hand starts passed them: the rest came from the
    // defaults compiled into that release (72 hours of waiting, re-checks every 10 minutes…).
    const inputs: [SandboxOrder, ProcessOrderInput['settings']][] = [
      [stockArrives, { heldRecheckMinutes: 0.05 }],
      [givesUp, { heldRecheckMinutes: 0.05, heldGiveUpHours: 0.006 }],
      [kaspiCancels, { heldRecheckMinutes: 0.05 }],
    ];

    const previous = await worker(oldBundle);
    const handles: WorkflowHandle[] = [];
    for (const [order, settings] of inputs) {
      handles.push(await h.client.workflow.start(WorkflowTypes.processOrder, { taskQueue: h.taskQueue, workflowId: orderWorkflowId(order.code), args: [{ order: refOf(order), settings }] }));
    }
    // Each held and re-checked at least once by the previous release, so its history has a held wait in it.
    for (const handle of handles) {
      await waitUntil(`${handle.workflowId} re-checked while held`, async () => (await handle.query(orderProgressQuery)).attempts >= 2);
    }
    previous.w.shutdown();
    await previous.running;

    const upgraded = await worker(newBundle);
    try {
      await loadInventory(h.db, { products: [{ sku: 'SKU-LATE', model: 'Late', stock: { PP1: 5 } }] }, 'stock arrived');
      await retryOrder(h.db, h.client, stockArrives.code, { taskQueue: h.taskQueue });
      h.sandbox.buyerCancel(kaspiCancels.code);
      await handles[2].signal(orderCancelledSignal, { kaspiStatus: 'CANCELLED' });

      const [accepted, gaveUp, cancelled] = (await Promise.all(handles.map((handle) => handle.result()))) as OrderResult[];
      assert.equal(accepted.outcome, 'ACCEPTED', 'retried after stock arrived: accepted');
      assert.equal(gaveUp.outcome, 'HELD');
      assert.match(gaveUp.reason ?? '', /no longer re-checked/, 'gave up when its own (recorded) waiting time was over');
      assert.equal(cancelled.outcome, 'CANCELLED_BY_KASPI');
      assert.equal(await h.quantity('SKU-LATE', 'PP1'), 3, 'the retried order took its 2 units once');
      assert.equal(await h.ledgerTotal('SKU-LATE', 'PP1'), 3);
      assert.equal(await h.quantity('SKU-NEVER', 'PP1'), 0, 'nothing taken for the orders that never got stock');
      assert.equal(h.sandbox.requests().filter((r) => r.method === 'POST').length, 1, 'one POST in all: the retried order\'s acceptance');

      for (const handle of handles) {
        const history = await handle.fetchHistory();
        const failedTasks = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes);
        assert.deepEqual(failedTasks.map((e) => e.workflowTaskFailedEventAttributes?.failure?.message), [], `${handle.workflowId}: no failed workflow task`);
        await Worker.runReplayHistory({ workflowBundle: newBundle }, history, handle.workflowId);
      }
    } finally {
      upgraded.w.shutdown();
      await upgraded.running;
    }
  });
});
