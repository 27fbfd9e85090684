/**
 * One chaos run, start to verdict:
 *   1. a fresh database with the scenario's inventory, a Kaspi sandbox with the scenario's orders;
 *   2. one or two real worker processes on the run's own task queue;
 *   3. chaos: Kaspi faults on a share of requests, while sync runs go on a timeline of worker SIGKILLs
 *      (then restarts), PostgreSQL and Temporal restarts, buyers cancelling, completing and returning, and the
 *      returns desk receiving goods that come back (`order received`);
 *   4. convergence: faults cleared, workers back, syncs until a run changes nothing;
 *   5. the invariants.
 */
import { randomUUID } from 'node:crypto';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { createDatabase } from '../../platform/prisma-client.js';
import { startKaspiSandbox, type KaspiSandbox } from '../sandbox/index.js';
import { seededRandom, integerBetween } from '../sandbox/prng.js';
import type { SyncSettings } from '../../domain/sync-settings.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import { ordersAwaitingWaybill } from '../../activities/database/waybills.js';
import { sleep, type ChaosEnvironment } from './environment.js';
import { buildScenario } from './scenario.js';
import { armKaspiFaults, countKaspiFaults, CHAOS_REQUEST_TIMEOUT_MS } from './kaspi-faults.js';
import { WorkerPool } from './worker-pool.js';
import { finishOneReturn, playBuyerEvent } from './buyer-events.js';
import { receiveOneReturn, type ReceiptsRecorded } from './operator-receipts.js';
import { runSync, type SyncOutcome } from './sync-runner.js';
import { checkInvariants, runningOrderWorkflow, type InvariantReport } from './invariants.js';

/** Held orders re-check every 3 s, so convergence does not wait ten minutes for a transient hold to clear. */
// Scaled like the re-checks to the run's judging window (about a minute of convergence syncs): waybill capture
// waits at most 30 s, and an ASSEMBLE whose request was lost is only re-read for 6 s (not Kaspi's 5 minutes)
// before it may be sent again — the never-twice rule is the same, only its clock is shorter.
const CHAOS_SETTINGS: Partial<SyncSettings> = { heldRecheckMinutes: 0.05, heldGiveUpHours: 2, maxOrdersInFlight: 6, waybillCaptureMinutes: 0.5, assembleConfirmMinutes: 0.1 };
const SYNC_TIMEOUT_MS = 120_000;
const MAX_CONVERGENCE_SYNCS = 12;
const ORDER_CODES_PER_RUN = 1_000;

export interface RunResult {
  run: number;
  seed: number;
  /** Faults and disruptions that really happened, by kind. */
  faults: Record<string, number>;
  /** Buyer and Kaspi lifecycle events played, by story. */
  events: Record<string, number>;
  report: InvariantReport;
  syncs: number;
  converged: boolean;
  durationMs: number;
}

function count(tally: Record<string, number>, key: string, by = 1): void {
  tally[key] = (tally[key] ?? 0) + by;
}

