import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseBenchArgs } from '../../tools/bench/options.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const STEADY = ['--steady', '--shop-orders', '300', '--cancellations', '6', '--after-handover', '2', '--returns', '4', '--new-orders', '5', '--latency', '5', '--cap', '90'];

// No timing assertions and no judgement of the design: this only shows that `--steady --json` runs end to
// end through the real entry point and that its figures are there and sane (about 30 s).
// `npx mocha <file>` also runs .mocharc's whole spec; for this file alone:
//   npx mocha --no-config --node-option import=tsx --extension ts --require test/support/root-hooks.ts --exit test/bench/steady-smoke.test.ts
describe('npm run bench -- --steady', function () {
  this.timeout(150_000);

  it('measures one sync run of a small established shop and prints one JSON object', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tools/bench/main.ts', ...STEADY, '--json'], {
      cwd: projectRoot,
      maxBuffer: 10 * 1024 * 1024,
    });
    const result = JSON.parse(stdout);

    assert.equal(result.mode, 'steady');
    assert.equal(result.complete, true, 'the run finished within the cap');
    assert.equal(result.shopOrders, 300);
    assert.ok(Number.isInteger(result.trackingRequestsPerRun) && result.trackingRequestsPerRun >= 0);
    assert.ok(result.runSeconds > 0 && result.runSeconds < 90, `runSeconds ${result.runSeconds}`);
    assert.ok(Number.isInteger(result.missedStatusChanges) && result.missedStatusChanges >= 0 && result.missedStatusChanges <= 10);
    assert.deepEqual(result.statusChanges.expected, { cancelledBeforeHandover: 4, cancelledAfterHandover: 2, returnRequested: 2, returned: 2 });
    assert.equal(typeof result.intakeLatencyMethod, 'string');
    assert.equal(result.intake.newOrders, 5);
    assert.equal(result.intake.express, 1);
    assert.ok(result.intake.scheduleInterval.seconds > 0);
    if (result.intakeLatencyP95Seconds !== null) {
      assert.ok(result.intakeLatencyP95Seconds >= result.intake.scheduleInterval.seconds, 'the derived latency includes the interval');
    }
    const { tracking, intake, waybill, other } = result.requests.byPurpose;
    assert.equal(tracking + intake + waybill + other, result.requests.total);
    assert.ok(intake > 0, 'the new orders were at least listed');
    assert.equal(result.shop.open + result.shop.completed + result.shop.cancelled + result.shop.cancelledInDelivery + result.shop.returned, 300);
    assert.equal(result.shop.records.kaspiOrders, 300);
    assert.ok(result.summary && typeof result.summary === 'object', 'the run summary is in the output');
    assert.equal(result.ledgerMismatches, 0, 'stock_inventory agrees with the ledger after the run');
  });

  it('parses --steady and keeps it apart from the drain modes', () => {
    const { mode, plan, steady } = parseBenchArgs(['--steady']);
    assert.equal(mode, 'steady');
    assert.deepEqual(plan, []);
    assert.equal(steady?.shopOrders, 10_000);
    assert.equal(steady?.kaspiRps, undefined, 'production client limits unless asked');
    assert.throws(() => parseBenchArgs(['--steady', '--scale']), /separate runs/);
    assert.throws(() => parseBenchArgs(['--shop-orders', '100']), /only go with --steady/);
    assert.throws(() => parseBenchArgs(['--steady', '--orders', '100']), /default sync settings/);
    assert.throws(() => parseBenchArgs(['--steady', '--cancellations', '2', '--after-handover', '3']), /can't exceed/);
    assert.equal(parseBenchArgs(['--orders', '20']).plan[0].orders, 20, 'the drain options still work');
  });
});
