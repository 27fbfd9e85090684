/**
 * Temporal history sizes: the parent sync run's, and the order children's (all of them for small runs,
 * an evenly spread sample for large ones — every child of a clean run follows the same path).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { orderWorkflowId } from '../../domain/temporal-names.js';

const CHILD_SAMPLE = 200;

export interface HistorySizes {
  parent: number;
  parentTimeline: ParentTimeline;
  perChildMean: number;
  perChildMax: number;
  childrenRead: number;
  /** Sampled orders with no workflow at all (Temporal does not know the ID): reported, not averaged. */
  childrenMissing: string[];
}

export async function historySizes(client: Client, parentId: string, orderCodes: string[]): Promise<HistorySizes> {
  const parentHistory = await client.workflow.getHandle(parentId).fetchHistory();
  const parent = parentHistory.events?.length ?? 0;
  const step = Math.max(1, Math.floor(orderCodes.length / CHILD_SAMPLE));
  const sample = orderCodes.filter((_, index) => index % step === 0).slice(0, CHILD_SAMPLE);
  const counts: number[] = [];
  const childrenMissing: string[] = [];
  for (const code of sample) {
    const count = await eventCount(client, orderWorkflowId(code));
    if (count === null) childrenMissing.push(code);
    else counts.push(count);
  }
  return {
    parent,
    parentTimeline: parentTimeline(parentHistory.events ?? []),
    perChildMean: counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length),
    perChildMax: Math.max(0, ...counts),
    childrenRead: counts.length,
    childrenMissing,
  };
}

/** Null when Temporal has no workflow with this ID. */
async function eventCount(client: Client, workflowId: string): Promise<number | null> {
  try {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return history.events?.length ?? 0;
  } catch (error) {
    if ((error as { code?: number }).code === 5 || (error as Error).name === 'WorkflowNotFoundError') return null;
    throw error;
  }
}

/**
 * What the parent spent its time on: how many workflow tasks it ran and how long each took from
 * scheduled to completed, and how many children were really running at once (versus maxOrdersInFlight).
 */
export interface ParentTimeline {
  workflowTasks: number;
  meanWorkflowTaskMs: number;
  peakChildrenRunning: number;
  meanChildrenRunning: number;
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

function eventMs(event: HistoryEvent): number {
  const seconds = event.eventTime?.seconds ?? 0;
  return (typeof seconds === 'number' ? seconds : seconds.toNumber()) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
}

function parentTimeline(events: HistoryEvent[]): ParentTimeline {
  const scheduledAt = new Map<string, number>();
  let tasks = 0;
  let taskMs = 0;
  let running = 0;
  let peak = 0;
  let area = 0;
  let last = events.length > 0 ? eventMs(events[0]) : 0;
  for (const event of events) {
    const at = eventMs(event);
    area += running * (at - last);
    last = at;
    if (event.workflowTaskScheduledEventAttributes) scheduledAt.set(String(event.eventId), at);
    const completed = event.workflowTaskCompletedEventAttributes;
    if (completed) {
      tasks += 1;
      taskMs += at - (scheduledAt.get(String(completed.scheduledEventId)) ?? at);
    }
    if (event.childWorkflowExecutionStartedEventAttributes) peak = Math.max(peak, ++running);
    if (
      event.childWorkflowExecutionCompletedEventAttributes ||
      event.childWorkflowExecutionFailedEventAttributes ||
      event.childWorkflowExecutionTimedOutEventAttributes ||
      event.childWorkflowExecutionTerminatedEventAttributes ||
      event.childWorkflowExecutionCanceledEventAttributes
    ) {
      running -= 1;
    }
  }
  const span = events.length > 1 ? eventMs(events[events.length - 1]) - eventMs(events[0]) : 0;
  return {
    workflowTasks: tasks,
    meanWorkflowTaskMs: tasks === 0 ? 0 : taskMs / tasks,
    peakChildrenRunning: peak,
    meanChildrenRunning: span > 0 ? area / span : 0,
  };
}
