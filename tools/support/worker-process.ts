/**
 * The production worker entry (worker/main.ts) as a separate OS process, so tests and the chaos run can
 * SIGKILL it mid-order and start another, exactly as a crash and a supervisor restart would.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { WORKER_NODE_FLAGS, WORKER_PROCESS_ENV } from '../../worker/memory-policy.js';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const READY_LINE = 'kaspi-sync worker: task queue';

export interface WorkerProcessOptions {
  databaseUrl: string;
  kaspiApiUrl: string;
  kaspiToken: string;
  temporalAddress: string;
  taskQueue: string;
  env?: Record<string, string>;
  /** Extra flags for node itself, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the worker. */
  nodeFlags?: string[];
}

export interface WorkerProcess {
  pid: number;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
  /** SIGKILL: no graceful shutdown, in-flight activities are lost mid-way. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown. */
  stop(): Promise<void>;
}

export async function startWorkerProcess(options: WorkerProcessOptions, readyTimeoutMs = 60_000): Promise<WorkerProcess> {
  // node --import tsx rather than the tsx CLI: the CLI runs the program in a child process, which a
  // SIGKILL of the CLI would leave running.
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, ...(options.nodeFlags ?? []), '--import', 'tsx', 'worker/main.ts'], {
    cwd: projectRoot,
    env: {
      ...WORKER_PROCESS_ENV,
      ...process.env,
      DB_URL: options.databaseUrl,
      KASPI_API_URL: options.kaspiApiUrl,
      KASPI_AUTH_TOKEN: options.kaspiToken,
      KASPI_MAX_REQUESTS_PER_SECOND: '1000',
      KASPI_MAX_CONCURRENT_REQUESTS: '32',
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      LOG_LEVEL: 'WARN',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // BENCH_WORKER_LOG=<file>: the worker's whole output goes there too (e.g. with --trace-gc in BENCH_WORKER_NODE_FLAGS).
  const logFile = process.env.BENCH_WORKER_LOG ? createWriteStream(process.env.BENCH_WORKER_LOG, { flags: 'a' }) : undefined;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    logFile?.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within ${readyTimeoutMs} ms:\n${output}`)), readyTimeoutMs);
    const check = () => {
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it was ready:\n${output}`));
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { pid: child.pid!, exited, output: () => output, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
