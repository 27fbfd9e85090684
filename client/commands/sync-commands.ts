/**
 * `kaspi-sync sync run [--from ISO] [--to ISO] [--settings JSON] [--take-stock-for-accepted [--yes]]`: one sync by
 * hand, waiting for its summary. A window reaching further back than newOrderLookbackDays lists only new orders;
 * --take-stock-for-accepted also takes stock for orders accepted outside kaspi-sync (after the cut-over) that it
 * has not recorded — it first prints which, and starts only with --yes.
 */
import { WorkflowFailedError } from '@temporalio/client';
import type { SyncInput, SyncSummary } from '../../domain/sync-types.js';
import type { CommandContext } from '../cli-context.js';
import { ExitCode, UsageError } from '../errors.js';
import { describeErrors, describeSummary, startManualSync } from '../manual-sync.js';
import { parseSyncSettings, scheduleSettingsFromEnv } from '../../platform/config.js';
import { isoDate, parseCommandArgs } from './arguments.js';
import { withDefaults } from '../../domain/sync-settings.js';
import { previewStockTaking } from '../stock-taking-preview.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export const SYNC_USAGE = [
  'sync run [--from ISO] [--to ISO] [--settings JSON]   run one sync now (orders created in the window) and print its summary',
  '         [--take-stock-for-accepted [--yes]]         a window older than the lookback lists only new orders; this also takes',
  '                                                     stock for orders accepted outside kaspi-sync (printed first; --yes starts)',
];

const options = {
  from: { type: 'string' },
  to: { type: 'string' },
  settings: { type: 'string' },
  'take-stock-for-accepted': { type: 'boolean' },
  yes: { type: 'boolean' },
} as const;

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
  const takeStock = values['take-stock-for-accepted'] === true;
  const input: SyncInput = {
    ...(settings ? { settings } : {}),
    ...(Object.keys(window).length > 0 ? { window } : {}),
    ...(takeStock ? { takeStockForAccepted: true } : {}),
  };
  if (takeStock) {
    const preview = await previewStockTaking(context, { createdFrom: window.createdFrom ?? Date.now() - withDefaults(settings).newOrderLookbackDays * DAY_MS, createdTo: window.createdTo ?? Date.now() });
    context.io.out(`this run takes stock for ${preview.length} order(s) accepted outside kaspi-sync that it has not recorded${preview.length ? ':' : ''}`);
    for (const order of preview) context.io.out(`  ${order.orderCode}  created ${new Date(order.creationDate).toISOString()}  (${order.pickupPointId ?? 'no pickup point'})`);
    if (!values.yes) {
      context.io.out('nothing started: run again with --yes to start it');
      return ExitCode.ok;
    }
  }

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