export async function chaosRun(env: ChaosEnvironment, run: number, seed: number, log: (line: string) => void): Promise<RunResult> {
  const started = Date.now();
  const random = seededRandom(seed * 7_919 + run);
  const scenario = buildScenario(random);
  const faults: Record<string, number> = {};
  const events: Record<string, number> = {};
  // The returns desk draws from its own sequence, so a seed's shop, faults and timeline stay what they were.
  const deskRandom = seededRandom(seed * 7_919 + run + 104_729);
  const receipts: ReceiptsRecorded = new Map();
  const receiveAtDesk = async () => {
    const event = await receiveOneReturn(db, sandbox, deskRandom, receipts);
    if (event) count(events, event);
  };

  const databaseUrl = await env.createDatabase(`chaos_${process.pid}_${run}_${Date.now()}`);
  const db = createDatabase(databaseUrl, 4);
  await loadInventory(db, scenario.inventory, 'chaos inventory');
  const sandbox: KaspiSandbox = await startKaspiSandbox({
    firstOrderCode: 500_000_000 + run * ORDER_CODES_PER_RUN,
    seed: seed * 31 + run,
    token: `chaos-token-${randomUUID()}`,
    waybillDelayMs: 300,
    // A repeated accept or assemble is applied (and counted), so a duplicate cannot hide behind a 400.
    reacceptBehaviour: 'ok',
    reassembleBehaviour: 'ok',
  });
  for (const spec of scenario.orders) sandbox.createOrder(spec);
  const taskQueue = `kaspi-sync-chaos-${run}-${randomUUID()}`;
  const pool = new WorkerPool({
    databaseUrl,
    kaspiApiUrl: sandbox.ordersUrl,
    kaspiToken: sandbox.token,
    temporalAddress: env.temporalAddress,
    taskQueue,
    env: { KASPI_REQUEST_TIMEOUT_MS: String(CHAOS_REQUEST_TIMEOUT_MS), WORKER_MAX_CACHED_WORKFLOWS: '50' },
  });
  const syncIds: string[] = [];
  const sync = (): Promise<SyncOutcome> => {
    const id = `chaos-sync-${run}-${syncIds.length + 1}-${randomUUID()}`;
    syncIds.push(id);
    return runSync(env.client, taskQueue, id, CHAOS_SETTINGS, SYNC_TIMEOUT_MS);
  };

  try {
    const twoWorkers = random() < 0.4;
    await pool.start(twoWorkers ? 2 : 1);
    if (twoWorkers) count(faults, 'two-workers');
    for (const name of armKaspiFaults(sandbox, random)) log(`  run ${run}: Kaspi fault armed: ${name}`);

    // The monkey's timeline: disruptions one after another (a restart completes before the next begins).
    const timeline: { at: number; act: () => Promise<void> }[] = [];
    const disruption = (probability: number, act: () => Promise<void>) => {
      if (random() < probability) timeline.push({ at: integerBetween(random, 0, 6_000), act });
    };
    disruption(0.6, async () => {
      if (await pool.killOne(random)) count(faults, 'worker-sigkill');
      await sleep(integerBetween(random, 0, 2_000));
      await pool.ensureRunning(1);
    });
    disruption(0.35, async () => {
      await env.restartPostgres(integerBetween(random, 200, 2_000));
      count(faults, 'postgres-restart');
    });
    disruption(0.3, async () => {
      await env.restartTemporal(integerBetween(random, 200, 1_500));
      count(faults, 'temporal-restart');
      await pool.ensureRunning(1);
    });
    for (let i = integerBetween(random, 1, 3); i > 0; i -= 1) {
      timeline.push({
        at: integerBetween(random, 0, 8_000),
        act: async () => {
          const story = playBuyerEvent(sandbox, random);
          if (story) count(events, story);
        },
      });
    }
    timeline.sort((a, b) => a.at - b.at);
    const monkeyStart = Date.now();
    const monkey = (async () => {
      for (const { at, act } of timeline) {
        await sleep(Math.max(0, monkeyStart + at - Date.now()));
        await act();
      }
    })();

    const first = sync();
    await monkey;
    await first;
    for (let i = integerBetween(random, 1, 3); i > 0; i -= 1) {
      const story = playBuyerEvent(sandbox, random);
      if (story) count(events, story);
    }
    // The desk receives goods while the second sync records (and maybe restocks) the same orders' returns.
    const second = sync();
    await sleep(integerBetween(deskRandom, 0, 1_500));
    await receiveAtDesk();
    await second;
    // Then goods of orders still travelling back, and Kaspi finishing some returns the desk received already.
    await receiveAtDesk();
    for (let i = integerBetween(deskRandom, 0, 2); i > 0; i -= 1) {
      const ending = finishOneReturn(sandbox, deskRandom);
      if (ending) count(events, ending);
    }

    // Convergence: Kaspi behaves again, a worker is up; sync until a run finds nothing to do.
    sandbox.clearFaults();
    await pool.ensureRunning(1);
    let converged = false;
    let previous = '';
    let unrest = '';
    for (let i = 0; i < MAX_CONVERGENCE_SYNCS && !converged; i += 1) {
      // Time passes between convergence syncs, as re-checks do (HELD_RECHECK): every order's next status read of
      // its own is due (an accepted order's delivery is otherwise recorded a day later; domain/status-tracking.ts).
      await db.kaspiOrder.updateMany({ where: { nextStatusCheckAt: { not: null } }, data: { nextStatusCheckAt: new Date(Date.now() - 1000) } });
      const outcome = await sync();
      const now = await fingerprint(db);
      const s = outcome.kind === 'completed' ? outcome.summary : undefined;
      // An order workflow still running for an order that is not held is in flight, not at rest: e.g. its activity
      // or workflow task went to a killed worker and waits out a timeout before another worker takes it over.
      const inFlight = await orderWorkflowsInFlight(db, env.client);
      converged =
        s !== undefined && now === previous && s.errors.length === 0 && s.ordersStarted === 0 && s.waybillsPending === 0 &&
        s.restocked + s.returning + s.completed + s.cancelled === 0 && inFlight.length === 0;
      // Only a sync that is not at rest is described (the awaited orders' workflows are listed for it).
      if (!converged) unrest = describeUnrest(outcome, now !== previous, inFlight, s?.waybillsPending ? await waybillsAwaited(db, env.client) : []);
      previous = now;
      if (!converged) await sleep(3_500);
    }

    countKaspiFaults(sandbox.requests(), faults);
    const report = await checkInvariants(db, sandbox, env.client, scenario.initial, receipts);
    if (!converged) {
      report.details.push(`run did not converge within ${MAX_CONVERGENCE_SYNCS} syncs; the last one: ${unrest}`);
      // What the live workers logged about the orders named in the unrest line (the killed ones' output is gone).
      const codes = new Set(unrest.match(/\b\d{9}\b/g) ?? []);
      const lines = pool.output().split('\n').filter((line) => [...codes].some((code) => line.includes(code)));
      log(`  run ${run} did not converge; the workers' lines on ${[...codes].join(', ') || 'no order'}:\n${lines.slice(-40).join('\n').slice(-8_000)}`);
    }
    return { run, seed, faults, events, report, syncs: syncIds.length, converged, durationMs: Date.now() - started };
  } catch (error) {
    log(`  run ${run} failed; worker output:\n${pool.output().slice(-4_000)}`);
    throw error;
  } finally {
    await pool.stopAll();
    const ids = [...syncIds, ...sandbox.orders().map((o) => orderWorkflowId(o.code))];
    await Promise.all(ids.map((id) => env.client.workflow.getHandle(id).terminate('chaos run finished').catch(() => undefined)));
    await sandbox.close();
    await db.$disconnect();
  }
}

