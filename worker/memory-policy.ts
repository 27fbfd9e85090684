/**
 * How eagerly the worker's JavaScript heaps give memory back. Measured (docs/benchmark.md, issue 17): during a
 * 1,000-order backlog the main thread's live heap stays near 60–70 MB and the workflow thread's near 35 MB, but
 * V8 — sizing itself for a machine with many gigabytes — lets garbage grow to about four times the live size
 * before a full collection, so the process peaked at ~490 MB. Collecting when the heap has grown 20 % past
 * what the last full collection kept, with small young generations and two malloc arenas, holds the peak near
 * 300–350 MB. These are growth rules, not a ceiling: a worker that really needs more memory still gets it
 * (no out-of-memory crash from a cap set too low).
 *
 * A trade-off an operator may make (measured 2026-12-02, third pass of issue 17): the main thread — every local
 * activity, PostgreSQL and Kaspi I/O, Temporal's bridge — allocates fast, and with 4 MB semi-spaces it scavenges
 * often. `--max-semi-space-size=8` on node's command line (the main thread only; the workflow thread keeps the 4 MB
 * set below) drained the benchmark's backlog in 31–41 s instead of 44–46 s, but peaked at up to 359 MB, over the
 * 350 MB budget this default keeps (docs/operating.md "Worker memory"). 8 MB for both threads: 355–359 MB for no
 * more speed; a 10 % growing rule or one malloc arena did not lower the peak measurably.
 *
 * The growing rule is set at start-up for every way the worker starts (npm start, npm run worker, the container, the benchmark):
 * V8 reads the growing factor at each collection, and the workflow thread's heap is created after this runs.
 * KASPI_SYNC_WORKER_MEMORY=v8-default leaves V8's own rules.
 */
import v8 from 'node:v8';
import { ConfigurationError } from '../platform/config.js';

/**
 * The young generation's size is fixed when an isolate is made, so for the main thread it can only be given on
 * node's command line: the container, `npm run worker` and the project's own process starters pass these
 * (test/worker/memory-policy.test.ts checks that package.json and the Dockerfile say the same).
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=4'] as const;

/**
 * glibc gives every thread that allocates its own malloc arena (up to 8 per core); the worker has many threads
 * (Temporal's core, the workflow thread, libuv, PostgreSQL I/O) and their half-empty arenas were ~40 MB of the
 * peak. Two arenas are plenty for a process whose hot memory lives in V8's heaps. Read by glibc when the process
 * starts, so it is set in the environment of whatever starts the worker.
 */
export const WORKER_PROCESS_ENV = { MALLOC_ARENA_MAX: '2' } as const;

/** Set at start-up: the growing rule for both heaps, and the young generation of the workflow thread made after it. */
export const LEAN_HEAP_FLAGS = ['--heap-growing-percent=20', '--max-semi-space-size=4'] as const;

export function applyWorkerMemoryPolicy(env: NodeJS.ProcessEnv = process.env): 'lean' | 'v8-default' {
  const policy = env.KASPI_SYNC_WORKER_MEMORY ?? 'lean';
  if (policy !== 'lean' && policy !== 'v8-default') {
    throw new ConfigurationError(`KASPI_SYNC_WORKER_MEMORY must be lean or v8-default, got ${JSON.stringify(policy)}`);
  }
  if (policy === 'lean') for (const flag of LEAN_HEAP_FLAGS) v8.setFlagsFromString(flag);
  return policy;
}
