/**
 * A real shop's database: adopted from the old script with 20,000 historical orders. After `npm run
 * db:migrate` and one sync, a fresh cancellation is restocked by the next run, and that run stays within its
 * bound: it reads a fixed number of Kaspi lists, reads no historical order on its own, and ends well inside
 * its time budget. Real PostgreSQL, real Temporal dev server, the Kaspi sandbox over HTTP.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { createEmptyDatabase } from '../support/infrastructure.js';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';

const HISTORICAL_ORDERS = 20_000;

async function seedShapedDatabase(): Promise<string> {
  const url = await createEmptyDatabase('adopted');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(await readFile(new URL('../fixtures/seed-database.sql', import.meta.url), 'utf8'));
    // The old script's rows: one line each, written over the last 400 days (its created_at), a few cancelled.
    await client.query(`
      INSERT INTO kaspi_orders (order_id, order_code, stock_name, status, invoice_generated, is_canceled, created_at, updated_at)
      SELECT 'hist-' || n, (600000000 + n)::text, 'PP1', 'ACCEPTED_BY_MERCHANT', n % 3 = 0, n % 50 = 0,
             now() - (n * interval '30 minutes'), now() - (n * interval '30 minutes')
      FROM generate_series(1, ${HISTORICAL_ORDERS}) AS n`);
    await client.query(`
      INSERT INTO kaspi_sold_products (order_id, order_code, product_code, product_name, quantity, price, created_at, updated_at)
      SELECT 'hist-' || n, (600000000 + n)::text, 'SKU-TEA-001', 'Чай', 1, 2990, now() - (n * interval '30 minutes'), now()
      FROM generate_series(1, ${HISTORICAL_ORDERS}) AS n`);
  } finally {
    await client.end();
  }
  return url;
}

describe('a database adopted with 20,000 historical orders', function () {
  this.timeout(240_000);
  let h: SyncHarness;

  before(async () => {
    const url = await seedShapedDatabase();
    // The command a merchant runs, as its own process.
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'platform/migrate.ts'], { env: { ...process.env, DB_URL: url }, timeout: 120_000 });
    assert.match(stdout, /adopt|applied|migrat/i);
    h = await createSyncHarness({ databaseUrl: url });
  });
  after(() => h?.close());

  it('restocks a fresh cancellation in the next run, and that run stays within its bound', async () => {
    const adopted = await h.db.kaspiOrder.count({ where: { orderId: { startsWith: 'hist-' }, syncState: 'ACCEPTED' } });
    assert.ok(adopted > 19_000, `the historical orders are adopted as accepted (${adopted})`);
    const undated = await h.db.kaspiOrder.count({ where: { orderId: { startsWith: 'hist-' }, kaspiCreatedAt: null } });
    assert.equal(undated, 0, 'their creation date is back-filled from the seed\'s created_at');

    const stockBefore = await h.quantity('SKU-TEA-001', 'PP1');
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'SKU-TEA-001', quantity: 2 }] });
    const first = await h.runSync();
    assert.equal(first.health, 'OK');
    assert.equal(first.accepted, 1);
    assert.equal(await h.quantity('SKU-TEA-001', 'PP1'), stockBefore - 2);

    h.sandbox.buyerCancel(order.code);
    h.sandbox.clearRequests();
    const startedAt = Date.now();
    const second = await h.runSync();
    const seconds = (Date.now() - startedAt) / 1000;

    assert.equal(second.restocked, 1, 'the cancellation is applied');
    assert.equal(await h.quantity('SKU-TEA-001', 'PP1'), stockBefore, 'its stock is back');
    assert.equal((await h.order(order.code))?.syncState, 'RESTOCKED');
    assert.equal(second.health, 'OK');

    const requests = h.sandbox.requests();
    const singleReads = requests.filter((r) => r.method === 'GET' && /\/orders\/[^/]+$/.test(r.path));
    assert.equal(singleReads.length, 0, 'no historical order is read on its own');
    // Intake: 9 lists over 3 days, one window each (new, awaiting a signature, accepted in four buckets, completed,
    // cancelling, return requested); tracking: 5 lists over 30 days (three 14-day windows each); and the lines of
    // the one cancelled order, re-read once (a partly cancelled order restocks what Kaspi no longer shows).
    assert.ok(requests.length <= 9 + 5 * 3 + 1, `a bounded number of Kaspi requests: ${requests.length}`);
    assert.equal(second.statusReads, 0);
    // Figures, not a timed test: the bound is the run's own time budget (runTimeBudgetSeconds, 240 s by default).
    assert.ok(seconds < 240, `the run ends inside its time budget (${seconds.toFixed(1)} s)`);
    assert.equal(second.stillInFlight, 0);
  });
});
