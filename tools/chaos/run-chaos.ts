/**
 * A chaos invocation: the restartable environment once, then N runs on it, tallied into one report.
 * Used by `npm run chaos` and by the test suite's short version.
 */
import { chaosRun } from './chaos-run.js';
import { startChaosEnvironment } from './environment.js';
import { INVARIANTS, noViolations, type Violations } from './invariants.js';

export interface ChaosOptions {
  runs: number;
  seed: number;
  /** Only this run of the N (the same scenario, faults and timeline as in the full invocation). */
  only?: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  runs: number;
  seed: number;
  /** Faults and disruptions injected, by kind (Kaspi faults counted where they hit a request). */
  faults: Record<string, number>;
  /** Buyer/Kaspi lifecycle stories played while orders were in flight. */
  events: Record<string, number>;
  violations: Violations;
  /** Runs that did not come to rest within the convergence budget. */
  unconvergedRuns: number;
  /** Runs that could not be carried out at all (an infrastructure failure of the chaos run itself). */
  runErrors: number;
  /** One line per violation or run error, prefixed with the run number. */
  details: string[];
  durationSeconds: number;
}

export async function runChaos({ runs, seed, only, log = () => undefined }: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const report: ChaosReport = {
    runs: 0, seed, faults: {}, events: {}, violations: noViolations(), unconvergedRuns: 0, runErrors: 0, details: [], durationSeconds: 0,
  };
  const env = await startChaosEnvironment();
  try {
    for (let run = 1; run <= runs; run += 1) {
      if (only !== undefined && run !== only) continue;
      try {
        const result = await chaosRun(env, run, seed, log);
        report.runs += 1;
        for (const [kind, n] of Object.entries(result.faults)) report.faults[kind] = (report.faults[kind] ?? 0) + n;
        for (const [kind, n] of Object.entries(result.events)) report.events[kind] = (report.events[kind] ?? 0) + n;
        for (const name of INVARIANTS) report.violations[name] += result.report.violations[name];
        if (!result.converged) report.unconvergedRuns += 1;
        report.details.push(...result.report.details.map((d) => `run ${run}: ${d}`));
        const bad = INVARIANTS.filter((name) => result.report.violations[name] > 0);
        log(
          `run ${run}/${runs}: ${(result.durationMs / 1000).toFixed(1)} s, ${result.syncs} syncs, ` +
            `faults ${JSON.stringify(result.faults)}, events ${JSON.stringify(result.events)}` +
            (result.converged ? '' : ', NOT CONVERGED') +
            (bad.length ? `, VIOLATIONS: ${result.report.details.join('; ')}` : ', invariants hold'),
        );
      } catch (error) {
        report.runErrors += 1;
        report.details.push(`run ${run}: could not be carried out: ${(error as Error).stack ?? String(error)}`);
        log(`run ${run}/${runs}: ERROR ${(error as Error).message}`);
      }
    }
  } finally {
    await env.close();
  }
  report.durationSeconds = Math.round((Date.now() - started) / 1000);
  return report;
}

export function formatReport(report: ChaosReport): string {
  const lines = [
    `chaos: ${report.runs} runs (seed ${report.seed}) in ${report.durationSeconds} s`,
    'faults injected:',
    ...Object.entries(report.faults).sort().map(([kind, n]) => `  ${kind.padEnd(24)} ${n}`),
    'buyer/Kaspi events during processing:',
    ...Object.entries(report.events).sort().map(([kind, n]) => `  ${kind.padEnd(24)} ${n}`),
    'invariant violations:',
    ...INVARIANTS.map((name) => `  ${name.padEnd(24)} ${report.violations[name]}`),
    `runs not converged: ${report.unconvergedRuns}; runs that errored: ${report.runErrors}`,
    ...report.details.map((d) => `  ${d}`),
  ];
  return lines.join('\n');
}
