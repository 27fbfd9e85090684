/**
 * Kaspi takes up to ~3 minutes to produce a waybill (reported p90 ≈ 179 s). The order's own workflow waits for
 * it on durable timers and stores the PDF the moment it appears — no second sync run. On the time-skipping
 * server the 3 minutes pass in seconds; the sandbox's clock follows the server's, so the waybill appears when
 * the workflow's timers say 3 minutes have passed. Real activities, PostgreSQL and the sandbox over HTTP.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTimeSkippingServer } from '../support/time-skipping.js';
import { KaspiClient } from '../../kaspi/index.js';
import { startKaspiSandbox, type KaspiSandbox } from '../../tools/sandbox/index.js';
import { createKaspiSyncWorker } from '../../worker/create-worker.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { resolveRunSettings } from '../../domain/sync-settings.js';
import { orderWorkflowId, WorkflowTypes } from '../../domain/temporal-names.js';
import { ORDER_WORKFLOW_REVISION, type NewOrderRef, type OrderResult } from '../../domain/sync-types.js';
import { createMigratedDatabase, sharedWorkflowBundle } from '../support/infrastructure.js';

const WAYBILL_DELAY_MS = 180_000;

describe('a waybill that takes 3 minutes (time-skipping server)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment | undefined;
  let sandbox: KaspiSandbox;
  let serverNow = Date.now();

  before(async function () {
    env = await startTimeSkippingServer();
    serverNow = await env.currentTimeMs();
    sandbox = await startKaspiSandbox({
      firstOrderCode: 875_000_000 + (process.pid % 1000) * 1000,
      waybillDelayMs: WAYBILL_DELAY_MS,
      reassembleBehaviour: 'new-waybill',
      now: () => serverNow,
      beforeEachRequest: async () => {
        serverNow = await env!.currentTimeMs();
      },
    });
  });
  after(async () => {
    await sandbox?.close();
    await env?.teardown();
  });

  it('is stored by the order workflow itself, once, after ASSEMBLE was sent once', async () => {
    const { db } = await createMigratedDatabase('waybill_capture');
    await loadInventory(db, { products: [{ sku: 'SKU-BOX', model: 'Box', stock: { PP1: 3 } }] }, 'test inventory');
    const order = sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-BOX', quantity: 1 }] });
    const kaspi = new KaspiClient({ baseUrl: sandbox.baseUrl, token: sandbox.token, contentType: 'application/vnd.api+json', userAgent: 'kaspi-sync-tests/1.0', requestTimeoutMs: 5_000, maxConcurrentRequests: 16, maxRequestsPerSecond: 10_000 });
    const taskQueue = `waybill-capture-${randomUUID()}`;
    const worker = await createKaspiSyncWorker({
      connection: env!.nativeConnection,
      namespace: env!.namespace ?? 'default',
      taskQueue,
      dependencies: { db, kaspi, warehouseMapping: {} },
      workflowBundle: await sharedWorkflowBundle(),
    });
    const settings = resolveRunSettings({ waybillCaptureMinutes: 10 }, 'live');
    const ref: NewOrderRef = { orderId: order.id, orderCode: order.code, pickupPointId: order.pickupPointId, isKaspiDelivery: true, express: false, creationDate: order.creationDate, acceptedOnKaspi: false };
    const startedAt = await env!.currentTimeMs();

    const result = await worker.runUntil(async () => {
      const handle = await env!.client.workflow.start(WorkflowTypes.processOrder, { taskQueue, workflowId: orderWorkflowId(order.code), args: [{ order: ref, settings, revision: ORDER_WORKFLOW_REVISION }] });
      return (await handle.result()) as OrderResult;
    });

    assert.equal(result.outcome, 'ACCEPTED');
    assert.equal(result.waybillStored, true, 'the workflow stored the waybill itself');
    const waited = (await env!.currentTimeMs()) - startedAt;
    assert.ok(waited >= WAYBILL_DELAY_MS, `it waited the 3 minutes Kaspi took (${Math.round(waited / 1000)} s of workflow time)`);
    const document = await db.waybillDocument.findUnique({ where: { orderId: order.id } });
    assert.ok(document && Buffer.from(document.pdf).subarray(0, 4).toString() === '%PDF', 'the PDF is stored');
    assert.equal(document?.waybillNumber, sandbox.order(order.code)?.kaspiDelivery?.waybillNumber);
    assert.equal(sandbox.requests().filter((r) => r.method === 'POST' && r.action === 'ASSEMBLE').length, 1, 'ASSEMBLE sent once');
    assert.equal(sandbox.order(order.code)?.waybillsIssued, 1, 'one waybill');
  });
});
