/** `kaspi-sync schedule ensure|describe|pause|unpause|trigger|backfill|delete` */
import type { CommandContext } from '../cli-context.js';
import { ExitCode, UsageError } from '../errors.js';
import { describeSummary } from '../manual-sync.js';
import { durationSetting, parseSyncSettings, scheduleSettingsFromEnv } from '../../platform/config.js';
import {
  backfillSchedule,
  deleteSchedule,
  describeSchedule,
  ensureSchedule,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
  type ScheduleReport,
} from '../schedule.js';
import { isoDate, overlapPolicy, parseCommandArgs } from './arguments.js';

export const SCHEDULE_USAGE = [
  'schedule ensure [--interval 2m] [--catchup-window 10m] [--run-timeout 15m] [--settings JSON]   create or update the sync schedule',
  'schedule describe                                  spec, next runs, recent runs with their health, the last result',
  'schedule pause [--note TEXT]                       stop starting runs (a deploy keeps it paused)',
  'schedule unpause [--note TEXT]',
  'schedule trigger [--overlap skip] [--wait]         start a run now; skipped if one is running',
  'schedule backfill --from ISO --to ISO [--overlap skip]   run the ticks of a past period',
  'schedule delete                                    running syncs are not stopped',
  '  (every schedule command takes --schedule-id ID; default SYNC_SCHEDULE_ID or kaspi-order-sync)',
];

const options = {
  'schedule-id': { type: 'string' },
  interval: { type: 'string' },
  'catchup-window': { type: 'string' },
  'run-timeout': { type: 'string' },
  settings: { type: 'string' },
  note: { type: 'string' },
  overlap: { type: 'string' },
  wait: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

export async function runScheduleCommand(args: string[], context: CommandContext): Promise<number> {
  const usage = SCHEDULE_USAGE.join('\n       ');
  const { values, positionals } = parseCommandArgs(args, options, usage);
  const { out } = context.io;
  const defaults = scheduleSettingsFromEnv(context.io.env);
  const scheduleId = values['schedule-id'] ?? defaults.scheduleId;
  const client = () => context.temporal();

  switch (positionals[0]) {
    case 'ensure': {
      const schedule = {
        scheduleId,
        taskQueue: context.taskQueue(),
        interval: durationSetting('--interval', values.interval, defaults.interval),
        catchupWindow: durationSetting('--catchup-window', values['catchup-window'], defaults.catchupWindow),
        runTimeout: durationSetting('--run-timeout', values['run-timeout'], defaults.runTimeout),
        syncSettings: values.settings ? parseSyncSettings(values.settings, '--settings') : defaults.syncSettings,
      };
      const result = await ensureSchedule(await client(), schedule);
      out(`schedule ${scheduleId} ${result}: every ${schedule.interval} on task queue ${schedule.taskQueue}, overlap BUFFER_ONE, catch-up window ${schedule.catchupWindow}, run timeout ${schedule.runTimeout}`);
      return ExitCode.ok;
    }
    case 'describe':
      printReport(await describeSchedule(await client(), scheduleId), out);
      return ExitCode.ok;
    case 'pause':
      await pauseSchedule(await client(), scheduleId, values.note ?? 'paused with kaspi-sync schedule pause');
      out(`schedule ${scheduleId} paused; no sync starts until \`kaspi-sync schedule unpause\``);
      return ExitCode.ok;
    case 'unpause':
      await unpauseSchedule(await client(), scheduleId, values.note ?? 'unpaused with kaspi-sync schedule unpause');
      out(`schedule ${scheduleId} unpaused`);
      return ExitCode.ok;
    case 'trigger': {
      const temporal = await client();
      const outcome = await triggerSchedule(temporal, scheduleId, overlapPolicy(values.overlap));
      if (outcome.kind === 'skipped') {
        out(`not started: a sync is still running (${outcome.runningWorkflowIds.join(', ') || 'just finished'}); the schedule's overlap policy skips it`);
        return ExitCode.ok;
      }
      out(`started ${outcome.workflowId}`);
      if (values.wait) out(describeSummary(await temporal.workflow.getHandle(outcome.workflowId, outcome.runId).result()));
      return ExitCode.ok;
    }
    case 'backfill': {
      if (!values.from || !values.to) throw new UsageError(`backfill needs --from and --to\nusage: ${usage}`);
      const period = { start: isoDate('from', values.from), end: isoDate('to', values.to) };
      if (period.start >= period.end) throw new UsageError('--from must be before --to');
      await backfillSchedule(await client(), scheduleId, period, overlapPolicy(values.overlap));
      out(`backfill of ${scheduleId} requested for ${period.start.toISOString()} – ${period.end.toISOString()}`);
      return ExitCode.ok;
    }
    case 'delete':
      await deleteSchedule(await client(), scheduleId);
      out(`schedule ${scheduleId} deleted; syncs it already started keep running`);
      return ExitCode.ok;
    default:
      throw new UsageError(`unknown schedule command "${positionals[0] ?? ''}"\nusage: ${usage}`);
  }
}

function printReport(report: ScheduleReport, out: (line: string) => void): void {
  const state = report.paused ? `PAUSED${report.note ? ` (${report.note})` : ''}` : 'active';
  out(`schedule ${report.scheduleId}: ${state}`);
  out(`  every ${report.everyMs.map(formatDuration).join(', ')}, overlap ${report.overlap}, catch-up window ${formatDuration(report.catchupWindowMs)}`);
  out(`  starts ${report.workflowType} on task queue ${report.taskQueue} with input ${JSON.stringify(report.args[0] ?? {})}`);
  out(`  next runs: ${report.nextRuns.slice(0, 3).map((d) => d.toISOString()).join(', ') || 'none'}`);
  out(`  running now: ${report.runningWorkflowIds.join(', ') || 'none'}`);
  out(`  ticks skipped because a run was still going: ${report.skippedBecauseStillRunning}; missed the catch-up window: ${report.missedCatchupWindow}`);
  out(`  recent runs:${report.recentRuns.length === 0 ? ' none' : ''}`);
  for (const run of report.recentRuns) out(`    ${run.scheduledAt.toISOString()}  ${run.workflowId}  ${run.status}${run.health ? `  ${run.health}` : ''}`);
  const degraded = report.recentRuns.filter((run) => run.health === 'DEGRADED').length;
  out(`  health of recent runs: ${degraded === 0 ? 'OK' : `${degraded} of ${report.recentRuns.length} DEGRADED (a step failed; see their results)`}`);
  if (report.lastCompleted) out(`  last result (${report.lastCompleted.workflowId}): ${describeSummary(report.lastCompleted.summary)}`);
}

function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
