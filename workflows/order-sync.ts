/**
 * One sync run, as started by the Temporal Schedule (or by hand). Cheap, bounded and isolated, so the schedule
 * can tick every couple of minutes (docs/status-tracking.md):
 *   1. intake: new orders listed first, each into its own child workflow (Express first); the run waits for a
 *      child only until its outcome is known, and never past its time budget;
 *   2. status tracking, while the children work: filtered lists and a budget of single-order reads, so the cost
 *      follows what changed, not the shop's history → stock put back exactly once;
 *   3. waybills of accepted Kaspi Delivery orders (this run's too, once their workflow has assembled them), a
 *      bounded number per run.
 * A step that fails leaves the run DEGRADED (result, search attribute KaspiSyncHealth, `schedule describe`),
 * not silently green. The summary is the run's result in the Web UI.
 */
import { log, patched, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { emptySummary, type NewOrderRef, type SyncInput, type SyncSummary } from '../domain/sync-types.js';
import type { RunSettings } from '../domain/sync-settings.js';
import { settingsFromInput } from '../domain/settings-before-resolution.js';
import { SearchAttributes } from '../domain/temporal-names.js';
import { Patches } from './patches.js';
import { runSteps } from './activity-proxies.js';
import { syncProgressQuery } from './messages.js';
import { legacyOrderSync } from './legacy/order-sync-2026-11.js';
import { startOrderWorkflows } from './sync-run/intake.js';
import { trackStatusChanges } from './sync-run/tracking.js';
import { collectWaybills } from './sync-run/waybills.js';
import { decideInShadow } from './sync-run/shadow.js';
import { stepFailed, type RunContext } from './sync-run/run-context.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export async function orderSyncWorkflow(input: SyncInput = {}): Promise<SyncSummary> {
  // A run whose history began on the previous release replays the path it started on (docs/operating.md
  // "Upgrading"); every new run takes the steady-state path.
  if (!patched(Patches.steadyStateRun)) return legacyOrderSync(input);
  return steadyStateRun(input);
}

/**
 * The run's complete settings, resolved once by an activity (today's defaults, the worker's mode) and recorded
 * in the history; runs that began before that resolved them in workflow code, with the defaults of their time.
 */
async function runSettings(input: SyncInput): Promise<RunSettings> {
  if (patched(Patches.resolvedRunSettings)) return runSteps.resolveRunSettings(input.settings);
  return settingsFromInput(input.settings);
}

async function steadyStateRun(input: SyncInput): Promise<SyncSummary> {
  const settings = await runSettings(input);
  const summary: SyncSummary = { ...emptySummary(), health: 'OK', failedSteps: [], rejectedElements: 0, rejected: [], stillInFlight: 0, ordersDeferred: 0, mode: settings.mode };
  const run: RunContext = { settings, summary, deadline: Date.now() + settings.runTimeBudgetSeconds * 1000 };
  let phase = 'new orders';
  setHandler(syncProgressQuery, () => ({ phase, summary }));

  const orders = await findNewOrders(run, input);
  if (settings.mode === 'shadow') {
    // Reads Kaspi as below, records what it would do, and changes nothing (docs/operating.md "Going live").
    upsertMemo({ mode: 'shadow' });
    phase = 'shadow: deciding and tracking';
    await decideInShadow(run, orders);
  } else {
    phase = 'new orders and status tracking';
    const [stillRunning] = await Promise.all([startOrderWorkflows(run, orders), trackStatusChanges(run, orders.map((o) => o.orderId))]);
    phase = 'waybills';
    await collectWaybills(run, stillRunning);
  }
  phase = 'finished';

  summary.health = summary.failedSteps!.length > 0 ? 'DEGRADED' : 'OK';
  upsertSearchAttributes([{ key: SearchAttributes.syncHealth, value: summary.health }]);
  upsertMemo({ summary: { ...summary, errors: summary.errors.length, rejected: summary.rejected?.length ?? 0, statusProblems: summary.statusProblems?.length ?? 0 } });
  const report = { ...summary, errors: summary.errors.length, rejected: undefined, statusProblems: undefined, workflowId: workflowInfo().workflowId, mode: settings.mode };
  if (summary.health === 'OK') log.info('sync finished', report);
  else log.warn('sync finished DEGRADED: a step failed', report);
  return summary;
}

async function findNewOrders(run: RunContext, input: SyncInput): Promise<NewOrderRef[]> {
  const createdTo = input.window?.createdTo ?? Date.now();
  const createdFrom = input.window?.createdFrom ?? createdTo - run.settings.newOrderLookbackDays * DAY_MS;
  try {
    // A look further back than the lookback (a manual `sync run --from`) lists only new orders unless asked:
    // orders accepted back then have long been packed and shipped by whoever accepted them.
    const reachesBack = createdFrom < createdTo - run.settings.newOrderLookbackDays * DAY_MS - MINUTE_MS;
    const found = await runSteps.findNewOrders({ createdFrom, createdTo, takeStockForAccepted: input.takeStockForAccepted ?? !reachesBack });
    run.summary.newOrdersSeen = found.orders.length;
    run.summary.rejectedElements! += found.rejectedCount;
    run.summary.rejected!.push(...found.rejected);
    return found.orders;
  } catch (error) {
    stepFailed(run, 'intake', error);
    return [];
  }
}
