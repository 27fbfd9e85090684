import assert from 'node:assert/strict';
import { runOnce } from '../../tools/bench/run-once.js';
import { startBenchPostgres, type BenchPostgres } from '../../tools/bench/postgres.js';
import { parseBenchArgs } from '../../tools/bench/options.js';

// No timing assertions: the figures depend on the machine. This only shows that a measurement runs end to
// end and that what it counts is sane.
describe('npm run bench', function () {
  this.timeout(240_000);
  let postgres: BenchPostgres;

  before(async () => {
    postgres = await startBenchPostgres();
  });
  after(() => postgres?.stop());

  it('drains a small backlog and reports what one order cost', async () => {
    const [spec] = parseBenchArgs(['--orders', '20', '--latency', '5', '--in-flight', '10', '--cap', '120']).plan;
    const result = await runOnce(spec, postgres);

    assert.equal(result.complete, true);
    assert.equal(result.accepted, 20, 'every order accepted');
    assert.equal(result.assembled, result.kaspiDeliveryOrders, 'every Kaspi Delivery order assembled');
    assert.equal(result.summaryErrors, 0);
    assert.ok(result.drainAcceptedSeconds !== null && result.drainAcceptedSeconds > 0);
    assert.ok(result.ordersPerSecond !== null && result.ordersPerSecond > 0);
    // The bench's default sandbox serves include[orders]=entries, so the reservation takes the order as listed
    // (no GET order, no GET entries); every order is accepted with one POST, and a Kaspi Delivery order costs
    // its ASSEMBLE read and POST plus the waybill read and PDF.
    const kd = result.kaspiDeliveryOrders;
    assert.equal(result.kaspiRequestsByKind['GET entries'] ?? 0, 0, 'lines taken from the list');
    assert.equal(result.kaspiRequestsByKind['POST ACCEPTED_BY_MERCHANT'], result.orders, 'one acceptance per order');
    assert.equal(result.kaspiRequestsByKind['GET order'], 2 * kd, 'GET order only to assemble and for the waybill link');
    const bySteps = Object.values(result.kaspiRequestsPerOrderByStep).reduce((sum, n) => sum + n, 0);
    assert.ok(Math.abs(bySteps - result.kaspiRequestsPerOrder) < 0.05, `steps ${JSON.stringify(result.kaspiRequestsPerOrderByStep)} add up to ${result.kaspiRequestsPerOrder}`);
    assert.equal(result.kaspiRequestsPerOrderByStep.reserve, 0, 'the reservation read nothing from Kaspi');
    assert.equal(result.kaspiRequestsPerOrderByStep.accept, 1);
    assert.ok(result.dbStatementsPerOrder > 0, `database statements per order: ${result.dbStatementsPerOrder}`);
    assert.ok(result.historyEventsPerChild > 0);
    assert.ok(result.historyEventsParent > result.orders, 'the parent records every child it started');
    assert.ok(result.workerPeakRssMb > 0);
  });

  it('plans --scale and --sweep as separate measurements', () => {
    assert.deepEqual(parseBenchArgs(['--scale']).plan.map((m) => m.orders), [100, 1000, 5000]);
    assert.deepEqual(parseBenchArgs(['--sweep', '--orders', '200']).plan.map((m) => [m.orders, m.inFlight]), [[200, 1], [200, 5], [200, 20], [200, 50]]);
    assert.throws(() => parseBenchArgs(['--orders', 'many']), /whole number/);
  });
});
