/**
 * Starts sync runs and waits for them the way an operator's script would during an outage: every call to
 * Temporal is retried while the server is restarting, and a run that does not finish in time is reported
 * as such rather than hanging the chaos run.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { SyncSettings } from '../../domain/sync-settings.js';
import type { SyncSummary } from '../../domain/sync-types.js';
import { WorkflowTypes } from '../../domain/temporal-names.js';
import { sleep } from './environment.js';

export type SyncOutcome = { kind: 'completed'; summary: SyncSummary } | { kind: 'failed'; status: string } | { kind: 'timed-out' };

async function retrying<T>(work: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

export async function runSync(
  client: Client,
  taskQueue: string,
  workflowId: string,
  settings: Partial<SyncSettings>,
  timeoutMs: number,
): Promise<SyncOutcome> {
  const deadline = Date.now() + timeoutMs;
  const handle = await retrying(async () => {
    try {
      return await client.workflow.start(WorkflowTypes.orderSync, { taskQueue, workflowId, args: [{ settings }] });
    } catch (error) {
      // A start whose reply was lost to a server restart may have started the run after all.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle(workflowId);
      throw error;
    }
  }, deadline);
  while (Date.now() < deadline) {
    const status = await handle.describe().then((d) => d.status.name, () => 'UNKNOWN');
    if (status === 'COMPLETED') return { kind: 'completed', summary: (await retrying(() => handle.result(), deadline)) as SyncSummary };
    if (status !== 'RUNNING' && status !== 'UNKNOWN') return { kind: 'failed', status };
    await sleep(300);
  }
  return { kind: 'timed-out' };
}
