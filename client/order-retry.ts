/**
 * Retries one order after an operator fixed the cause (stock added, SKU or warehouse created):
 *  - its workflow still waits (held): signal it to re-check now;
 *  - its workflow has ended (gave up waiting, failed, was terminated): start it again under the same ID.
 * Either way the order is re-read from Kaspi, so a retry of an order Kaspi has cancelled meanwhile does
 * nothing harmful.
 */
import { WorkflowIdReusePolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { orderWorkflowId, SearchAttributes, WorkflowTypes } from '../domain/temporal-names.js';
import { SyncState } from '../domain/order-lifecycle.js';
import { ORDER_WORKFLOW_REVISION, type NewOrderRef, type ProcessOrderInput } from '../domain/sync-types.js';
import { resolveRunSettings, type SyncMode, type SyncSettings } from '../domain/sync-settings.js';
import type { Database } from '../platform/prisma-client.js';
import { retryOrderSignal } from '../workflows/messages.js';
import { NotFoundError } from './errors.js';

/** Orders whose processing stopped before acceptance; anything further along has nothing to retry. */
const RETRYABLE_STATES: readonly string[] = [SyncState.HELD, SyncState.RESERVED];

export class NothingToRetryError extends Error {
  override name = 'NothingToRetryError';
}

export type RetryOutcome = { kind: 'signalled'; workflowId: string } | { kind: 'restarted'; workflowId: string; runId: string };

export async function retryOrder(
  db: Database,
  client: Client,
  orderCode: string,
  options: { taskQueue: string; settings?: Partial<SyncSettings>; mode?: SyncMode },
): Promise<RetryOutcome> {
  const workflowId = orderWorkflowId(orderCode);
  const handle = client.workflow.getHandle(workflowId);
  const running = await handle.describe().then(
    (d) => d.status.name === 'RUNNING',
    (error) => {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    },
  );
  if (running) {
    await handle.signal(retryOrderSignal);
    return { kind: 'signalled', workflowId };
  }

  const row = await db.kaspiOrder.findFirst({
    where: { orderCode },
    orderBy: { id: 'desc' },
    select: { orderId: true, syncState: true, status: true, isKaspiDelivery: true, kaspiCreatedAt: true, pickupPointId: true },
  });
  if (!row) throw new NotFoundError(`kaspi-sync has no record of order ${orderCode}; the next sync picks it up if Kaspi still lists it as new.`);
  if (!RETRYABLE_STATES.includes(row.syncState)) {
    throw new NothingToRetryError(`Order ${orderCode} is ${row.syncState}; only HELD or RESERVED orders can be retried.`);
  }
  const order: NewOrderRef = {
    orderId: row.orderId,
    orderCode,
    // The reservation re-reads the pickup point and the lines from Kaspi anyway; this one is the fallback.
    pickupPointId: row.pickupPointId,
    isKaspiDelivery: row.isKaspiDelivery,
    express: false,
    creationDate: row.kaspiCreatedAt?.getTime() ?? 0,
    acceptedOnKaspi: row.status === 'ACCEPTED_BY_MERCHANT',
  };
  // Complete settings, resolved now with today's defaults: the new run records the rules it runs with.
  const input: ProcessOrderInput = { order, revision: ORDER_WORKFLOW_REVISION, settings: resolveRunSettings(options.settings, options.mode ?? 'live') };
  const started = await client.workflow.start(WorkflowTypes.processOrder, {
    taskQueue: options.taskQueue,
    workflowId,
    args: [input],
    // The earlier run of this order has ended (possibly completed as "held, gave up"); an operator's
    // retry is exactly the case where running the same order ID again is wanted.
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: [{ key: SearchAttributes.orderCode, value: orderCode }],
    staticSummary: `Kaspi order ${orderCode} (retried by an operator)`,
  });
  return { kind: 'restarted', workflowId, runId: started.firstExecutionRunId };
}
