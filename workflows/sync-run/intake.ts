/**
 * Intake: every new order gets its own child workflow (ID from the order code), Express orders first, at most
 * maxOrdersInFlight at once. A child holds its slot only until its outcome is known — accepted, held, cancelled
 * or failed (a Kaspi Delivery order's acceptance step signals at once, and the order goes on to assemble on its
 * own) — and the run never waits past its time budget: a child that is stuck (a Kaspi incident, a bad deploy)
 * cannot hold up this run or, through the schedule, any later one. Orders left unstarted at the deadline are taken by the next run.
 * At the end the run gives accepted Kaspi Delivery children a short, bounded moment to finish assembling, so
 * the waybill step can collect their waybills in this run without ever racing them to send ASSEMBLE.
 */
import { ParentClosePolicy, WorkflowIdReusePolicy, condition, setHandler, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ORDER_WORKFLOW_REVISION, type NewOrderRef, type OrderResult } from '../../domain/sync-types.js';
import { orderWorkflowId, SearchAttributes } from '../../domain/temporal-names.js';
import { orderSettledSignal } from '../messages.js';
import { processOrderWorkflow } from '../process-order.js';
import { describeFailure, isFatal } from './failures.js';
import { timeLeft, type RunContext } from './run-context.js';

/** Express orders have 60 minutes, the others 3 working hours: the oldest Express order goes first. */
export function intakeOrder(orders: readonly NewOrderRef[]): NewOrderRef[] {
  return [...orders].sort((a, b) => Number(b.express) - Number(a.express) || a.creationDate - b.creationDate || a.orderCode.localeCompare(b.orderCode));
}

/** How long the run waits, after the last outcome, for accepted children to finish assembling. */
const ASSEMBLING_GRACE_MS = 60_000;

/** Order codes of this run's children that are still running when intake returns (the waybill step skips them). */
export type StillRunning = ReadonlySet<string>;

export async function startOrderWorkflows(run: RunContext, orders: readonly NewOrderRef[]): Promise<StillRunning> {
  const { summary, settings } = run;
  /** Children whose outcome is not known yet: they hold a slot. */
  const inFlight = new Set<string>();
  /** Children that are still running (held ones wait for hours; accepted ones may be assembling). */
  const running = new Set<string>();
  /** Accepted children still running: they are assembling. */
  const assembling = new Set<string>();
  const settle = (result: OrderResult) => {
    if (!inFlight.delete(result.orderCode)) return;
    if (result.outcome === 'ACCEPTED' && running.has(result.orderCode)) assembling.add(result.orderCode);
    if (result.outcome === 'ACCEPTED') summary.accepted += 1;
    else if (result.outcome === 'HELD') summary.held += 1;
    else if (result.outcome === 'CANCELLED_OUT_OF_STOCK') summary.cancelledOutOfStock += 1;
    else if (result.outcome === 'CANCELLED_BY_KASPI') summary.cancelledBeforeAccept += 1;
    else summary.alreadyProcessed += 1;
  };
  setHandler(orderSettledSignal, settle);

  // Set when nothing more can succeed in this run (a start that failed unexpectedly, a rejected token).
  let fatalFailure: unknown;
  // Starts are not awaited one by one: every free slot is filled within the same workflow task, so the
  // parent's task throughput does not cap how many orders are in flight (docs/benchmark.md).
  const start = async (order: NewOrderRef): Promise<void> => {
    try {
      const child = await startChild(processOrderWorkflow, {
        workflowId: orderWorkflowId(order.orderCode),
        args: [{ order, settings, revision: ORDER_WORKFLOW_REVISION }],
        // Children outlive the run that started them (a held order waits hours); overlap between runs is
        // prevented by the order-code workflow ID, not by the parent.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // A completed order is never processed again; a failed one is retried by the next run.
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        typedSearchAttributes: [{ key: SearchAttributes.orderCode, value: order.orderCode }],
        staticSummary: `Kaspi order ${order.orderCode}`,
      });
      summary.ordersStarted += 1;
      running.add(order.orderCode);
      child.result().then((result) => {
        running.delete(order.orderCode);
        assembling.delete(order.orderCode);
        // Stored by the order's own workflow (waybill capture) while this run waited: counted with the step's.
        if (result.waybillStored) summary.waybillsStored += 1;
        settle(result);
      }, (error) => {
        running.delete(order.orderCode);
        assembling.delete(order.orderCode);
        if (!inFlight.delete(order.orderCode)) return;
        summary.errors.push({ orderCode: order.orderCode, step: 'order', message: describeFailure(error) });
        // A rejected token fails every order alike: the run fails loudly instead of reporting N errors.
        if (isFatal(error)) fatalFailure ??= error;
      });
    } catch (error) {
      inFlight.delete(order.orderCode);
      // Another run (or an operator) is already processing this order, or it is finished.
      if (error instanceof WorkflowExecutionAlreadyStartedError) summary.alreadyInProgress += 1;
      else fatalFailure ??= error;
    }
  };

  const queue = intakeOrder(orders);
  let next = 0;
  const slotFree = () => inFlight.size < settings.maxOrdersInFlight || fatalFailure !== undefined;
  while (next < queue.length && fatalFailure === undefined) {
    // A timer only when there is something to wait for: a free slot is taken in the same workflow task.
    if (!slotFree() && (timeLeft(run) === 0 || !(await condition(slotFree, timeLeft(run))))) break;
    if (fatalFailure !== undefined) break;
    const order = queue[next++];
    inFlight.add(order.orderCode);
    void start(order);
  }
  summary.ordersDeferred = queue.length - next;
  if (fatalFailure === undefined && inFlight.size > 0 && timeLeft(run) > 0) {
    await condition(() => inFlight.size === 0 || fatalFailure !== undefined, timeLeft(run));
  }
  if (fatalFailure !== undefined) throw fatalFailure;
  summary.stillInFlight = inFlight.size;
  const grace = Math.min(timeLeft(run), ASSEMBLING_GRACE_MS);
  if (assembling.size > 0 && grace > 0) await condition(() => assembling.size === 0, grace);
  return running;
}
