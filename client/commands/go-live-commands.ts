/**
 * Going live (docs/operating.md "Going live"):
 *   shadow report [--since ISO | --days N] [--json]   shadow mode's decisions against what Kaspi shows now
 *   cutover show                                      when kaspi-sync took over from the old script
 *   cutover set [--at ISO]                            move the cut-over (default: now), e.g. when the old script stops
 */
import { KaspiClient } from '../../kaspi/index.js';
import { kaspiSettingsFromEnv } from '../../platform/config.js';
import { cutoverRecord, setCutover } from '../../activities/database/cutover.js';
import type { CommandContext } from '../cli-context.js';
import { ExitCode, UsageError } from '../errors.js';
import { describeShadowReport, shadowReport } from '../shadow-report.js';
import { isoDate, parseCommandArgs } from './arguments.js';

export const SHADOW_USAGE = [
  'shadow report [--since ISO | --days N] [--json]   what shadow mode would have done, against what Kaspi shows now (default: 7 days)',
];
export const CUTOVER_USAGE = [
  'cutover show                                     when kaspi-sync took over: orders accepted before it are history',
  'cutover set [--at ISO]                           move the cut-over (default now), e.g. the moment the old script stopped',
];

const DAY_MS = 24 * 60 * 60 * 1000;

export async function runShadowCommand(args: string[], context: CommandContext): Promise<number> {
  const usage = SHADOW_USAGE.join('\n       ');
  const { values, positionals } = parseCommandArgs(args, { since: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } } as const, usage);
  if (positionals[0] !== 'report') throw new UsageError(`unknown shadow command "${positionals[0] ?? ''}"\nusage: ${usage}`);
  if (values.since && values.days) throw new UsageError('give --since or --days, not both');
  const days = values.days === undefined ? 7 : Number(values.days);
  if (!(days > 0)) throw new UsageError(`--days must be a number above 0, got "${values.days}"`);
  const since = values.since ? isoDate('since', values.since) : new Date(Date.now() - days * DAY_MS);
  // Reads only: the client refuses anything but a GET.
  const kaspi = new KaspiClient({ ...kaspiSettingsFromEnv(context.io.env), readOnly: true });
  const report = await shadowReport(context.database(), kaspi, since);
  if (values.json) context.io.out(JSON.stringify(report, null, 2));
  else for (const line of describeShadowReport(report)) context.io.out(line);
  return ExitCode.ok;
}

export async function runCutoverCommand(args: string[], context: CommandContext): Promise<number> {
  const usage = CUTOVER_USAGE.join('\n       ');
  const { values, positionals } = parseCommandArgs(args, { at: { type: 'string' } } as const, usage);
  const db = context.database();
  if (positionals[0] === 'show') {
    const record = await cutoverRecord(db);
    context.io.out(record
      ? `cut-over ${record.cutoverAt.toISOString()} (${record.source}, recorded ${record.recordedAt.toISOString()}): orders accepted outside kaspi-sync before it are never taken`
      : 'no cut-over recorded: this database was created by kaspi-sync, with no old script\'s history to protect');
    return ExitCode.ok;
  }
  if (positionals[0] === 'set') {
    const at = values.at ? isoDate('at', values.at) : new Date();
    if (at.getTime() > Date.now() + 60_000) throw new UsageError('--at may not be in the future: orders created until then would be neither the old script\'s nor kaspi-sync\'s');
    await setCutover(db, at, 'cli');
    context.io.out(`cut-over set to ${at.toISOString()}: orders accepted outside kaspi-sync before it are history; later ones get their stock taken`);
    return ExitCode.ok;
  }
  throw new UsageError(`unknown cutover command "${positionals[0] ?? ''}"\nusage: ${usage}`);
}
