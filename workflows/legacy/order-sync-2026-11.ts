/**
 * FROZEN: the sync run as released before the steady-state design (November 2026). Only runs whose history
 * began on that release take this path (workflows/order-sync.ts decides with patched()); it must not change,
 * or their replay breaks. Delete it with its patch once no such run can exist (docs/operating.md "Upgrading").
 *
 * One sync run, as started by the Temporal Schedule (or by hand):
 *   1. cancellations and returns of orders kaspi-sync is watching → stock put back exactly once;
 *   2. new orders → one child workflow per order (ID from the Kaspi order code), bounded fan-out;
 *   3. waybills for accepted Kaspi Delivery orders that have none yet.
 * Returns a summary that the Web UI shows as the run's result.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  condition,
  getExternalWorkflowHandle,
  log,
  setHandler,
  startChild,
  upsertMemo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { emptySummary, type NewOrderRef, type OrderResult, type SyncInput, type SyncSummary } from '../../domain/sync-types.js';
import type { SyncSettings } from '../../domain/sync-settings.js';
import { settingsFromInput } from '../../domain/settings-before-resolution.js';
import { orderWorkflowId, SearchAttributes } from '../../domain/temporal-names.js';
import { FailureTypes } from '../../domain/failure-types.js';
import { databaseSteps, kaspiListings, waybills } from '../activity-proxies.js';
import { forEachBounded } from '../bounded.js';
import { orderCancelledSignal, orderSettledSignal, syncProgressQuery } from '../messages.js';
import { processOrderWorkflow } from '../process-order.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const STATUS_CHANGE_BATCH = 100;
/** Failures after which nothing in this run can succeed: the run fails loudly instead of limping on. */
const FATAL_FAILURES = new Set<string>([FailureTypes.kaspiAuthentication, FailureTypes.kaspiAuthorisation, FailureTypes.kaspiConfiguration]);

export async function legacyOrderSync(input: SyncInput = {}): Promise<SyncSummary> {
  const settings = settingsFromInput(input.settings);
  const summary = emptySummary();
  let phase = 'cancellations and returns';
  setHandler(syncProgressQuery, () => ({ phase, summary }));

  await handleCancellationsAndReturns(settings, summary);
  phase = 'new orders';
  await processNewOrders(input, settings, summary);
  phase = 'waybills';
  await collectWaybills(settings, summary);
  phase = 'finished';

  upsertMemo({ summary: { ...summary, errors: summary.errors.length } });
  log.info('sync finished', { ...summary, errors: summary.errors.length });
  return summary;
}

async function handleCancellationsAndReturns(settings: SyncSettings, summary: SyncSummary): Promise<void> {
  try {
    const changes = await kaspiListings.findStatusChanges(settings.statusTrackingDays);
    summary.statusChangesSeen = changes.length;
    for (let i = 0; i < changes.length; i += STATUS_CHANGE_BATCH) {
      const effects = await databaseSteps.applyStatusChanges(changes.slice(i, i + STATUS_CHANGE_BATCH), settings);
      for (const { orderCode, kaspiStatus, effect } of effects) {
        if (effect === 'restocked') summary.restocked += 1;
        if (effect === 'returning') summary.returning += 1;
        if (effect === 'closed') summary.completed += 1;
        if (effect === 'restocked' || effect === 'returning' || effect === 'cancelled-unreserved') {
          if (kaspiStatus === 'CANCELLED' || kaspiStatus === 'CANCELLING') summary.cancelled += 1;
          await tellOrderWorkflowItWasCancelled(orderCode, kaspiStatus);
        }
      }
    }
  } catch (error) {
    recordOrRethrow(summary, 'cancellations and returns', error);
  }
}

/** A child still working on the order (e.g. held, or between reservation and acceptance) stops and compensates. */
async function tellOrderWorkflowItWasCancelled(orderCode: string, kaspiStatus: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(orderWorkflowId(orderCode)).signal(orderCancelledSignal, { kaspiStatus });
  } catch {
    // No workflow is running for this order: nothing to tell.
  }
}

