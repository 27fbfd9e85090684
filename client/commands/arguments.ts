/** Parsing shared by the command groups; every mistake becomes a UsageError naming the flag. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: ${usage}`);
  }
}

export function requiredPositional(positionals: string[], index: number, name: string, usage: string): string {
  const value = positionals[index]?.trim();
  if (!value) throw new UsageError(`missing ${name}\nusage: ${usage}`);
  return value;
}

export function isoDate(flag: string, raw: string): Date {
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${flag} must be an ISO date-time such as 2026-11-26T10:00:00+05:00, got "${raw}"`);
  return date;
}

const OVERLAP_NAMES = ['skip', 'buffer-one', 'buffer-all', 'cancel-other', 'terminate-other', 'allow-all'] as const;

export function overlapPolicy(raw: string | undefined): ScheduleOverlapPolicy | undefined {
  if (raw === undefined) return undefined;
  const name = raw.trim().toLowerCase();
  if (!(OVERLAP_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`--overlap must be one of ${OVERLAP_NAMES.join(', ')}, got "${raw}"`);
  }
  return ScheduleOverlapPolicy[name.toUpperCase().replace('-', '_') as keyof typeof ScheduleOverlapPolicy];
}
