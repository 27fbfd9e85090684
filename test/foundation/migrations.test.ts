import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { applyMigrations } from '../../platform/migrations.js';
import { createEmptyDatabase } from '../support/infrastructure.js';

const SEED_COLUMNS: Record<string, string[]> = {
  products: ['id', 'sku', 'model', 'brand', 'price', 'preorder', 'is_active', 'created_at', 'updated_at'],
  stocks: ['id', 'name', 'is_active', 'created_at', 'updated_at'],
  stock_inventory: ['id', 'product_id', 'stock_id', 'quantity', 'is_active', 'created_at', 'updated_at'],
  kaspi_orders: ['id', 'order_id', 'order_code', 'stock_name', 'status', 'invoice_generated', 'is_returned', 'is_canceled', 'is_active', 'created_at', 'updated_at'],
  kaspi_sold_products: ['id', 'order_id', 'order_code', 'product_code', 'product_name', 'quantity', 'price', 'customer_name', 'customer_phone', 'waybill', 'is_active', 'created_at', 'updated_at'],
  kaspi_canceled_orders: ['id', 'order_id', 'order_code', 'product_code', 'is_active', 'created_at', 'updated_at'],
  log_events: ['id', 'timestamp', 'level', 'message', 'extra_data'],
};

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function seedDatabase(): Promise<string> {
  const url = await createEmptyDatabase('seed');
  const ddl = await readFile(new URL('../fixtures/seed-database.sql', import.meta.url), 'utf8');
  await withClient(url, (c) => c.query(ddl));
  return url;
}

async function snapshot(url: string, table: string, columns: string[]): Promise<unknown[]> {
  return withClient(url, async (c) => (await c.query(`SELECT ${columns.map((x) => `"${x}"`).join(', ')} FROM "${table}" ORDER BY id`)).rows);
}

describe('database migrations', function () {
  this.timeout(120_000);

  it('create the seed\'s seven tables with the seed\'s column names on an empty database', async () => {
    const url = await createEmptyDatabase('empty');
    await applyMigrations(url);
    await withClient(url, async (c) => {
      for (const [table, columns] of Object.entries(SEED_COLUMNS)) {
        const found = await c.query('SELECT column_name FROM information_schema.columns WHERE table_name = $1', [table]);
        const names = found.rows.map((r) => r.column_name as string);
        for (const column of columns) assert.ok(names.includes(column), `${table}.${column} missing`);
      }
    });
  });

  it('bring a seed database with data forward keeping every row, and open the ledger at the existing stock', async () => {
    const url = await seedDatabase();
    const before: Record<string, unknown[]> = {};
    for (const [table, columns] of Object.entries(SEED_COLUMNS)) before[table] = await snapshot(url, table, columns);

    await applyMigrations(url);

    for (const [table, columns] of Object.entries(SEED_COLUMNS)) {
      if (table === 'kaspi_canceled_orders') continue;
      assert.deepEqual(await snapshot(url, table, columns), before[table], `${table} rows changed`);
    }
    await withClient(url, async (c) => {
      const ledger = await c.query(`
        SELECT i.id, i.quantity, coalesce(sum(m.quantity_delta), 0)::int AS ledger
          FROM stock_inventory i LEFT JOIN stock_movements m ON m.product_id = i.product_id AND m.stock_id = i.stock_id
         GROUP BY i.id, i.quantity ORDER BY i.id`);
      assert.deepEqual(ledger.rows.map((r) => [r.quantity, r.ledger]), [[12, 12], [3, 3], [7, 7]]);
      const states = await c.query('SELECT order_code, sync_state FROM kaspi_orders ORDER BY id');
      assert.deepEqual(states.rows, [
        { order_code: '712345678', sync_state: 'ACCEPTED' },
        { order_code: '555000111', sync_state: 'CANCELLED' },
      ]);
    });
    // Applying again is a no-op.
    assert.match(await applyMigrations(url), /No pending migrations/);
  });

  it('move duplicate seed cancellation records into quarantine instead of dropping them', async () => {
    const url = await seedDatabase();
    await applyMigrations(url);
    await withClient(url, async (c) => {
      const kept = await c.query('SELECT id FROM kaspi_canceled_orders ORDER BY id');
      assert.deepEqual(kept.rows.map((r) => r.id), [1]);
      const quarantined = await c.query(`SELECT source_id, "row"->>'order_code' AS code FROM adoption_quarantine ORDER BY source_id`);
      assert.deepEqual(quarantined.rows, [{ source_id: 2, code: '555000111' }, { source_id: 3, code: '555000111' }]);
    });
  });

  it('stop with a report naming the rows when two warehouses share a name, changing nothing', async () => {
    const url = await seedDatabase();
    await withClient(url, (c) => c.query(`INSERT INTO stocks (name) VALUES ('PP1')`));
    await assert.rejects(applyMigrations(url), /duplicate warehouse names.*stocks\.name 'PP1' is used by ids 1,3/s);
    await withClient(url, async (c) => {
      const columns = await c.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'kaspi_orders' AND column_name = 'sync_state'`);
      assert.equal(columns.rowCount, 0, 'the failed migration must not leave half its changes');
      assert.equal((await c.query('SELECT count(*)::int AS n FROM stocks')).rows[0].n, 3);
    });
  });

  it('stop with a report when a product has two inventory rows at one warehouse', async () => {
    const url = await seedDatabase();
    await withClient(url, (c) => c.query('INSERT INTO stock_inventory (product_id, stock_id, quantity) VALUES (1, 1, 5)'));
    await assert.rejects(applyMigrations(url), /several stock_inventory rows.*product_id 1 \/ stock_id 1 in rows 1,4/s);
  });
});