/** Orders kaspi-sync is still working on: RESERVED, or not HELD while their order workflow still runs. */
async function orderWorkflowsInFlight(db: ReturnType<typeof createDatabase>, client: ChaosEnvironment['client']): Promise<string[]> {
  const orders = await db.kaspiOrder.findMany({ where: { syncState: { not: 'HELD' } }, select: { orderCode: true, syncState: true } });
  const inFlight: string[] = [];
  for (const { orderCode, syncState } of orders) {
    if (syncState === 'RESERVED' || (await runningOrderWorkflow(client, orderCode)) !== undefined) inFlight.push(`${orderCode} (${syncState})`);
  }
  return inFlight;
}

/** Why a convergence sync did not count as at rest, for the report of a run that never came to rest. */
function describeUnrest(outcome: SyncOutcome, changed: boolean, inFlight: readonly string[], awaited: readonly string[]): string {
  if (outcome.kind !== 'completed') return outcome.kind === 'failed' ? `sync ${outcome.status}` : 'sync timed out';
  const s = outcome.summary;
  const reasons = [
    changed ? 'orders or stock changed' : '',
    s.ordersStarted ? `${s.ordersStarted} orders started` : '',
    s.waybillsPending ? `${s.waybillsPending} waybills pending (${awaited.join(', ')})` : '',
    s.restocked + s.returning + s.completed + s.cancelled ? `restocked ${s.restocked}, returning ${s.returning}, completed ${s.completed}, cancelled ${s.cancelled}` : '',
    s.errors.length ? `errors: ${s.errors.map((e) => `${e.orderCode ?? '-'} ${e.step}: ${e.message}`).join(' | ')}` : '',
    inFlight.length ? `in flight: ${inFlight.join(', ')}` : '',
  ].filter(Boolean);
  return reasons.join('; ') || 'at rest';
}

/** Accepted Kaspi Delivery orders without a waybill, with what decides who may assemble them and when. */
async function waybillsAwaited(db: ReturnType<typeof createDatabase>, client: ChaosEnvironment['client']): Promise<string[]> {
  // The waybill step's own candidates (activities/database/waybills.ts), with their claim state.
  const candidates = await ordersAwaitingWaybill(db);
  const orders = await db.kaspiOrder.findMany({
    where: { orderId: { in: candidates.map((c) => c.orderId) } },
    select: { orderCode: true, assembled: true, assembleClaimedBy: true, assembleClaimedAt: true, assembleSentAt: true, assemblyWaitingFor: true },
  });
  const at = (d: Date | null) => (d ? d.toISOString().slice(11, 23) : '-');
  return Promise.all(
    orders.map(
      async (o) =>
        `${o.orderCode}: assembled ${o.assembled}, claimed by ${o.assembleClaimedBy ?? '-'} at ${at(o.assembleClaimedAt)}, ` +
        `ASSEMBLE sent at ${at(o.assembleSentAt)}, waiting for ${o.assemblyWaitingFor ?? '-'}, its workflow: ${await orderWorkflowEnding(client, o.orderCode)}`,
    ),
  );
}

/** How an order's workflow ended (or that it runs), for the report of a run that never came to rest. */
async function orderWorkflowEnding(client: ChaosEnvironment['client'], orderCode: string): Promise<string> {
  const workflowId = orderWorkflowId(orderCode);
  const endings: string[] = [];
  try {
    // Every execution under the order's workflow ID, oldest first (a failed one may have been started again).
    const executions = [];
    for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) executions.push(execution);
    executions.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    for (const { runId, status } of executions) {
      if (status.name !== 'COMPLETED' && status.name !== 'FAILED') {
        endings.push(status.name);
        continue;
      }
      endings.push(
        await client.workflow.getHandle(workflowId, runId).result().then(
          (result) => `COMPLETED ${JSON.stringify(result)}`,
          (error: Error) => `FAILED ${error.message}${error.cause ? `: ${(error.cause as Error).message}` : ''}`,
        ),
      );
    }
  } catch (error) {
    endings.push(`not listed (${(error as Error).message})`);
  }
  return endings.join(' → ') || 'none found';
}

/** Everything convergence must bring to rest: each order's sync state and every stock row. */
async function fingerprint(db: ReturnType<typeof createDatabase>): Promise<string> {
  const orders = await db.kaspiOrder.findMany({ select: { orderCode: true, syncState: true, holdReason: true, waybillUrl: true }, orderBy: { orderCode: 'asc' } });
  const stock = await db.stockInventory.findMany({ select: { productId: true, stockId: true, quantity: true, returningQuantity: true }, orderBy: { id: 'asc' } });
  return JSON.stringify({ orders, stock });
}
