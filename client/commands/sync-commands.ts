/** `kaspi-sync sync run [--from ISO] [--to ISO] [--settings JSON]`: one sync by hand, waiting for its summary. */
import { WorkflowFailedError } from '@temporalio/client';
import type { SyncInput, SyncSummary } from '../../domain/sync-types.js';
import type { CommandContext } from '../cli-context.js';
import { ExitCode, UsageError } from '../errors.js';
import { describeErrors, describeSummary, startManualSync } from '../manual-sync.js';
import { parseSyncSettings, scheduleSettingsFromEnv } from '../../platform/config.js';
import { isoDate, parseCommandArgs } from './arguments.js';

export const SYNC_USAGE = [
  'sync run [--from ISO] [--to ISO] [--settings JSON]   run one sync now (orders created in the window) and print its summary',
];

const options = { from: { type: 'string' }, to: { type: 'string' }, settings: { type: 'string' } } as const;

export async function runSyncCommand(args: string[], context: CommandContext): Promise<number> {
  const usage = SYNC_USAGE.join('\n       ');
  const { values, positionals } = parseCommandArgs(args, options, usage);
  if (positionals[0] !== 'run') throw new UsageError(`unknown sync command "${positionals[0] ?? ''}"\nusage: ${usage}`);
  const window = {
    ...(values.from ? { createdFrom: isoDate('from', values.from).getTime() } : {}),
    ...(values.to ? { createdTo: isoDate('to', values.to).getTime() } : {}),
  };
  if (window.createdFrom !== undefined && window.createdTo !== undefined && window.createdFrom >= window.createdTo) {
    throw new UsageError('--from must be before --to');
  }
  const settings = values.settings ? parseSyncSettings(values.settings, '--settings') : scheduleSettingsFromEnv(context.io.env).syncSettings;
  const input: SyncInput = { ...(settings ? { settings } : {}), ...(Object.keys(window).length > 0 ? { window } : {}) };

  const handle = await startManualSync(await context.temporal(), { taskQueue: context.taskQueue(), input });
  context.io.out(`started ${handle.workflowId} on task queue ${context.taskQueue()}; waiting for it to finish (a worker must be running)`);
  let summary: SyncSummary;
  try {
    summary = await handle.result();
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    context.io.err(`sync ${handle.workflowId} failed: ${error.cause?.message ?? error.message}`);
    return ExitCode.failed;
  }
  context.io.out(describeSummary(summary));
  for (const line of describeErrors(summary)) context.io.out(line);
  return ExitCode.ok;
}
