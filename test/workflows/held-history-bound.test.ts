/**
 * A held order waits for hours, re-checking its stock. Its history must stay bounded whatever the settings:
 * at the smallest allowed re-check interval a 72-hour wait would be ~430,000 re-checks, far past Temporal's
 * 51,200-event limit, unless the workflow continues as new. Run on the time-skipping test server, so hours of
 * timers pass in seconds, with the real activities (PostgreSQL, the Kaspi sandbox over HTTP).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTimeSkippingServer } from '../support/time-skipping.js';
import type { temporal } from '@temporalio/proto';
import { KaspiClient } from '../../kaspi/index.js';
import { startKaspiSandbox, type KaspiSandbox } from '../../tools/sandbox/index.js';
import { createKaspiSyncWorker } from '../../worker/create-worker.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { MIN_HELD_RECHECK_MINUTES, resolveRunSettings } from '../../domain/sync-settings.js';
import { orderWorkflowId, WorkflowTypes } from '../../domain/temporal-names.js';
import { ORDER_WORKFLOW_REVISION, type NewOrderRef, type OrderResult } from '../../domain/sync-types.js';
import { createMigratedDatabase, sharedWorkflowBundle } from '../support/infrastructure.js';

const EVENT_LIMIT = 2_000;

/** Every run of one workflow ID, first to last, following continue-as-new. */
async function historiesOfAllRuns(env: TestWorkflowEnvironment, workflowId: string, firstRunId: string): Promise<temporal.api.history.v1.IHistory[]> {
  const histories: temporal.api.history.v1.IHistory[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.push(history);
    const last = history.events?.at(-1);
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return histories;
}

/** Reservation attempts: activity tasks in older histories, local-activity markers since local-reservation-2026-12 (the order workflow's only local activity). */
function reserveAttempts(history: temporal.api.history.v1.IHistory): number {
  return (history.events ?? []).filter(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'reserveStockForOrder' || e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
  ).length;
}

describe('a held order over its whole wait (time-skipping server)', function () {
  this.timeout(240_000);
  let env: TestWorkflowEnvironment | undefined;
  let sandbox: KaspiSandbox;

  before(async function () {
    env = await startTimeSkippingServer();
    sandbox = await startKaspiSandbox({ firstOrderCode: 870_000_000 + (process.pid % 1000) * 1000 });
  });
  after(async () => {
    await sandbox?.close();
    await env?.teardown();
  });

  it('keeps every run of its history under 2,000 events at the smallest re-check interval, and still gives up on time', async () => {
    const { db } = await createMigratedDatabase('held_history');
    await loadInventory(db, { products: [{ sku: 'SKU-SHORT', model: 'Short', stock: { PP1: 1 } }] }, 'test inventory');
    const order = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-SHORT', quantity: 4 }] });
    const kaspi = new KaspiClient({ baseUrl: sandbox.baseUrl, token: sandbox.token, contentType: 'application/vnd.api+json', userAgent: 'kaspi-sync-tests/1.0', requestTimeoutMs: 5_000, maxConcurrentRequests: 16, maxRequestsPerSecond: 10_000 });
    const taskQueue = `held-history-${randomUUID()}`;
    const worker = await createKaspiSyncWorker({
      connection: env!.nativeConnection,
      namespace: env!.namespace ?? 'default',
      taskQueue,
      dependencies: { db, kaspi, warehouseMapping: {} },
      workflowBundle: await sharedWorkflowBundle(),
    });
    // Six minutes of waiting at 0.6 s per re-check: ~600 re-checks, ~6,600 events in a single history.
    const giveUpHours = 0.1;
    const settings = resolveRunSettings({ heldRecheckMinutes: MIN_HELD_RECHECK_MINUTES, heldGiveUpHours: giveUpHours }, 'live');
    const ref: NewOrderRef = { orderId: order.id, orderCode: order.code, pickupPointId: order.pickupPointId, isKaspiDelivery: false, express: false, creationDate: order.creationDate, acceptedOnKaspi: false };
    const workflowId = orderWorkflowId(order.code);

    const started = Date.now();
    const { result, firstRunId } = await worker.runUntil(async () => {
      const handle = await env!.client.workflow.start(WorkflowTypes.processOrder, { taskQueue, workflowId, args: [{ order: ref, settings, revision: ORDER_WORKFLOW_REVISION }] });
      return { result: (await handle.result()) as OrderResult, firstRunId: handle.firstExecutionRunId };
    });

    console.log(`      ${((Date.now() - started) / 1000).toFixed(1)} s for ${giveUpHours * 60} minutes of waiting`);
    assert.equal(result.outcome, 'HELD');
    assert.match(result.reason ?? '', /no longer re-checked/);
    const histories = await historiesOfAllRuns(env!, workflowId, firstRunId);
    const lengths = histories.map((h) => h.events?.length ?? 0);
    assert.ok(histories.length > 1, `the wait continued as new (runs: ${histories.length})`);
    assert.ok(Math.max(...lengths) < EVENT_LIMIT, `every run's history under ${EVENT_LIMIT} events: ${lengths.join(', ')}`);
    // Each re-check's own activity time counts against the wait too, so a few fewer than wait / interval.
    const mostRechecks = (giveUpHours * 60) / MIN_HELD_RECHECK_MINUTES + 1;
    const attempts = histories.reduce((sum, h) => sum + reserveAttempts(h), 0);
    assert.ok(attempts <= mostRechecks && attempts >= 0.85 * mostRechecks, `re-checked over the whole wait: ${attempts} attempts, at most ${mostRechecks}`);
    assert.equal(await db.stockMovement.count({ where: { idempotencyKey: { startsWith: 'sale:' } } }), 0, 'no stock taken for the held order');
    const row = await db.kaspiOrder.findFirst({ where: { orderCode: order.code } });
    assert.equal(row?.syncState, 'HELD', 'the order stays flagged for an operator');
  });
});
