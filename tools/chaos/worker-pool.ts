/**
 * The real worker (worker/main.ts) as one or two OS processes on the run's task queue, which the chaos
 * monkey SIGKILLs and a supervisor (this pool) restarts.
 */
import { startWorkerProcess, type WorkerProcess, type WorkerProcessOptions } from '../support/worker-process.js';

interface TrackedWorker {
  process: WorkerProcess;
  exited: boolean;
}

export class WorkerPool {
  private workers: TrackedWorker[] = [];

  constructor(private readonly options: WorkerProcessOptions) {}

  get size(): number {
    return this.live().length;
  }

  async start(count: number): Promise<void> {
    const started = await Promise.all(Array.from({ length: count }, () => startWorkerProcess(this.options)));
    for (const process of started) {
      const tracked: TrackedWorker = { process, exited: false };
      void process.exited.then(() => void (tracked.exited = true));
      this.workers.push(tracked);
    }
  }

  /** SIGKILLs one live worker (no graceful shutdown: in-flight activities are cut off mid-way). */
  async killOne(random: () => number): Promise<boolean> {
    const live = this.live();
    if (live.length === 0) return false;
    const victim = live[Math.floor(random() * live.length)];
    await victim.process.kill();
    this.workers = this.workers.filter((w) => w !== victim);
    return true;
  }

  /** Restarts workers until at least `count` run (a worker may also have exited on its own). */
  async ensureRunning(count: number): Promise<void> {
    this.workers = this.live();
    if (this.workers.length < count) await this.start(count - this.workers.length);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.process.kill()));
    this.workers = [];
  }

  /** Output of every worker started, for diagnosing a failed run. */
  output(): string {
    return this.workers.map((w) => w.process.output()).join('\n');
  }

  private live(): TrackedWorker[] {
    return this.workers.filter((w) => !w.exited);
  }
}
