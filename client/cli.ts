/**
 * kaspi-sync's operator command line: the schedule, hand-started syncs, orders, and the worker.
 * Run it as `npm run cli -- <command>` or, once installed, `kaspi-sync <command>`. Configuration comes from
 * the same environment variables as the worker (docs/operating.md); exit codes are in client/errors.ts.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ScheduleNotFoundError } from '@temporalio/client';
import { ConfigurationError } from '../platform/config.js';
import { CommandContext, type CliIo } from './cli-context.js';
import { ExitCode, NotFoundError, UsageError } from './errors.js';
import { TemporalUnreachableError } from './temporal-connection.js';
import { ORDER_USAGE, runOrderCommand, runOrdersCommand } from './commands/order-commands.js';
import { SCHEDULE_USAGE, runScheduleCommand } from './commands/schedule-commands.js';
import { SYNC_USAGE, runSyncCommand } from './commands/sync-commands.js';
import { WORKER_USAGE, startWorkerCommand } from './commands/worker-command.js';
import { FEED_USAGE, runFeedCommand } from './commands/feed-commands.js';
import { WAYBILLS_USAGE, runWaybillsCommand } from './commands/packing-commands.js';
import { CUTOVER_USAGE, SHADOW_USAGE, runCutoverCommand, runShadowCommand } from './commands/go-live-commands.js';

export const USAGE = ['usage: kaspi-sync <command>', '', ...[...SCHEDULE_USAGE, ...SYNC_USAGE, ...ORDER_USAGE, ...FEED_USAGE, ...WAYBILLS_USAGE, ...SHADOW_USAGE, ...CUTOVER_USAGE, ...WORKER_USAGE].map((l) => `  ${l}`)].join('\n');

const commandGroups: Record<string, (args: string[], context: CommandContext) => Promise<number>> = {
  schedule: runScheduleCommand,
  sync: runSyncCommand,
  order: runOrderCommand,
  orders: runOrdersCommand,
  feed: runFeedCommand,
  waybills: runWaybillsCommand,
  shadow: runShadowCommand,
  cutover: runCutoverCommand,
};

/** Runs one command and returns its exit code; never throws for an operator's mistake. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [group, ...args] = argv;
  if (!group || group === 'help' || group === '--help' || group === '-h') {
    io.out(USAGE);
    return group ? ExitCode.ok : ExitCode.usage;
  }
  const run = commandGroups[group];
  if (!run) {
    io.err(`unknown command "${group}"\n${USAGE}`);
    return ExitCode.usage;
  }
  const context = new CommandContext(io);
  try {
    return await run(args, context);
  } catch (error) {
    return reportFailure(error, io);
  } finally {
    await context.close();
  }
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.err(error.message);
    return ExitCode.usage;
  }
  if (error instanceof ConfigurationError) {
    io.err(`Configuration error: ${error.message}`);
    return ExitCode.configuration;
  }
  if (error instanceof NotFoundError || error instanceof ScheduleNotFoundError) {
    io.err(error.message);
    return ExitCode.notFound;
  }
  if (error instanceof TemporalUnreachableError) {
    io.err(error.message);
    return ExitCode.failed;
  }
  io.err(`kaspi-sync: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return ExitCode.failed;
}

export async function cliMain(argv: string[]): Promise<void> {
  // `kaspi-sync ... | head` closes the pipe early; that is not a failure worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    throw error;
  });
  if (argv[0] === 'worker') {
    try {
      await startWorkerCommand(argv.slice(1));
    } catch (error) {
      process.exitCode = reportFailure(error, processIo());
    }
    return;
  }
  process.exitCode = await runCli(argv, processIo());
}

function processIo(): CliIo {
  return { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env };
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await cliMain(process.argv.slice(2));
