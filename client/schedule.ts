/**
 * The Temporal Schedule that starts a sync every SYNC_INTERVAL, and the operator actions on it. Runs of the
 * schedule get the workflow ID `kaspi-sync-run-<nominal time>` (the server appends the time; see
 * scheduledRunWorkflowId), so the Web UI lists them by time, and `TemporalScheduledById="<scheduleId>"` finds
 * them all. Runs started by releases before 2026-12 are named `<scheduleId>-<time>`.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleOptions,
  type ScheduleHandle,
} from '@temporalio/client';
import { scheduledRunWorkflowId, SearchAttributes, WorkflowTypes } from '../domain/temporal-names.js';
import type { SyncInput, SyncSummary } from '../domain/sync-types.js';
import type { ScheduleSettings } from '../platform/config.js';
import { NotFoundError } from './errors.js';

export interface SyncSchedule extends ScheduleSettings {
  taskQueue: string;
}

export function syncScheduleOptions(schedule: SyncSchedule): ScheduleOptions {
  const input: SyncInput = schedule.syncSettings ? { settings: schedule.syncSettings } : {};
  return {
    scheduleId: schedule.scheduleId,
    // An interval, not a calendar: it fires at :00 and :30 UTC whatever the time zone, and Almaty has no DST.
    spec: { intervals: [{ every: schedule.interval }] },
    action: {
      type: 'startWorkflow',
      workflowType: WorkflowTypes.orderSync,
      taskQueue: schedule.taskQueue,
      args: [input],
      workflowId: scheduledRunWorkflowId(schedule.scheduleId),
      // The hard bound of a run: one that is still open after this (a stuck step, a bad deploy) is ended by the
      // server, visibly (TimedOut in the Web UI), and the next tick runs. Runs bound themselves far below it.
      workflowRunTimeout: schedule.runTimeout,
    },
    policies: {
      // Never two syncs at once. A tick that comes while a run is still going is kept (one at most) and runs
      // as soon as that run ends, so a long run delays the next sync instead of swallowing it; further ticks
      // in that time are counted as skipped (`schedule describe` shows them).
      overlap: ScheduleOverlapPolicy.BUFFER_ONE,
      // After an outage one missed tick is worth running; hours-old ones are not (the next tick covers them).
      catchupWindow: schedule.catchupWindow,
    },
  };
}

/**
 * Creates the schedule, or brings an existing one to this definition. The existing pause state and note
 * are kept, so a deploy does not un-pause a schedule an operator paused. Last writer wins (the SDK sends no
 * conflict token): run it from one place, a deploy step or `npm start`, not from every worker replica.
 */
export async function ensureSchedule(client: Client, schedule: SyncSchedule): Promise<'created' | 'updated'> {
  const options = syncScheduleOptions(schedule);
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(schedule.scheduleId).update((previous) => ({
    spec: options.spec,
    action: options.action,
    policies: options.policies,
    state: { paused: previous.state.paused, note: previous.state.note, remainingActions: previous.state.remainingActions },
  }));
  return 'updated';
}

export interface RecentRun {
  workflowId: string;
  runId: string;
  scheduledAt: Date;
  status: string;
  /** KaspiSyncHealth of a finished run (OK / DEGRADED); absent while running or for runs of older releases. */
  health?: string;
}

export interface ScheduleReport {
  scheduleId: string;
  everyMs: number[];
  overlap: string;
  catchupWindowMs: number;
  paused: boolean;
  note?: string;
  taskQueue: string;
  workflowType: string;
  args: unknown[];
  nextRuns: Date[];
  recentRuns: RecentRun[];
  runningWorkflowIds: string[];
  skippedBecauseStillRunning: number;
  /** Ticks the server could not start within the catch-up window (e.g. while Temporal was down). */
  missedCatchupWindow: number;
  /** The summary of the newest run that completed, if any is still within the namespace's retention. */
  lastCompleted?: { workflowId: string; summary: SyncSummary };
}

