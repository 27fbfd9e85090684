import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { describeSchedule } from '../../client/schedule.js';
import { kaspiSync, operatorEnv, temporalCli, waitFor } from './cli-runner.js';

const INTERVAL_MS = 2 * 60_000;

describe('kaspi-sync schedule: the sync schedule an operator manages', function () {
  this.timeout(180_000);
  let h: SyncHarness;
  let env: NodeJS.ProcessEnv;
  let scheduleId: string;

  beforeEach(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 10 } }] } });
    scheduleId = `kaspi-order-sync-test-${randomUUID()}`;
    env = operatorEnv(h, { SYNC_SCHEDULE_ID: scheduleId });
  });
  afterEach(async () => {
    await h.client.schedule.getHandle(scheduleId).delete().catch(() => undefined);
    await h?.close();
  });

  it('creates a sync every 2 minutes that never overlaps and never drops a tick silently, and a later ensure keeps an operator\'s pause', async () => {
    assert.equal((await kaspiSync(env, 'schedule', 'ensure')).code, 0);
    let report = await describeSchedule(h.client, scheduleId);
    assert.deepEqual(report.everyMs, [INTERVAL_MS]);
    assert.equal(report.overlap, ScheduleOverlapPolicy.BUFFER_ONE, 'a tick during a long run waits for it instead of being dropped');
    assert.equal(report.catchupWindowMs, 10 * 60_000);
    assert.equal(report.workflowType, 'orderSyncWorkflow');
    assert.equal(report.taskQueue, h.taskQueue);
    assert.equal(report.nextRuns[0].getTime() % INTERVAL_MS, 0, 'ticks on even minutes');
    const action = await h.client.schedule.getHandle(scheduleId).describe();
    assert.equal(action.action.workflowRunTimeout, 15 * 60_000, 'a run has a hard bound');

    assert.equal((await kaspiSync(env, 'schedule', 'pause', '--note', 'stock count in PP1')).code, 0);
    const redeploy = await kaspiSync(env, 'schedule', 'ensure', '--interval', '15m');
    assert.match(redeploy.out, /updated/);
    report = await describeSchedule(h.client, scheduleId);
    assert.deepEqual(report.everyMs, [15 * 60_000], 'the new definition is applied');
    assert.equal(report.paused, true, 'the operator\'s pause survives a deploy');
    assert.equal(report.note, 'stock count in PP1');

    assert.equal((await kaspiSync(env, 'schedule', 'unpause')).code, 0);
    assert.equal((await describeSchedule(h.client, scheduleId)).paused, false);
    assert.match((await kaspiSync(env, 'schedule', 'describe')).out, /: active/);
  });

  it('triggers a sync now that accepts new orders, and describe shows the run and its result', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 3 }] });
    await kaspiSync(env, 'schedule', 'ensure');
    const triggered = await kaspiSync(env, 'schedule', 'trigger', '--wait');
    assert.equal(triggered.code, 0, triggered.err);
    assert.match(triggered.out, new RegExp(`started kaspi-sync-run-${scheduleId}-\\d{4}-`), 'the run is named kaspi-sync-run-…, after its schedule and its time');
    assert.match(triggered.out, /sync finished: 1 new orders, 1 accepted, 0 held/);
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 7);

    const described = await kaspiSync(env, 'schedule', 'describe');
    assert.match(described.out, /recent runs:\n\s+\S+\s+\S+\s+COMPLETED/);
    assert.match(described.out, /last result .*1 accepted/);
  });

  it('is triggered by `temporal schedule trigger` like by the Web UI, and the run processes orders', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await kaspiSync(env, 'schedule', 'ensure');
    await temporalCli(h.temporalAddress, 'schedule', 'trigger', '--schedule-id', scheduleId);
    const run = await waitFor(async () => (await describeSchedule(h.client, scheduleId)).recentRuns[0]);
    await h.client.workflow.getHandle(run.workflowId, run.runId).result();
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 9);
  });

  it('backfills a past period with one run per missed tick when asked to buffer them', async () => {
    await kaspiSync(env, 'schedule', 'ensure');
    const lastTick = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS;
    const from = new Date(lastTick - 2 * INTERVAL_MS - 60_000).toISOString();
    const to = new Date(lastTick - 60_000).toISOString();
    const backfill = await kaspiSync(env, 'schedule', 'backfill', '--from', from, '--to', to, '--overlap', 'buffer-all');
    assert.equal(backfill.code, 0, backfill.err);
    // Only the backfilled ticks: a live tick may happen to fire while the test runs.
    const runs = await waitFor(async () => {
      const backfilled = (await describeSchedule(h.client, scheduleId)).recentRuns.filter((r) => r.scheduledAt.getTime() < lastTick);
      return backfilled.filter((r) => r.status === 'COMPLETED').length === 2 && backfilled;
    });
    assert.deepEqual(
      runs.map((r) => r.scheduledAt.getTime()),
      [lastTick - 2 * INTERVAL_MS, lastTick - INTERVAL_MS],
    );
  });

  it('deletes the schedule; afterwards commands say there is none (exit 4)', async () => {
    await kaspiSync(env, 'schedule', 'ensure');
    assert.equal((await kaspiSync(env, 'schedule', 'delete')).code, 0);
    const described = await kaspiSync(env, 'schedule', 'describe');
    assert.equal(described.code, 4);
    assert.match(described.err, /no schedule .*schedule ensure/);
  });

  it('rejects a malformed interval naming the flag (exit 3) and an unknown overlap policy (exit 2)', async () => {
    const badInterval = await kaspiSync(env, 'schedule', 'ensure', '--interval', 'half an hour');
    assert.equal(badInterval.code, 3);
    assert.match(badInterval.err, /--interval must be a whole number with a unit/);
    const badOverlap = await kaspiSync(env, 'schedule', 'trigger', '--overlap', 'sometimes');
    assert.equal(badOverlap.code, 2);
    assert.match(badOverlap.err, /--overlap must be one of skip/);
  });
});
