/**
 * One measurement: a fresh database, a Kaspi sandbox holding N NEW orders, a fresh Temporal dev server and
 * the production worker (worker/main.ts) as its own process; then one sync run, timed from its start.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startKaspiSandbox } from '../sandbox/index.js';
import { startTemporalDevServer } from '../dev-stack/temporal-dev-server.js';
import { createDatabase } from '../../platform/prisma-client.js';
import { WorkflowTypes } from '../../domain/temporal-names.js';
import type { SyncInput, SyncSummary } from '../../domain/sync-types.js';
import { startWorkerProcess } from '../support/worker-process.js';
import type { MeasurementSpec } from './options.js';
import type { BenchPostgres } from './postgres.js';
import { createBacklog } from './backlog.js';
import { ProcessSampler, peakRssMb, type ProcessGroup } from './measure-processes.js';
import { acceptedOrders, acceptedTimeline, resetStatementCounts, statementCounts } from './measure-database.js';
import { kaspiCost, type KaspiStep } from './measure-kaspi.js';
import { historySizes, type ParentTimeline } from './measure-history.js';
import { resultWithin } from './result-within.js';

export interface BenchResult {
  orders: number;
  latencyMs: number;
  inFlight: number;
  kaspiConcurrency: number;
  kaspiRps: number;
  /** What the sandbox did with include[orders]=entries on the intake list (--list-entries). */
  listIncludeEntries: MeasurementSpec['listIncludeEntries'];
  /** How the worker got its workflow code: a prebuilt bundle (WORKFLOW_BUNDLE_PATH, the default) or bundled at start-up. */
  workflowBundle: 'prebuilt' | 'bundled at start-up';
  /** False when the run hit the cap: the drain figures then cover only what finished. */
  complete: boolean;
  accepted: number;
  assembled: number;
  kaspiDeliveryOrders: number;
  drainAcceptedSeconds: number | null;
  drainAssembledSeconds: number | null;
  /** Orders over the time until all were accepted and all Kaspi Delivery ones assembled. */
  ordersPerSecond: number | null;
  /** The whole sync run, waybill phase included. */
  syncSeconds: number;
  kaspiRequestsPerOrder: number;
  kaspiRequestsByKind: Record<string, number>;
  /** Kaspi requests per order by step (tools/bench/measure-kaspi.ts: listing, reserve, accept, assemble, waybill, other). */
  kaspiRequestsPerOrderByStep: Record<KaspiStep, number>;
  dbStatementsPerOrder: number;
  topStatements: { calls: number; query: string }[];
  /** Lifetime peak (VmHWM) of the worker process, start-up included (it bundles the workflow code). */
  workerPeakRssMb: number;
  /** Largest resident set of the worker sampled while the sync ran. */
  workerSyncPeakRssMb: number;
  historyEventsPerChild: number;
  historyEventsPerChildMax: number;
  historyEventsParent: number;
  /** Sampled orders that had no order workflow at all (should be none). */
  ordersWithoutWorkflow: string[];
  /** The parent's workflow tasks, and how many children really ran at once (versus inFlight). */
  parent: ParentTimeline;
  /** Orders accepted in each 10-second window from the run's start. */
  acceptedPer10s: number[];
  /** Resident set of the worker just before the sync started (after start-up and bundling). */
  workerIdleRssMb: number;
  /** Average cores used by each process group while the backlog drained (2 cores on the reference machine). */
  cpuCores: Record<ProcessGroup, number>;
  summaryErrors: number;
}

