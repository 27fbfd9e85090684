/**
 * An order's acceptance step tells the sync run that started the order, through the worker's Temporal client,
 * that the order is accepted — the signal an order workflow would otherwise send itself, costing its history a
 * signal, its confirmation and a workflow task. The run frees the order's slot on it; a repeat (the step run
 * again) is ignored there, and a run that has finished meanwhile needs no news.
 */
import { Context, log } from '@temporalio/activity';
import type { OrderResult } from '../domain/sync-types.js';
import { orderSettledSignal } from '../workflows/messages.js';

export async function tellSyncRun(run: { workflowId: string; runId: string }, result: OrderResult): Promise<void> {
  try {
    await Context.current().client.workflow.getHandle(run.workflowId, run.runId).signal(orderSettledSignal, result);
  } catch (error) {
    // Not fatal: the run also learns the outcome when the order's workflow finishes, only later.
    log.info('the sync run was not told of the acceptance (it learns it when the order finishes)', { orderCode: result.orderCode, error: (error as Error).message });
  }
}
