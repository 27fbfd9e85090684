/**
 * Runs kaspi-sync's CLI in-process against the real test servers, and the real `temporal` CLI binary as a
 * child process, capturing what each prints.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../../client/cli.js';
import { resolveTemporalCli } from '../../tools/dev-stack/temporal-binary.js';
import { TEST_SETTINGS, type SyncHarness } from '../support/sync-harness.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The environment an operator would have for this harness: its cluster, task queue and database. */
export function operatorEnv(h: SyncHarness, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: h.temporalAddress,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    DB_URL: h.databaseUrl,
    SYNC_SETTINGS: JSON.stringify(TEST_SETTINGS),
    ...extra,
  };
}

export async function kaspiSync(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export async function temporalCli(address: string, ...args: string[]): Promise<string> {
  const binary = resolveTemporalCli();
  if (!binary) throw new Error('no temporal CLI binary; run `npm run tools:temporal`');
  const { stdout } = await promisify(execFile)(binary, [...args, '--address', address], { timeout: 60_000 });
  return stdout;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
