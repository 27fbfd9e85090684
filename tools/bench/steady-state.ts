/**
 * One steady-state measurement (`npm run bench -- --steady`): what an ordinary scheduled sync run of an
 * established shop costs, and whether it does its job. A fresh database and sandbox hold a month of the
 * shop's orders as Kaspi and kaspi-sync's database would after processing them (steady-shop.ts,
 * steady-records.ts); then a batch arrives (steady-batch.ts): cancellations, returns and NEW orders. The
 * production worker runs as its own process on a fresh Temporal dev server, and ONE run of the sync workflow
 * type with the default settings (input `{}`) is timed from its start to its result. Its Kaspi requests
 * come from the sandbox's log (measure-tracking.ts), its effects from the database
 * (measure-status-effects.ts, measure-intake.ts).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startKaspiSandbox } from '../sandbox/index.js';
import { startTemporalDevServer } from '../dev-stack/temporal-dev-server.js';
import { createDatabase } from '../../platform/prisma-client.js';
import { kaspiSettingsFromEnv } from '../../platform/config.js';
import { WorkflowTypes } from '../../domain/temporal-names.js';
import type { SyncSummary } from '../../domain/sync-types.js';
import { startWorkerProcess } from '../support/worker-process.js';
import type { SteadySpec } from './options.js';
import type { BenchPostgres } from './postgres.js';
import { buildShop, type Fate } from './steady-shop.js';
import { recordShop, type ShopRecords } from './steady-records.js';
import { applyBatch } from './steady-batch.js';
import { resetStatementCounts, statementCounts } from './measure-database.js';
import { classifyRequests, type RequestBreakdown } from './measure-tracking.js';
import { ledgerMismatches, statusEffects, type StatusEffects } from './measure-status-effects.js';
import { INTAKE_LATENCY_METHOD, intakeLatency, scheduleInterval, type IntakeLatency, type ScheduleInterval } from './measure-intake.js';
import { resultWithin } from './result-within.js';
import { ProcessSampler, type ProcessGroup } from './measure-processes.js';

export interface SteadyResult {
  mode: 'steady';
  /** False when the run hit the cap (it was terminated; the figures cover what it did until then). */
  complete: boolean;
  shopOrders: number;
  trackingRequestsPerRun: number;
  runSeconds: number;
  intakeLatencyP95Seconds: number | null;
  intakeLatencyMethod: string;
  missedStatusChanges: number;
  requests: RequestBreakdown;
  statusChanges: StatusEffects;
  intake: IntakeLatency & { scheduleInterval: ScheduleInterval; express: number };
  summary: SyncSummary | null;
  shop: Record<Fate, number> & { kaspiDelivery: number; openWithCourier: number; records: ShopRecords };
  /** stock_inventory rows disagreeing with the ledger after the run (0 before it, checked at setup). */
  ledgerMismatches: number;
  dbStatements: number;
  /** Average cores each process group used during the run; a large `otherProcesses` means a shared machine skewed it. */
  cpuCores: Record<ProcessGroup, number>;
  latencyMs: number;
  kaspiClientLimits: { concurrent: number; perSecond: number; source: string };
  setupSeconds: { shopSandbox: number; shopDatabase: number; batch: number; worker: number; total: number };
  code: { commit: string | null; designFilesChanged: number | null };
}

