/**
 * A complete kaspi-sync stack for one test suite, built from real parts: a fresh migrated PostgreSQL
 * database, the Kaspi sandbox over HTTP, the real Kaspi client, and a real worker on the shared Temporal
 * dev server with its own task queue.
 */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { KaspiClient } from '../../kaspi/index.js';
import { startKaspiSandbox, type KaspiSandbox, type SandboxOptions } from '../../tools/sandbox/index.js';
import { createKaspiSyncWorker } from '../../worker/create-worker.js';
import { loadInventory, type InventoryData } from '../../activities/database/inventory-loader.js';
import { createDatabase, type Database } from '../../platform/prisma-client.js';
import type { SyncInput, SyncSummary } from '../../domain/sync-types.js';
import type { SyncMode, SyncSettings } from '../../domain/sync-settings.js';
import type { PriceListSettings } from '../../platform/feed-config.js';
import { WorkflowTypes } from '../../domain/temporal-names.js';
import { createMigratedDatabase, sharedTemporal, sharedWorkflowBundle, temporalClient, workerConnection } from './infrastructure.js';

type OrderWithLines = NonNullable<Awaited<ReturnType<Database['kaspiOrder']['findFirst']>>> & {
  lines: NonNullable<Awaited<ReturnType<Database['kaspiSoldProduct']['findFirst']>>>[];
};

export interface SyncHarness {
  db: Database;
  databaseUrl: string;
  sandbox: KaspiSandbox;
  kaspi: KaspiClient;
  client: Client;
  taskQueue: string;
  temporalAddress: string;
  /** Runs one sync workflow to completion (as the schedule would) and returns its summary. */
  runSync(input?: SyncInput): Promise<SyncSummary>;
  startSync(input?: SyncInput, workflowId?: string): Promise<WorkflowHandle>;
  quantity(sku: string, warehouse: string): Promise<number>;
  returning(sku: string, warehouse: string): Promise<number>;
  ledgerTotal(sku: string, warehouse: string): Promise<number>;
  order(code: string): Promise<OrderWithLines | null>;
  /**
   * Time passes for status tracking: every order's next read of its own becomes due now (accepted orders are
   * first read a day after acceptance, others with backoff — domain/status-tracking.ts).
   */
  statusReadsDueNow(): Promise<void>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Fast defaults for tests: small waits, quick re-checks. Tests override what they exercise. */
let harnessCount = 0;

// waybillCaptureMinutes 0: an order workflow looks for its waybill once, right after ASSEMBLE, and leaves the
// rest to the waybill step, as before capture existed; test/sync/assemble-and-capture.test.ts exercises the wait.
export const TEST_SETTINGS: Partial<SyncSettings> = { heldRecheckMinutes: 60, heldGiveUpHours: 1, waybillCaptureMinutes: 0 };

export async function createSyncHarness(options: {
  inventory?: InventoryData;
  sandbox?: Partial<SandboxOptions>;
  kaspiClient?: Partial<ConstructorParameters<typeof KaspiClient>[0]>;
  /** An already migrated database (e.g. an adopted seed database) instead of a fresh one. */
  databaseUrl?: string;
  /** The shop's price-list settings, for the worker's price-list activity (test/feed/). */
  priceList?: PriceListSettings;
  /** KASPI_SYNC_MODE of the harness's worker (its Kaspi client is read-only in shadow mode, as the worker's). */
  mode?: SyncMode;
} = {}): Promise<SyncHarness> {
  const { url, db } = options.databaseUrl ? { url: options.databaseUrl, db: createDatabase(options.databaseUrl, 20) } : await createMigratedDatabase('sync');
  if (options.inventory) await loadInventory(db, options.inventory, 'test inventory');
  // Every harness gets its own range of order codes: they name workflows on the shared Temporal server.
  const firstOrderCode = 800_000_000 + (process.pid % 1000) * 100_000 + ++harnessCount * 10_000;
  const sandbox = await startKaspiSandbox({ waybillDelayMs: 200, firstOrderCode, ...options.sandbox });
  const kaspi = new KaspiClient({
    baseUrl: sandbox.baseUrl,
    token: sandbox.token,
    contentType: 'application/vnd.api+json',
    userAgent: 'kaspi-sync-tests/1.0',
    requestTimeoutMs: 5_000,
    maxConcurrentRequests: 16,
    maxRequestsPerSecond: 1_000,
    readOnly: options.mode === 'shadow',
    ...options.kaspiClient,
  });
  const client = await temporalClient();
  const server = await sharedTemporal();
  const taskQueue = `kaspi-sync-test-${randomUUID()}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;

  const harness: SyncHarness = {
    db, databaseUrl: url, sandbox, kaspi, client, taskQueue, temporalAddress: server.address,
    async startWorker() {
      worker = await createKaspiSyncWorker({
        connection: await workerConnection(),
        namespace: server.namespace,
        taskQueue,
        dependencies: { db, kaspi, warehouseMapping: {}, mode: options.mode },
        workflowBundle: await sharedWorkflowBundle(),
        priceList: options.priceList,
      });
      running = worker.run();
    },
    async stopWorker() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      worker = undefined;
    },
    startSync(input = {}, workflowId = `test-sync-${randomUUID()}`) {
      return client.workflow.start(WorkflowTypes.orderSync, {
        taskQueue,
        workflowId,
        args: [{ ...input, settings: { ...TEST_SETTINGS, ...input.settings } }],
      });
    },
    async runSync(input = {}) {
      return (await harness.startSync(input)).result() as Promise<SyncSummary>;
    },
    async quantity(sku, warehouse) {
      const row = await db.stockInventory.findFirst({ where: { product: { sku }, stock: { name: warehouse } } });
      return row?.quantity ?? NaN;
    },
    async returning(sku, warehouse) {
      const row = await db.stockInventory.findFirst({ where: { product: { sku }, stock: { name: warehouse } } });
      return row?.returningQuantity ?? NaN;
    },
    async ledgerTotal(sku, warehouse) {
      const sum = await db.stockMovement.aggregate({ _sum: { quantityDelta: true }, where: { product: { sku }, stock: { name: warehouse } } });
      return sum._sum.quantityDelta ?? 0;
    },
    order(code) {
      return db.kaspiOrder.findFirst({ where: { orderCode: code }, include: { lines: true } });
    },
    async statusReadsDueNow() {
      await db.kaspiOrder.updateMany({ where: { nextStatusCheckAt: { not: null } }, data: { nextStatusCheckAt: new Date(Date.now() - 1000) } });
    },
    async close() {
      await harness.stopWorker();
      await sandbox.close();
      if (options.databaseUrl) await db.$disconnect();
    },
  };
  await harness.startWorker();
  return harness;
}
