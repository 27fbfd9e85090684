/**
 * Status tracking of one run (design: domain/status-tracking.ts): the filtered lists first, then the due
 * single-order reads in small batches up to the run's budget. Every effect is applied by the activities; the
 * workflow adds up counts and tells a still-running order workflow that its order ended.
 */
import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { STATUS_READ_BATCH } from '../../domain/status-tracking.js';
import type { TrackingResult } from '../../domain/sync-types.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import { runSteps } from '../activity-proxies.js';
import { orderCancelledSignal } from '../messages.js';
import { stepFailed, timeLeft, type RunContext } from './run-context.js';

/** `ordersOfThisRun`: order workflows this run started are busy with those orders; they are not read here. */
export async function trackStatusChanges(run: RunContext, ordersOfThisRun: readonly string[]): Promise<void> {
  const { settings } = run;
  const trackingSettings = { statusTrackingDays: settings.statusTrackingDays, restockAfterHandover: settings.restockAfterHandover, returnReceiptDays: settings.returnReceiptDays };
  run.summary.statusReads = 0;
  run.summary.statusReadsDeferred = 0;
  run.summary.statusProblems = [];
  run.summary.trackingListsRead = 0;
  run.summary.trackingListsSkipped = [];
  try {
    await addUp(run, await runSteps.trackListedStatusChanges(trackingSettings));
    for (let read = 0; read < settings.statusReadsPerRun && timeLeft(run) > 0; read += STATUS_READ_BATCH) {
      const limit = Math.min(STATUS_READ_BATCH, settings.statusReadsPerRun - read);
      const result = await runSteps.readDueOrderStatuses({ ...trackingSettings, limit, excludeOrderIds: [...ordersOfThisRun] });
      await addUp(run, result);
      if (!result.moreDue) break;
    }
  } catch (error) {
    stepFailed(run, 'tracking', error);
  }
}

async function addUp(run: RunContext, result: TrackingResult): Promise<void> {
  const { summary } = run;
  summary.statusChangesSeen += Object.values(result.effects).reduce((a, b) => a + b, 0);
  summary.restocked += result.effects.restocked;
  summary.returning += result.effects.returning;
  summary.completed += result.effects.closed;
  summary.statusReads! += result.ordersRead;
  summary.statusReadsDeferred! += result.deferred;
  summary.trackingListsRead! += result.listsRead;
  summary.trackingListsSkipped!.push(...result.skippedLists);
  summary.rejectedElements = (summary.rejectedElements ?? 0) + result.rejectedCount;
  summary.rejected = [...(summary.rejected ?? []), ...result.rejected].slice(0, 20);
  summary.statusProblems = [...summary.statusProblems!, ...result.flagged].slice(0, 20);
  for (const { orderCode, kaspiStatus } of result.endedOrders) {
    if (kaspiStatus === 'CANCELLED' || kaspiStatus === 'CANCELLING') summary.cancelled += 1;
    await tellOrderWorkflowItEnded(orderCode, kaspiStatus);
  }
}

/** A child still working on the order (e.g. held, or between reservation and acceptance) stops and compensates. */
async function tellOrderWorkflowItEnded(orderCode: string, kaspiStatus: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(orderWorkflowId(orderCode)).signal(orderCancelledSignal, { kaspiStatus });
  } catch {
    // No workflow is running for this order: nothing to tell.
  }
}