const SHOP_SEED = 7;
const BATCH_SEED = 11;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runSteadyState(spec: SteadySpec, postgres: BenchPostgres, progress: (line: string) => void = () => undefined): Promise<SteadyResult> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const seconds = (from: number, to = Date.now()) => round((to - from) / 1000);
  try {
    const setupStart = Date.now();
    const interval = scheduleInterval();
    const limits = kaspiClientLimits(spec);
    const database = await postgres.freshDatabase();
    cleanups.unshift(() => postgres.query(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`));
    const sandbox = await startKaspiSandbox({ latencyMs: spec.latencyMs, waybillDelayMs: 1000, seed: SHOP_SEED });
    cleanups.unshift(() => sandbox.close());

    const shop = buildShop(sandbox, { count: spec.shopOrders, now: Date.now(), intervalMs: interval.seconds * 1000, seed: SHOP_SEED });
    const shopSandbox = seconds(setupStart);
    const dbStart = Date.now();
    const db = createDatabase(database.url, 2);
    let records: ShopRecords;
    try {
      records = await recordShop(db, database.url, shop, spec.newOrders);
    } finally {
      await db.$disconnect();
    }
    const mismatchesBefore = await ledgerMismatches(postgres, database.name);
    if (mismatchesBefore > 0) throw new Error(`the shop's stock_inventory disagrees with its ledger in ${mismatchesBefore} rows`);
    const shopDatabase = seconds(dbStart);
    progress(`  shop of ${spec.shopOrders} orders ready (sandbox ${shopSandbox} s, database ${shopDatabase} s)`);

    const batchStart = Date.now();
    const batch = applyBatch(sandbox, shop, spec, { now: Date.now(), intervalMs: interval.seconds * 1000, seed: BATCH_SEED });
    const batchSeconds = seconds(batchStart);

    const workerStart = Date.now();
    const server = await startTemporalDevServer();
    cleanups.unshift(() => server.stop());
    const connection = await Connection.connect({ address: server.address });
    cleanups.unshift(() => connection.close());
    const client = new Client({ connection, namespace: server.namespace });
    const taskQueue = `kaspi-sync-bench-${randomUUID()}`;
    const worker = await startWorkerProcess({
      databaseUrl: database.url,
      kaspiApiUrl: sandbox.baseUrl,
      kaspiToken: sandbox.token,
      temporalAddress: server.address,
      taskQueue,
      env: { KASPI_MAX_CONCURRENT_REQUESTS: String(limits.concurrent), KASPI_MAX_REQUESTS_PER_SECOND: String(limits.perSecond) },
    });
    cleanups.unshift(() => worker.stop());
    const workerSeconds = seconds(workerStart);
    progress(`  batch of ${batch.events.length} status changes and ${batch.newOrders.length} new orders on Kaspi; worker pid ${worker.pid} up; syncing`);

    const sampler = new ProcessSampler(worker.pid);
    sampler.start();
    await resetStatementCounts(postgres);
    sandbox.clearRequests();
    const startedAt = Date.now();
    const handle = await client.workflow.start(WorkflowTypes.orderSync, { taskQueue, workflowId: `kaspi-sync-bench-${randomUUID()}`, args: [{}] });
    const summary = await resultWithin(handle.result() as Promise<SyncSummary>, spec.capSeconds * 1000);
    const finishedAt = Date.now();
    sampler.stop();
    if (!summary) await handle.terminate('benchmark cap reached').catch(() => undefined);
    progress(`  sync finished in ${seconds(startedAt, finishedAt)} s; reading its effects`);

    const requests = classifyRequests(sandbox.requests(), new Set(batch.newOrders.map((o) => o.orderCode)));
    const effects = await statusEffects(postgres, database.name, batch.events);
    const intake = await intakeLatency(postgres, database.name, batch.newOrders, startedAt);
    const statements = await statementCounts(postgres, database.name);
    const fates = { open: 0, completed: 0, cancelled: 0, cancelledInDelivery: 0, returned: 0 } as Record<Fate, number>;
    for (const s of shop) fates[s.fate] += 1;

    return {
      mode: 'steady',
      complete: summary !== undefined,
      shopOrders: spec.shopOrders,
      trackingRequestsPerRun: requests.byPurpose.tracking,
      runSeconds: seconds(startedAt, finishedAt),
      intakeLatencyP95Seconds: intake.startToAcceptP95Seconds === null ? null : round(interval.seconds + intake.startToAcceptP95Seconds),
      intakeLatencyMethod: `${INTAKE_LATENCY_METHOD} (interval ${interval.setting}, ${interval.source})`,
      missedStatusChanges: effects.missedOrders.length,
      requests,
      statusChanges: effects,
      intake: { ...intake, scheduleInterval: interval, express: batch.newOrders.filter((o) => o.express).length },
      summary: summary ?? null,
      shop: {
        ...fates,
        kaspiDelivery: shop.filter((s) => s.order.isKaspiDelivery).length,
        openWithCourier: shop.filter((s) => s.fate === 'open' && s.order.kaspiDelivery?.courierTransmissionDate != null).length,
        records,
      },
      ledgerMismatches: await ledgerMismatches(postgres, database.name),
      dbStatements: statements.total,
      cpuCores: Object.fromEntries(Object.entries(sampler.coresBetween(startedAt, finishedAt)).map(([group, value]) => [group, round(value)])) as Record<ProcessGroup, number>,
      latencyMs: spec.latencyMs,
      kaspiClientLimits: limits,
      setupSeconds: { shopSandbox, shopDatabase, batch: batchSeconds, worker: workerSeconds, total: seconds(setupStart, startedAt) },
      code: codeVersion(),
    };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

/**
 * The worker's Kaspi client limits: --kaspi-* when given, else production's defaults as the client's own
 * configuration reads them (kaspi/config.ts), so the run is bounded the way a merchant's runs are.
 */
function kaspiClientLimits(spec: SteadySpec): SteadyResult['kaspiClientLimits'] {
  const production = kaspiSettingsFromEnv({ KASPI_API_URL: 'http://127.0.0.1/shop/api/v2', KASPI_AUTH_TOKEN: 'unused' });
  return {
    concurrent: spec.kaspiConcurrency ?? production.maxConcurrentRequests,
    perSecond: spec.kaspiRps ?? production.maxRequestsPerSecond,
    source: spec.kaspiConcurrency === undefined && spec.kaspiRps === undefined ? 'production defaults (kaspi/config.ts)' : '--kaspi-* options',
  };
}

/** Which code was measured: figures of two designs are only comparable with this next to them. */
function codeVersion(): SteadyResult['code'] {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const changed = git('status', '--porcelain', '--', 'workflows', 'activities', 'kaspi', 'domain', 'platform', 'worker', 'prisma');
    return { commit: git('rev-parse', '--short', 'HEAD'), designFilesChanged: changed === '' ? 0 : changed.split('\n').length };
  } catch {
    return { commit: null, designFilesChanged: null };
  }
}
