/** `kaspi-sync worker`: the long-running worker of `npm run worker`, configured from the same environment. */
import { UsageError } from '../errors.js';

export const WORKER_USAGE = ['worker                                a worker for the task queue (stops gracefully on SIGTERM/SIGINT)'];

/** worker/main.ts starts on import and owns the process from then on: its exit code, its signals. */
export async function startWorkerCommand(args: string[]): Promise<void> {
  if (args.length > 0) throw new UsageError(`worker takes no arguments; configure it with TEMPORAL_* , DB_URL and KASPI_* variables`);
  await import('../../worker/main.js');
}