async function processNewOrders(input: SyncInput, settings: SyncSettings, summary: SyncSummary): Promise<void> {
  const createdTo = input.window?.createdTo ?? Date.now();
  const createdFrom = input.window?.createdFrom ?? createdTo - settings.newOrderLookbackDays * DAY_MS;
  let orders: NewOrderRef[];
  try {
    orders = await kaspiListings.listNewOrders({ createdFrom, createdTo });
  } catch (error) {
    recordOrRethrow(summary, 'listing new orders', error);
    return;
  }
  summary.newOrdersSeen = orders.length;

  const inFlight = new Set<string>();
  const settle = (result: OrderResult) => {
    if (!inFlight.delete(result.orderCode)) return;
    if (result.outcome === 'ACCEPTED') summary.accepted += 1;
    else if (result.outcome === 'HELD') summary.held += 1;
    else if (result.outcome === 'CANCELLED_OUT_OF_STOCK') summary.cancelledOutOfStock += 1;
    else if (result.outcome === 'CANCELLED_BY_KASPI') summary.cancelledBeforeAccept += 1;
    else summary.alreadyProcessed += 1;
  };
  setHandler(orderSettledSignal, settle);

  // Starts are not awaited one by one: every free slot is filled within the same workflow task, so the
  // parent's task throughput does not cap how many orders are in flight (measured: 121 s → 55 s for
  // 1,000 orders, docs/benchmark.md).
  // Set when nothing more can succeed in this run (a start that failed unexpectedly, a rejected token).
  let fatalFailure: unknown;
  const start = async (order: NewOrderRef): Promise<void> => {
    try {
      const child = await startChild(processOrderWorkflow, {
        workflowId: orderWorkflowId(order.orderCode),
        args: [{ order, settings: input.settings }],
        // The run must not wait for held orders (they may wait hours for stock) and must not take them
        // down when it ends: children outlive the run that started them. Overlap is prevented by the
        // order-code workflow ID, not by the parent.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // A completed order is never processed again; a failed one is retried by the next run.
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        typedSearchAttributes: [{ key: SearchAttributes.orderCode, value: order.orderCode }],
        staticSummary: `Kaspi order ${order.orderCode}`,
      });
      summary.ordersStarted += 1;
      child.result().then(settle, (error) => {
        if (!inFlight.delete(order.orderCode)) return;
        summary.errors.push({ orderCode: order.orderCode, step: 'order', message: describe(error) });
        // A rejected token fails every order alike: the run fails loudly instead of reporting N errors.
        if (FATAL_FAILURES.has(failureType(error) ?? '')) fatalFailure ??= error;
      });
    } catch (error) {
      inFlight.delete(order.orderCode);
      // Another run (or an operator) is already processing this order, or it is finished.
      if (error instanceof WorkflowExecutionAlreadyStartedError) summary.alreadyInProgress += 1;
      else fatalFailure ??= error;
    }
  };
  for (const order of orders) {
    await condition(() => inFlight.size < settings.maxOrdersInFlight || fatalFailure !== undefined);
    if (fatalFailure !== undefined) break;
    inFlight.add(order.orderCode);
    void start(order);
  }
  await condition(() => inFlight.size === 0 || fatalFailure !== undefined);
  if (fatalFailure !== undefined) throw fatalFailure;
}

async function collectWaybills(settings: SyncSettings, summary: SyncSummary): Promise<void> {
  try {
    const candidates = await databaseSteps.listWaybillCandidates();
    await forEachBounded(candidates, settings.maxWaybillsInFlight, async (candidate) => {
      try {
        const result = await waybills.collectWaybill(candidate, settings.numberOfSpace);
        if (result.stored) summary.waybillsStored += 1;
        else summary.waybillsPending += 1;
      } catch (error) {
        // Not produced yet after the declared wait: the next run's waybill phase picks it up.
        summary.waybillsPending += 1;
        if (failureType(error) !== FailureTypes.waybillNotReady) {
          recordOrRethrow(summary, 'waybill', error, candidate.orderCode);
        }
      }
    });
  } catch (error) {
    recordOrRethrow(summary, 'waybills', error);
  }
}

/** The failure at the root: a child's failure wraps its activity's failure, which wraps the real one. */
function rootCause(error: unknown): unknown {
  let current = error;
  while ((current instanceof ActivityFailure || current instanceof ChildWorkflowFailure) && current.cause) current = current.cause;
  return current;
}

function failureType(error: unknown): string | undefined {
  const cause = rootCause(error);
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

function describe(error: unknown): string {
  const cause = rootCause(error);
  return cause instanceof Error ? cause.message : String(cause);
}

function recordOrRethrow(summary: SyncSummary, step: string, error: unknown, orderCode?: string): void {
  const type = failureType(error);
  if (type && FATAL_FAILURES.has(type)) throw error;
  log.warn('sync step failed; continuing with the next step', { step, orderCode, error: describe(error) });
  summary.errors.push({ ...(orderCode ? { orderCode } : {}), step, message: describe(error) });
}
