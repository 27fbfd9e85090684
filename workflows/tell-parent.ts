/** How an order workflow that does not finish yet tells the sync run that started it that its first pass is over. */
import { getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import type { OrderResult } from '../domain/sync-types.js';
import { orderSettledSignal } from './messages.js';

export async function tellParent(result: OrderResult): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent) return;
  try {
    await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(orderSettledSignal, result);
  } catch {
    // The run that started this order has already finished; nobody is waiting for the news.
  }
}
