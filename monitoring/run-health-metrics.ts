/** kaspi_sync_run_health and the last successful run per step, from the schedule's recent runs. */
import type { MetricFamily } from './exposition.js';
import type { ScheduleObservation } from './sync-run-history.js';

export const SYNC_STEPS = ['intake', 'tracking', 'waybills', 'run'] as const;

export function runHealthMetrics(observation: ScheduleObservation | undefined): MetricFamily[] {
  const closed = (observation?.runs ?? []).filter((run) => run.closedAt !== undefined);
  const newest = closed.at(-1);
  const lastSuccess = (step: string) => [...closed].reverse().find((run) => run.status === 'COMPLETED' && !run.failedSteps.includes(step) && !run.failedSteps.includes('run'));
  return [
    { name: 'kaspi_sync_run_health', help: 'Health of the newest finished sync run of the schedule: 1 OK, 0 a step failed (DEGRADED) or the run failed.', type: 'gauge', samples: newest ? [{ value: newest.status === 'COMPLETED' && newest.failedSteps.length === 0 ? 1 : 0 }] : [] },
    {
      name: 'kaspi_sync_last_successful_run_timestamp_seconds',
      help: "End of the newest sync run in which the step succeeded, per step (intake, tracking, waybills; run = the run completed), among the schedule's recent runs.",
      type: 'gauge',
      samples: SYNC_STEPS.flatMap((step) => {
        const run = lastSuccess(step);
        return run ? [{ labels: { step }, value: Math.round(run.closedAt! / 1000) }] : [];
      }),
    },
    { name: 'kaspi_sync_schedule_paused', help: 'The sync schedule is paused (1) or running (0).', type: 'gauge', samples: observation ? [{ value: observation.paused ? 1 : 0 }] : [] },
    { name: 'kaspi_sync_schedule_last_run_timestamp_seconds', help: 'When the schedule last started a sync run.', type: 'gauge', samples: observation?.runs.length ? [{ value: Math.round(observation.runs.at(-1)!.scheduledAt / 1000) }] : [] },
  ];
}
