// `npm run chaos -- --runs N --seed S [--only K] [--json]`: kaspi-sync under faults, judged by its invariants.
// --only K repeats just run K of those N (each run's scenario, faults and timeline come from the seed and its number).
// Exits 1 when any invariant was violated, a run did not converge, or a run could not be carried out.
import { parseArgs } from 'node:util';
import { formatReport, runChaos } from './run-chaos.js';
import { INVARIANTS } from './invariants.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const only = values.only === undefined ? undefined : Number(values.only);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || (only !== undefined && !(Number.isInteger(only) && only >= 1 && only <= runs))) {
  console.error('usage: npm run chaos -- --runs N --seed S [--only K] [--json]   (N ≥ 1, S a whole number, 1 ≤ K ≤ N)');
  process.exit(2);
}

const report = await runChaos({ runs, seed, only, log: (line) => console.error(line) });
console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
const failed = INVARIANTS.some((name) => report.violations[name] > 0) || report.unconvergedRuns > 0 || report.runErrors > 0;
process.exit(failed ? 1 : 0);
