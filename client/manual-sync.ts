/**
 * A sync started by hand (e.g. after fixing a token, or for a past window). It bypasses the schedule's
 * overlap policy; that is safe because each order's workflow ID is its order code, so an order is never
 * processed twice, but `schedule trigger` is the usual way and keeps runs in one list.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { manualSyncWorkflowId, WorkflowTypes } from '../domain/temporal-names.js';
import type { SyncInput, SyncSummary } from '../domain/sync-types.js';

export interface ManualSync {
  taskQueue: string;
  input: SyncInput;
  startedAt?: Date;
}

export async function startManualSync(client: Client, sync: ManualSync): Promise<WorkflowHandle> {
  return client.workflow.start(WorkflowTypes.orderSync, {
    taskQueue: sync.taskQueue,
    workflowId: manualSyncWorkflowId(sync.startedAt ?? new Date()),
    args: [sync.input],
    staticSummary: 'Kaspi order sync started by hand',
  });
}

/** One line an operator can read at a glance; the same figures the run's result shows in the Web UI. */
export function describeSummary(summary: SyncSummary): string {
  const parts = [
    `${summary.newOrdersSeen} new orders`,
    `${summary.accepted} accepted`,
    `${summary.held} held`,
    `${summary.cancelledOutOfStock} cancelled out of stock`,
    `${summary.cancelledBeforeAccept} cancelled by Kaspi before acceptance`,
    `${summary.alreadyInProgress} already in progress`,
    `${summary.cancelled} cancellations`,
    `${summary.restocked} restocked`,
    `${summary.returning} returning`,
    `${summary.waybillsStored} waybills stored`,
    `${summary.waybillsPending} waybills pending`,
    `${summary.errors.length} errors`,
  ];
  if (summary.rejectedElements) parts.push(`${summary.rejectedElements} malformed list elements set aside`);
  if (summary.statusProblems?.length) parts.push(`${summary.statusProblems.length} orders flagged by status tracking`);
  if (summary.stillInFlight) parts.push(`${summary.stillInFlight} still in flight at the time budget`);
  if (summary.ordersDeferred) parts.push(`${summary.ordersDeferred} left for the next run`);
  const health = summary.health === 'DEGRADED' ? ` — DEGRADED: ${summary.failedSteps?.join(', ')} failed` : '';
  return `sync finished: ${parts.join(', ')}${health}`;
}

export function describeErrors(summary: SyncSummary): string[] {
  return summary.errors.map((e) => `  ${e.step}${e.orderCode ? ` (order ${e.orderCode})` : ''}: ${e.message}`);
}