export async function describeSchedule(client: Client, scheduleId: string): Promise<ScheduleReport> {
  const description = await describeOrThrow(client.schedule.getHandle(scheduleId));
  const recentRuns = await Promise.all(
    description.info.recentActions.map(async ({ scheduledAt, action }): Promise<RecentRun> => {
      const { workflowId, firstExecutionRunId: runId } = action.workflow;
      const described = await client.workflow
        .getHandle(workflowId, runId)
        .describe()
        .catch(() => undefined);
      const status = described?.status.name ?? 'UNKNOWN (past retention)';
      const health = described?.typedSearchAttributes.get(SearchAttributes.syncHealth);
      return { workflowId, runId, scheduledAt, status, ...(health ? { health } : {}) };
    }),
  );
  const newestCompleted = [...recentRuns].reverse().find((run) => run.status === 'COMPLETED');
  const lastCompleted = newestCompleted && {
    workflowId: newestCompleted.workflowId,
    summary: (await client.workflow.getHandle(newestCompleted.workflowId, newestCompleted.runId).result()) as SyncSummary,
  };
  return {
    scheduleId,
    everyMs: (description.spec.intervals ?? []).map((i) => i.every as number),
    overlap: description.policies.overlap ?? 'SKIP',
    catchupWindowMs: description.policies.catchupWindow,
    paused: description.state.paused,
    note: description.state.note,
    taskQueue: description.action.taskQueue ?? '(default)',
    workflowType: description.action.workflowType,
    args: [...(description.action.args ?? [])],
    nextRuns: description.info.nextActionTimes,
    recentRuns,
    runningWorkflowIds: description.info.runningActions.map((a) => a.workflow.workflowId),
    skippedBecauseStillRunning: description.info.numActionsSkippedOverlap,
    missedCatchupWindow: description.info.numActionsMissedCatchupWindow,
    lastCompleted,
  };
}

export async function pauseSchedule(client: Client, scheduleId: string, note: string): Promise<void> {
  const handle = client.schedule.getHandle(scheduleId);
  await describeOrThrow(handle);
  await handle.pause(note);
}

export async function unpauseSchedule(client: Client, scheduleId: string, note: string): Promise<void> {
  const handle = client.schedule.getHandle(scheduleId);
  await describeOrThrow(handle);
  await handle.unpause(note);
}

export type TriggerOutcome =
  | { kind: 'started'; workflowId: string; runId: string }
  | { kind: 'skipped'; runningWorkflowIds: string[] };

/**
 * Starts a run now. The overlap policy defaults to SKIP, like the schedule's own ticks (the SDK's default
 * would be ALLOW_ALL: a second sync beside a running one). Waits until the server has either started the
 * run or skipped it, so the caller can follow the run.
 */
export async function triggerSchedule(
  client: Client,
  scheduleId: string,
  overlap: ScheduleOverlapPolicy = ScheduleOverlapPolicy.SKIP,
  timeoutMs = 30_000,
): Promise<TriggerOutcome> {
  const handle = client.schedule.getHandle(scheduleId);
  const before = await describeOrThrow(handle);
  const known = new Set(before.info.recentActions.map((a) => a.action.workflow.firstExecutionRunId));
  await handle.trigger(overlap);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await handle.describe();
    const started = now.info.recentActions.find((a) => !known.has(a.action.workflow.firstExecutionRunId));
    if (started) return { kind: 'started', workflowId: started.action.workflow.workflowId, runId: started.action.workflow.firstExecutionRunId };
    if (now.info.numActionsSkippedOverlap > before.info.numActionsSkippedOverlap) {
      return { kind: 'skipped', runningWorkflowIds: now.info.runningActions.map((a) => a.workflow.workflowId) };
    }
    if (Date.now() > deadline) throw new Error(`schedule ${scheduleId} neither started nor skipped the triggered run within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Runs the schedule's ticks of a past period (e.g. while it was paused). Each sync reads Kaspi's whole
 * look-back window, so with the default SKIP one catch-up run covers the period; BUFFER_ALL runs every tick.
 */
export async function backfillSchedule(
  client: Client,
  scheduleId: string,
  period: { start: Date; end: Date },
  overlap: ScheduleOverlapPolicy = ScheduleOverlapPolicy.SKIP,
): Promise<void> {
  const handle = client.schedule.getHandle(scheduleId);
  await describeOrThrow(handle);
  await handle.backfill({ start: period.start, end: period.end, overlap });
}

/** Deleting the schedule does not stop a run it already started. */
export async function deleteSchedule(client: Client, scheduleId: string): Promise<void> {
  const handle = client.schedule.getHandle(scheduleId);
  await describeOrThrow(handle);
  await handle.delete();
}

async function describeOrThrow(handle: ScheduleHandle): Promise<ScheduleDescription> {
  try {
    return await handle.describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) {
      throw new NotFoundError(`There is no schedule "${handle.scheduleId}". Create it with \`kaspi-sync schedule ensure\`.`);
    }
    throw error;
  }
}