const TIMELINE_BUCKET_SECONDS = 10;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runOnce(spec: MeasurementSpec, postgres: BenchPostgres, progress: (line: string) => void = () => undefined): Promise<BenchResult> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const database = await postgres.freshDatabase();
    cleanups.unshift(() => postgres.query(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`));
    const db = createDatabase(database.url, 2);
    const sandbox = await startKaspiSandbox({ latencyMs: spec.latencyMs, waybillDelayMs: 1000, seed: 7, listIncludeEntries: spec.listIncludeEntries });
    cleanups.unshift(() => sandbox.close());
    const backlog = await createBacklog(sandbox, db, spec.orders);
    await db.$disconnect();

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
      env: {
        KASPI_MAX_CONCURRENT_REQUESTS: String(spec.kaspiConcurrency),
        KASPI_MAX_REQUESTS_PER_SECOND: String(spec.kaspiRps),
      },
      // Profiling the worker (docs/benchmark.md): BENCH_WORKER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
      nodeFlags: process.env.BENCH_WORKER_NODE_FLAGS?.split(' ').filter(Boolean),
    });
    cleanups.unshift(() => worker.stop());
    progress(`  ${spec.orders} orders ready, worker pid ${worker.pid} up; syncing`);

    const sampler = new ProcessSampler(worker.pid);
    sampler.start();
    await resetStatementCounts(postgres);
    sandbox.clearRequests();
    const input: SyncInput = {
      // The run's time budget (240 s by default, then the next run takes the rest) as long as the cap, so one run
      // drains the whole backlog: a 5,000-order backlog otherwise ends at the budget with ~3,750 accepted.
      settings: { maxOrdersInFlight: spec.inFlight, runTimeBudgetSeconds: spec.capSeconds },
      // The whole backlog, even when it reaches back further than the default look-back (5,000 orders do).
      window: { createdFrom: backlog.oldestCreatedAt - 60_000, createdTo: Date.now() + 60_000 },
    };
    const workflowId = `kaspi-sync-bench-${randomUUID()}`;
    const startedAt = Date.now();
    const handle = await client.workflow.start(WorkflowTypes.orderSync, { taskQueue, workflowId, args: [input] });
    const summary = await resultWithin(handle.result() as Promise<SyncSummary>, spec.capSeconds * 1000);
    const finishedAt = Date.now();
    if (!summary) await handle.terminate('benchmark cap reached').catch(() => undefined);
    sampler.stop();

    const statements = await statementCounts(postgres, database.name);
    const kaspi = kaspiCost(sandbox.requests(), spec.latencyMs);
    const accepted = await acceptedOrders(postgres, database.name);
    const timeline = await acceptedTimeline(postgres, database.name, startedAt, TIMELINE_BUCKET_SECONDS);
    const workerPeakRssMb = peakRssMb(worker.pid);
    progress(`  sync finished in ${round((finishedAt - startedAt) / 1000)} s; reading histories`);
    const history = await historySizes(client, workflowId, backlog.orderCodes);

    const allAccepted = accepted.count === spec.orders;
    const allAssembled = kaspi.assembled === backlog.kaspiDeliveryOrders;
    const seconds = (at: number | null) => (at === null ? null : round((at - startedAt) / 1000, 2));
    const drainAcceptedSeconds = allAccepted ? seconds(accepted.lastAcceptedAt) : null;
    const drainAssembledSeconds = allAssembled ? seconds(kaspi.lastAssembledAt ?? startedAt) : null;
    const drained = drainAcceptedSeconds !== null && drainAssembledSeconds !== null ? Math.max(drainAcceptedSeconds, drainAssembledSeconds) : null;
    const drainEnd = drained === null ? finishedAt : startedAt + drained * 1000;
    const cores = sampler.coresBetween(startedAt, drainEnd);

    return {
      orders: spec.orders,
      latencyMs: spec.latencyMs,
      inFlight: spec.inFlight,
      kaspiConcurrency: spec.kaspiConcurrency,
      kaspiRps: spec.kaspiRps,
      listIncludeEntries: spec.listIncludeEntries,
      workflowBundle: process.env.WORKFLOW_BUNDLE_PATH ? 'prebuilt' : 'bundled at start-up',
      complete: summary !== undefined && allAccepted && allAssembled,
      accepted: accepted.count,
      assembled: kaspi.assembled,
      kaspiDeliveryOrders: backlog.kaspiDeliveryOrders,
      drainAcceptedSeconds,
      drainAssembledSeconds,
      ordersPerSecond: drained === null ? null : round(spec.orders / drained, 1),
      syncSeconds: round((finishedAt - startedAt) / 1000, 2),
      kaspiRequestsPerOrder: round(kaspi.total / spec.orders, 2),
      kaspiRequestsByKind: kaspi.byKind,
      kaspiRequestsPerOrderByStep: Object.fromEntries(Object.entries(kaspi.byStep).map(([step, n]) => [step, round(n / spec.orders, 2)])) as Record<KaspiStep, number>,
      dbStatementsPerOrder: round(statements.total / spec.orders, 2),
      topStatements: statements.top,
      workerPeakRssMb: round(workerPeakRssMb, 0),
      workerIdleRssMb: round(sampler.workerRssMbBetween(0, startedAt), 0),
      acceptedPer10s: timeline,
      workerSyncPeakRssMb: round(sampler.workerRssMbBetween(startedAt, finishedAt), 0),
      historyEventsPerChild: round(history.perChildMean, 1),
      historyEventsPerChildMax: history.perChildMax,
      historyEventsParent: history.parent,
      ordersWithoutWorkflow: history.childrenMissing,
      parent: {
        workflowTasks: history.parentTimeline.workflowTasks,
        meanWorkflowTaskMs: round(history.parentTimeline.meanWorkflowTaskMs, 1),
        peakChildrenRunning: history.parentTimeline.peakChildrenRunning,
        meanChildrenRunning: round(history.parentTimeline.meanChildrenRunning, 1),
      },
      cpuCores: Object.fromEntries(Object.entries(cores).map(([group, value]) => [group, round(value, 2)])) as Record<ProcessGroup, number>,
      summaryErrors: summary?.errors.length ?? 0,
    };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}
