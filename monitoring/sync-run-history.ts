/**
 * The sync schedule's recent runs as Temporal keeps them (the schedule's recent actions, each run's status,
 * its KaspiSyncHealth and its summary's failedSteps), read without touching the sync workflow. A closed
 * run's outcome never changes, so it is fetched once and kept. Used by the run-health metrics and by the
 * "step failing K runs in a row" and "schedule missing ticks" alerts.
 */
import type { Client } from '@temporalio/client';
import type { SyncSummary } from '../domain/sync-types.js';

export interface ObservedRun {
  workflowId: string;
  scheduledAt: number;
  status: string;
  closedAt?: number;
  /** Steps that failed: `intake`, `tracking`, `waybills` from the summary; `run` when the whole run failed. */
  failedSteps: string[];
  /** The summary's first error, for the alert text (a message kaspi-sync wrote: no token, no customer data). */
  firstError?: string;
}

export interface ScheduleObservation {
  scheduleId: string;
  paused: boolean;
  intervalMs?: number;
  createdAt: number;
  /** Oldest first. */
  runs: ObservedRun[];
}

const CLOSED_FAILED = new Set(['FAILED', 'TIMED_OUT', 'TERMINATED', 'CANCELLED']);

export class SyncRunHistory {
  private readonly closed = new Map<string, ObservedRun>();

  constructor(private readonly client: Client, readonly scheduleId: string) {}

  /** Undefined when the schedule does not exist (yet). Throws when Temporal cannot be reached. */
  async observe(): Promise<ScheduleObservation | undefined> {
    let description;
    try {
      description = await this.client.schedule.getHandle(this.scheduleId).describe();
    } catch (error) {
      if ((error as Error).name === 'ScheduleNotFoundError') return undefined;
      throw error;
    }
    const runs = await Promise.all(description.info.recentActions.map(async ({ scheduledAt, action }) => this.run(action.workflow.workflowId, action.workflow.firstExecutionRunId, scheduledAt.getTime())));
    const interval = description.spec.intervals?.[0]?.every;
    return {
      scheduleId: this.scheduleId,
      paused: description.state.paused,
      ...(typeof interval === 'number' ? { intervalMs: interval } : {}),
      createdAt: description.info.createdAt.getTime(),
      runs: runs.sort((a, b) => a.scheduledAt - b.scheduledAt),
    };
  }

  private async run(workflowId: string, runId: string, scheduledAt: number): Promise<ObservedRun> {
    const known = this.closed.get(runId);
    if (known) return known;
    const handle = this.client.workflow.getHandle(workflowId, runId);
    const described = await handle.describe().catch(() => undefined);
    const status = described?.status.name ?? 'UNKNOWN';
    const closedAt = described?.closeTime?.getTime();
    let observed: ObservedRun = { workflowId, scheduledAt, status, ...(closedAt ? { closedAt } : {}), failedSteps: [] };
    if (status === 'COMPLETED') {
      const summary = (await handle.result()) as SyncSummary;
      observed = { ...observed, failedSteps: summary.failedSteps ?? [], ...(summary.errors?.[0] ? { firstError: summary.errors[0].message.slice(0, 200) } : {}) };
    } else if (CLOSED_FAILED.has(status)) {
      const failure = await handle.result().then(() => undefined, (error: Error & { cause?: Error & { type?: string } }) => error.cause?.type ?? error.cause?.name ?? status);
      observed = { ...observed, failedSteps: ['run'], ...(failure ? { firstError: failure } : {}) };
    }
    if (status !== 'RUNNING' && status !== 'UNKNOWN') this.closed.set(runId, observed);
    if (this.closed.size > 200) this.closed.delete(this.closed.keys().next().value!);
    return observed;
  }
}
