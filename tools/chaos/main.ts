// `npm run chaos -- --runs N --seed S [--json]`: kaspi-sync under faults, judged by its invariants.
// Exits 1 when any invariant was violated, a run did not converge, or a run could not be carried out.
import { parseArgs } from 'node:util';
import { formatReport, runChaos } from './run-chaos.js';
import { INVARIANTS } from './invariants.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run chaos -- --runs N --seed S [--json]   (N ≥ 1, S a whole number)');
  process.exit(2);
}

const report = await runChaos({ runs, seed, log: (line) => console.error(line) });
console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
const failed = INVARIANTS.some((name) => report.violations[name] > 0) || report.unconvergedRuns > 0 || report.runErrors > 0;
process.exit(failed ? 1 : 0);
