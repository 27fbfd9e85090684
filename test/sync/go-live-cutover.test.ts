/**
 * Going live on a database the old script used: it accepted orders on Kaspi and recorded almost none of
 * them. Adoption records a cut-over; the first live run takes no stock for those orders (their goods left
 * with whoever accepted them) and takes every order from after the cut-over — new ones and ones accepted in
 * the cabinet. A hand-started run further back than the lookback lists only new orders unless asked, and
 * then says first what it would take. Real PostgreSQL, Temporal and the sandbox over HTTP.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { applyMigrations } from '../../platform/migrations.js';
import { createEmptyDatabase } from '../support/infrastructure.js';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { kaspiSync, operatorEnv } from '../client/cli-runner.js';
import { setCutover } from '../../activities/database/cutover.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const PICKUP = { warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP' } as const;

async function adoptedSeedDatabase(): Promise<string> {
  const url = await createEmptyDatabase('cutover');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(await readFile(new URL('../fixtures/seed-database.sql', import.meta.url), 'utf8'));
    // One the old script marked cancelled; the fixture's 712345678 has a waybill link and invoice_generated.
    await client.query(`INSERT INTO kaspi_orders (order_id, order_code, stock_name, status, is_canceled) VALUES ('b2xkLWNhbmNlbGxlZA', '555000222', 'PP1', 'CANCELLED', true)`);
  } finally {
    await client.end();
  }
  await applyMigrations(url);
  return url;
}

describe('going live on an adopted database: the cut-over', function () {
  this.timeout(120_000);
  let h: SyncHarness;
  let shipped: { code: string }[] = [];

  before(async () => {
    h = await createSyncHarness({ databaseUrl: await adoptedSeedDatabase() });
  });
  after(() => h?.close());

  it('carries the old script\'s flags over and records the cut-over at adoption', async () => {
    const cutover = await h.db.kaspiSyncCutover.findUnique({ where: { id: 1 } });
    assert.equal(cutover?.source, 'adoption');
    assert.ok(Math.abs(cutover!.cutoverAt.getTime() - Date.now()) < 10 * 60_000, 'adopted just now');
    const withWaybill = await h.order('712345678');
    assert.deepEqual([withWaybill?.adoptedFromSeed, withWaybill?.isKaspiDelivery, withWaybill?.assembled, withWaybill?.waybillUrl], [true, true, true, 'https://kaspi.kz/shop/api/waybill/abc']);
    assert.equal((await h.order('555000222'))?.syncState, 'CANCELLED', 'is_canceled → cancelled');
    assert.equal((await h.order('555000111'))?.isKaspiDelivery, false, 'no waybill: not Kaspi Delivery');
  });

  it('takes no stock for orders accepted before the cut-over and never recorded, and takes every order after it', async () => {
    const stockBefore = await h.quantity('SKU-TEA-001', 'PP1');
    const beforeCutover = Date.now() - 2 * HOUR_MS;
    shipped = [1, 2, 3].map(() => h.sandbox.createOrder({ ...PICKUP, status: 'ACCEPTED_BY_MERCHANT', creationDate: beforeCutover, lines: [{ sku: 'SKU-TEA-001', quantity: 1 }] }));
    const fresh = h.sandbox.createOrder({ ...PICKUP, lines: [{ sku: 'SKU-TEA-001', quantity: 2 }] });
    const inCabinet = h.sandbox.createOrder({ ...PICKUP, status: 'ACCEPTED_BY_MERCHANT', lines: [{ sku: 'SKU-TEA-001', quantity: 1 }] });

    const summary = await h.runSync();
    assert.equal(summary.health, 'OK');
    assert.equal(summary.accepted, 2, 'the new order and the one accepted in the cabinet after the cut-over');
    assert.equal(await h.quantity('SKU-TEA-001', 'PP1'), stockBefore - 3, 'stock taken for those two only');
    for (const order of shipped) assert.equal(await h.order(order.code), null, `${order.code} (before the cut-over) is history: no row, no stock`);
    assert.equal((await h.order(fresh.code))?.syncState, 'ACCEPTED');
    assert.equal(await h.db.stockMovement.count({ where: { orderId: inCabinet.id, kind: 'SALE' } }), 1);
    const posts = h.sandbox.requests().filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'one POST: accepting the new order — no ASSEMBLE for the old script\'s Kaspi Delivery rows');
  });

  it('a hand-started run further back than the lookback lists only new orders, and with --take-stock-for-accepted says what it takes before it starts', async () => {
    // The old script's orders have since been cancelled (listed nowhere intake looks); the cut-over moves back.
    for (const order of shipped) h.sandbox.buyerCancel(order.code);
    await setCutover(h.db, new Date(Date.now() - 7 * DAY_MS), 'cli');
    const weekOld = h.sandbox.createOrder({ ...PICKUP, status: 'ACCEPTED_BY_MERCHANT', creationDate: Date.now() - 6 * DAY_MS, lines: [{ sku: 'SKU-TEA-001', quantity: 1 }] });
    const stockBefore = await h.quantity('SKU-TEA-001', 'PP1');
    const from = new Date(Date.now() - 10 * DAY_MS).toISOString();

    const past = await h.runSync({ window: { createdFrom: Date.parse(from) } });
    assert.equal(past.health, 'OK');
    assert.equal(await h.order(weekOld.code), null, 'not taken without the flag');
    assert.equal(await h.quantity('SKU-TEA-001', 'PP1'), stockBefore);

    const env = operatorEnv(h, { KASPI_API_URL: h.sandbox.ordersUrl, KASPI_AUTH_TOKEN: h.sandbox.token });
    const preview = await kaspiSync(env, 'sync', 'run', '--from', from, '--take-stock-for-accepted');
    assert.equal(preview.code, 0, preview.err);
    assert.match(preview.out, new RegExp(`takes stock for 1 order\\(s\\) accepted outside kaspi-sync[\\s\\S]*${weekOld.code}[\\s\\S]*nothing started`));
    assert.equal(await h.order(weekOld.code), null, 'the preview changes nothing');

    const confirmed = await kaspiSync(env, 'sync', 'run', '--from', from, '--take-stock-for-accepted', '--yes');
    assert.equal(confirmed.code, 0, confirmed.err);
    assert.match(confirmed.out, /sync finished: .*1 accepted/);
    assert.equal(await h.quantity('SKU-TEA-001', 'PP1'), stockBefore - 1, 'taken once, when asked');
  });
});
