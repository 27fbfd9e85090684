// Each alert condition against a real database: what fires it, and what clears it.
import { strict as assert } from 'node:assert';
import { createMigratedDatabase } from '../support/infrastructure.js';
import { observeAll, type ObservationSources } from '../../activities/alert-observations.js';
import { alertSettingsFromEnv } from '../../platform/alert-config.js';
import { KaspiRequestMonitor } from '../../monitoring/kaspi-requests.js';
import type { ObservedRun, ScheduleObservation } from '../../monitoring/sync-run-history.js';
import type { Database } from '../../platform/prisma-client.js';

const thresholds = alertSettingsFromEnv({ ALERT_WEBHOOK_URL: 'http://127.0.0.1:1/x', ALERT_WEBHOOK_SECRET: 's' })!.thresholds;
const MINUTE = 60_000;
// 11:00 Almaty on a Wednesday: inside the default working hours.
const NOW = Date.parse('2026-12-02T11:00:00+05:00');

describe('alert conditions: what fires each one and what clears it', function () {
  this.timeout(60_000);
  let db: Database;
  let clock = NOW;
  const monitor = new KaspiRequestMonitor(() => clock);
  let schedule: ScheduleObservation | undefined;
  const sources = (): ObservationSources => ({ db, thresholds, kaspiRequests: monitor, runs: { observe: async () => schedule } });
  const conditions = async (now = NOW) => (await observeAll(sources(), now, new Map())).observations.map((o) => `${o.condition}:${o.subject}`).sort();
  let code = 700_000_000;
  const order = (data: Record<string, unknown>) => db.kaspiOrder.create({ data: { orderId: `id-${++code}`, orderCode: String(code), stockName: 'PP1', status: 'ACCEPTED_BY_MERCHANT', ...data } });

  before(async () => {
    ({ db } = await createMigratedDatabase('alert-conditions'));
  });
  after(() => db?.$disconnect());
  beforeEach(async () => {
    await db.kaspiOrder.deleteMany();
    await db.logEvent.deleteMany();
    schedule = undefined;
    clock = NOW;
  });

  it('a held order is "held" at once and "near its deadline" with 30 minutes or less left (3 working hours)', async () => {
    const fresh = await order({ syncState: 'HELD', holdReason: 'out of stock', kaspiCreatedAt: new Date(NOW - 20 * MINUTE) });
    const late = await order({ syncState: 'HELD', holdReason: 'unknown SKU X', kaspiCreatedAt: new Date(NOW - 155 * MINUTE) });
    assert.deepEqual(await conditions(), [`held_deadline_near:${late.orderCode}`, `order_held:${fresh.orderCode}`, `order_held:${late.orderCode}`].sort());
    const facts = (await observeAll(sources(), NOW, new Map([[fresh.orderCode, false]]))).observations.find((o) => o.subject === fresh.orderCode)!.facts as { minutesLeft: number };
    assert.equal(facts.minutesLeft, 160);
  });

  it('an assembled Kaspi Delivery order without its waybill 30 minutes after acceptance', async () => {
    const waiting = await order({ syncState: 'ACCEPTED', isKaspiDelivery: true, assembled: true, acceptedAt: new Date(NOW - 45 * MINUTE) });
    await order({ syncState: 'ACCEPTED', isKaspiDelivery: true, assembled: true, acceptedAt: new Date(NOW - 10 * MINUTE) });
    await order({ syncState: 'ACCEPTED', isKaspiDelivery: true, assembled: true, invoiceGenerated: true, acceptedAt: new Date(NOW - 45 * MINUTE) });
    assert.deepEqual(await conditions(), [`waybill_missing:${waiting.orderCode}`]);
  });

  it("merchant-fault cancellations over 30 days: 3 % warns, 5 % is critical, others' cancellations do not count", async () => {
    const created = new Date(NOW - 2 * 24 * 60 * MINUTE);
    for (let i = 0; i < 96; i++) await order({ syncState: 'ACCEPTED', kaspiCreatedAt: created });
    await order({ syncState: 'CANCELLED', isCanceled: true, cancellationReason: 'BUYER_CANCELLATION_HIMSELF', kaspiCreatedAt: created });
    for (let i = 0; i < 3; i++) await order({ syncState: 'CANCELLED', isCanceled: true, cancellationReason: 'MERCHANT_OUT_OF_STOCK', kaspiCreatedAt: created });
    assert.deepEqual(await conditions(), ['cancellation_share_warning:shop']);
    const twoMore = await db.kaspiOrder.findMany({ where: { syncState: 'ACCEPTED' }, take: 2, select: { id: true } });
    await db.kaspiOrder.updateMany({ where: { id: { in: twoMore.map((o) => o.id) } }, data: { syncState: 'CANCELLED', isCanceled: true, cancellationReason: 'MERCHANT_OUT_OF_STOCK' } });
    assert.deepEqual(await conditions(), ['cancellation_share_critical:shop', 'cancellation_share_warning:shop']);
  });

  it('Kaspi unreachable for 10 minutes fires; one answer clears it', async () => {
    monitor.observe('GET /orders', 'timeout');
    clock = NOW + 9 * MINUTE;
    monitor.observe('GET /orders', '503');
    assert.deepEqual(await conditions(NOW + 9 * MINUTE), []);
    assert.deepEqual(await conditions(NOW + 10 * MINUTE), ['kaspi_unreachable:kaspi']);
    clock = NOW + 11 * MINUTE;
    monitor.observe('GET /orders', '200');
    assert.deepEqual(await conditions(NOW + 11 * MINUTE), []);
  });

  it('a rejected token fires (from log_events or a 401) until Kaspi accepts a request again', async () => {
    const live = new KaspiRequestMonitor();
    const now = Date.now();
    await db.logEvent.create({ data: { level: 'ERROR', message: 'Kaspi rejected the API token during intake', extraData: {} } });
    const observe = async () => (await observeAll({ ...sources(), kaspiRequests: live, runs: undefined }, Date.now(), new Map())).observations;
    const [rejected] = await observe();
    assert.equal(rejected?.condition, 'token_rejected');
    assert.equal((rejected!.facts as { step: string }).step, 'intake');
    assert.ok(Math.abs((rejected!.facts as { at: number }).at - now) < 5_000, 'the event time is read in the database time zone');
    await new Promise((resolve) => setTimeout(resolve, 5));
    live.observe('GET /orders', '200');
    assert.deepEqual(await observe(), []);
  });

  it('a price list refused by a guardrail, until one is published again', async () => {
    await db.logEvent.create({ data: { message: 'price list published: 9 offers, 40 units (version 1)' } });
    await db.logEvent.create({ data: { level: 'WARNING', message: 'price list refused: it has 60 % fewer offers than the published one; still serving version 1 of 2026-12-02T05:00:00.000Z' } });
    assert.deepEqual(await conditions(), ['price_list_refused:price-list']);
    await db.logEvent.create({ data: { message: 'price list published: 4 offers, 12 units (version 2)' } });
    assert.deepEqual(await conditions(), []);
  });

  it('a sync step failing in 3 runs in a row, and a schedule that stopped starting runs', async () => {
    const run = (minutesAgo: number, failedSteps: string[]): ObservedRun => ({ workflowId: `r${minutesAgo}`, scheduledAt: NOW - minutesAgo * MINUTE, closedAt: NOW - minutesAgo * MINUTE + 30_000, status: failedSteps.includes('run') ? 'FAILED' : 'COMPLETED', failedSteps });
    schedule = { scheduleId: 'kaspi-order-sync', paused: false, intervalMs: 2 * MINUTE, createdAt: NOW - 60 * MINUTE, runs: [run(10, []), run(8, ['tracking']), run(6, ['tracking', 'waybills']), run(4, ['run']), run(2, ['tracking'])] };
    assert.deepEqual(await conditions(), ['sync_step_failing:tracking']);
    schedule = { ...schedule, runs: schedule.runs.slice(0, 3) };
    assert.deepEqual(await conditions(), ['schedule_missing_ticks:kaspi-order-sync']);
    assert.deepEqual(await conditions(NOW), await conditions(NOW), 'stable');
    schedule = { ...schedule, paused: true };
    assert.deepEqual(await conditions(), [], 'a paused schedule misses no ticks');
  });
});
