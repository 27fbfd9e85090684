/** Which orders status tracking reads on its own (activities/database/status-tracking.ts), on real PostgreSQL. */
import assert from 'node:assert/strict';
import { createMigratedDatabase } from '../support/infrastructure.js';
import { dueForStatusRead, followedAmong, scheduleStatusRead } from '../../activities/database/status-tracking.js';
import type { Database } from '../../platform/prisma-client.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.now();

describe('orders due for a status read of their own', function () {
  this.timeout(60_000);
  let db: Database;

  const row = (code: string, data: Record<string, unknown>) =>
    db.kaspiOrder.create({ data: { orderId: `id-${code}`, orderCode: code, stockName: 'PP1', status: 'ACCEPTED_BY_MERCHANT', ...data } });

  before(async () => {
    ({ db } = await createMigratedDatabase('due'));
    await row('held-recent', { syncState: 'HELD', kaspiCreatedAt: new Date(NOW - DAY) });
    await row('held-old', { syncState: 'HELD', kaspiCreatedAt: new Date(NOW - 40 * DAY) });
    await row('reserved', { syncState: 'RESERVED', kaspiCreatedAt: new Date(NOW - 40 * DAY) });
    await row('accepted-in-window', { syncState: 'ACCEPTED', acceptedAt: new Date(), kaspiCreatedAt: new Date(NOW - 5 * DAY) });
    await row('accepted-read-tomorrow', { syncState: 'ACCEPTED', acceptedAt: new Date(), kaspiCreatedAt: new Date(NOW - DAY), nextStatusCheckAt: new Date(NOW + DAY) });
    await row('accepted-past-window', { syncState: 'ACCEPTED', acceptedAt: new Date(), kaspiCreatedAt: new Date(NOW - 31 * DAY) });
    await row('seed-past-window', { syncState: 'ACCEPTED', kaspiCreatedAt: new Date(NOW - 90 * DAY) });
    await row('completed-recently', { syncState: 'COMPLETED', acceptedAt: new Date(), kaspiCreatedAt: new Date(NOW - 35 * DAY), closedAt: new Date(NOW - 2 * DAY) });
    await row('completed-long-ago', { syncState: 'COMPLETED', acceptedAt: new Date(), kaspiCreatedAt: new Date(NOW - 80 * DAY), closedAt: new Date(NOW - 60 * DAY) });
    await row('returning-past-window', { syncState: 'RETURNING', kaspiCreatedAt: new Date(NOW - 45 * DAY) });
    await row('restocked', { syncState: 'RESTOCKED', kaspiCreatedAt: new Date(NOW - 45 * DAY) });
    await row('not-yet', { syncState: 'HELD', kaspiCreatedAt: new Date(NOW - DAY), nextStatusCheckAt: new Date(NOW + 60_000) });
  });

  it('are held and reserved orders, orders kaspi-sync accepted, and completed or returning ones past the list window', async () => {
    const due = await dueForStatusRead(db, { now: NOW, trackingDays: 30, limit: 100 });
    assert.deepEqual(due.map((o) => o.orderCode).sort(), ['accepted-in-window', 'accepted-past-window', 'completed-recently', 'held-recent', 'reserved', 'returning-past-window']);
  });

  it('come at most `limit` at a time, and an order read is not due again until its next read time', async () => {
    const first = await dueForStatusRead(db, { now: NOW, trackingDays: 30, limit: 2 });
    assert.equal(first.length, 2);
    for (const order of first) await scheduleStatusRead(db, order.orderId, NOW + 60_000, null);
    const rest = await dueForStatusRead(db, { now: NOW, trackingDays: 30, limit: 100 });
    assert.equal(rest.length, 4);
    assert.ok(rest.every((o) => !first.some((f) => f.orderId === o.orderId)));
  });

  it('match listed orders to the ones still followed, in any number', async () => {
    const ids = ['id-held-recent', 'id-restocked', 'id-accepted-in-window', ...Array.from({ length: 1200 }, (_, i) => `unknown-${i}`)];
    const followed = await followedAmong(db, ids);
    assert.deepEqual([...followed.keys()].sort(), ['id-accepted-in-window', 'id-held-recent']);
  });
});
