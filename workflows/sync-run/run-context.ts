/** What every step of one sync run shares: its resolved settings, its summary, its time budget. */
import { log } from '@temporalio/workflow';
import type { RunSettings } from '../../domain/sync-settings.js';
import type { SyncSummary } from '../../domain/sync-types.js';
import { describeFailure, isFatal } from './failures.js';

export interface RunContext {
  settings: RunSettings;
  summary: SyncSummary;
  /** Workflow time (deterministic) after which the run starts nothing new and stops waiting. */
  deadline: number;
}

export function timeLeft(run: RunContext): number {
  return Math.max(0, run.deadline - Date.now());
}

/**
 * A step that failed after its retries: the run goes on with the other steps but is DEGRADED, so the failure
 * is visible in its result, its search attribute and `schedule describe` — not only in `errors`. A rejected
 * token or a wrong API URL fails the whole run instead (nothing else can succeed).
 */
export function stepFailed(run: RunContext, step: 'intake' | 'tracking' | 'waybills', error: unknown): void {
  if (isFatal(error)) throw error;
  log.warn('sync step failed; the run continues with the other steps and is marked DEGRADED', { step, error: describeFailure(error) });
  run.summary.errors.push({ step, message: describeFailure(error) });
  if (!run.summary.failedSteps!.includes(step)) run.summary.failedSteps!.push(step);
}
