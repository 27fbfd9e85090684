/**
 * CPU and memory of every process taking part, read from /proc (Linux): the Temporal dev server, the
 * PostgreSQL server (all backends), the worker process, and this process (which hosts the Kaspi sandbox).
 * Sampled periodically, so the CPU spent in any time window of the run can be read afterwards.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** `otherProcesses`: everything else on the machine (other people's tests skew a run; this shows it). */
export type ProcessGroup = 'temporal' | 'postgres' | 'worker' | 'benchAndSandbox' | 'otherProcesses';

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, plus reaped children's time for the postmaster (short-lived backends). */
  cpuTicks: number;
}

interface Sample {
  at: number;
  cpuSeconds: Record<ProcessGroup, number>;
  /** Resident set of the worker's largest process, in kB. */
  workerRssKb: number;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    const reaped = comm === 'postgres' ? cutime + cstime : 0;
    return { pid, ppid: Number(fields[1]), comm, cpuTicks: utime + stime + reaped };
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine has been busy (all cores), from the first line of /proc/stat. */
function machineBusySeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

function allProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** Pids of `root` and all its descendants. */
function subtree(root: number, processes: ProcStat[]): Set<number> {
  const found = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return found;
}

/** The largest value of a /proc/<pid>/status field (kB) among the given processes. */
function largestStatusKb(pids: Iterable<number>, field: 'VmHWM' | 'VmRSS'): number {
  let largest = 0;
  for (const pid of pids) {
    try {
      const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      largest = Math.max(largest, Number(match?.[1] ?? 0));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return largest;
}

/** Processes this process started directly (PostgreSQL, the dev server, the worker), for an interrupted run. */
export function childPids(): number[] {
  return allProcesses().filter((p) => p.ppid === process.pid).map((p) => p.pid);
}

/** Lifetime peak resident set (VmHWM) of the largest process under `root` — the worker's Node process — in MB. */
export function peakRssMb(root: number): number {
  return largestStatusKb(subtree(root, allProcesses()), 'VmHWM') / 1024;
}

export class ProcessSampler {
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly workerPid: number, private readonly intervalMs = 250) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  /** Average cores used by each group between two instants (the samples nearest to them). */
  coresBetween(from: number, to: number): Record<ProcessGroup, number> {
    const first = this.nearest(from);
    const last = this.nearest(to);
    const seconds = Math.max(0.001, (last.at - first.at) / 1000);
    const cores = {} as Record<ProcessGroup, number>;
    for (const group of Object.keys(last.cpuSeconds) as ProcessGroup[]) {
      cores[group] = (last.cpuSeconds[group] - first.cpuSeconds[group]) / seconds;
    }
    return cores;
  }

  /** The worker's largest resident set seen between two instants, in MB. */
  workerRssMbBetween(from: number, to: number): number {
    const inWindow = this.samples.filter((s) => s.at >= from && s.at <= to);
    return Math.max(0, ...inWindow.map((s) => s.workerRssKb)) / 1024;
  }

  private nearest(at: number): Sample {
    return this.samples.reduce((best, s) => (Math.abs(s.at - at) < Math.abs(best.at - at) ? s : best));
  }

  private sample(): void {
    const processes = allProcesses();
    const workerTree = subtree(this.workerPid, processes);
    const mine = subtree(process.pid, processes);
    const cpuSeconds: Record<ProcessGroup, number> = { temporal: 0, postgres: 0, worker: 0, benchAndSandbox: 0, otherProcesses: 0 };
    for (const p of processes) {
      if (!mine.has(p.pid)) continue;
      const group: ProcessGroup = workerTree.has(p.pid)
        ? 'worker'
        : p.comm === 'temporal'
          ? 'temporal'
          : p.comm === 'postgres'
            ? 'postgres'
            : 'benchAndSandbox';
      cpuSeconds[group] += p.cpuTicks / TICKS_PER_SECOND;
    }
    const ours = cpuSeconds.temporal + cpuSeconds.postgres + cpuSeconds.worker + cpuSeconds.benchAndSandbox;
    cpuSeconds.otherProcesses = machineBusySeconds() - ours;
    this.samples.push({ at: Date.now(), cpuSeconds, workerRssKb: largestStatusKb(workerTree, 'VmRSS') });
  }
}
