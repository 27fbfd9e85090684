import assert from 'node:assert/strict';
import { runChaos } from '../../tools/chaos/run-chaos.js';
import { INVARIANTS } from '../../tools/chaos/invariants.js';

describe('chaos: worker kills, Kaspi faults, database and Temporal restarts (npm run chaos -- --runs 3)', function () {
  // Three runs take two to four minutes on two cores; a run heavy with 429s and timeouts waits out Temporal's backoff.
  this.timeout(900_000);

  it('keeps stock, Kaspi actions and every order right through three runs of faults', async () => {
    const report = await runChaos({ runs: 3, seed: 2026, log: (line) => console.error(line) });
    const explain = `\n${report.details.join('\n')}`;
    assert.equal(report.runErrors, 0, `runs that could not be carried out:${explain}`);
    assert.equal(report.runs, 3);
    for (const name of INVARIANTS) assert.equal(report.violations[name], 0, `${name} violated:${explain}`);
    assert.equal(report.unconvergedRuns, 0, `runs that did not converge:${explain}`);
    assert.ok(Object.keys(report.faults).some((kind) => kind.startsWith('kaspi:')), 'Kaspi faults were injected');
  });
});
