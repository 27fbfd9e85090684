/** `feed diff` and `feed write` as an operator runs them, on a real database. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMigratedDatabase } from '../support/infrastructure.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { validatePriceListXml } from '../../price-list/validate-xml.js';
import { kaspiSync } from '../client/cli-runner.js';
import type { Database } from '../../platform/prisma-client.js';
import { stockCounts } from './support.js';

describe('feed diff and feed write', function () {
  this.timeout(120_000);
  let db: Database;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  before(async () => {
    const database = await createMigratedDatabase('feed_cli');
    db = database.db;
    env = {
      DB_URL: database.url,
      KASPI_COMPANY: 'Demo shop',
      KASPI_MERCHANT_ID: '30123456',
      FEED_SAFETY_STOCK: '1',
      KASPI_WAREHOUSE_MAP: JSON.stringify({ '30123456_PP7': 'Almaty' }),
    };
    await loadInventory(db, {
      products: [
        { sku: 'SKU-TEA', model: 'Tea', brand: 'Tea House', price: 2990, stock: { Almaty: 10, PP2: 3 } },
        { sku: 'SKU-MUG', model: 'Mug', brand: 'Dastarkhan', price: 3490, stock: { Almaty: 1 } },
        { sku: 'TOO-LONG-SKU-FOR-KASPI-1', model: 'Vase', brand: 'Steppe', price: 100, stock: { Almaty: 5 } },
        { sku: 'SKU-NOBRAND', model: 'Bowl', price: 100, stock: { Almaty: 5 } },
      ],
    });
    dir = await mkdtemp(path.join(os.tmpdir(), 'kaspi-sync-feed-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('feed diff before a first publish lists every offer as added, stock per Kaspi warehouse, and what is left out and why', async () => {
    const run = await kaspiSync(env, 'feed', 'diff');
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split('\n');
    assert.ok(lines.includes('price list now: 2 offers, 11 units'), run.out);
    assert.ok(lines.includes('published: nothing yet (first publish)'));
    assert.ok(lines.includes('offers added: 2 (SKU-MUG, SKU-TEA)'));
    assert.ok(lines.includes('  PP2: +2 units on 1 offers, −0 units on 0 offers'));
    assert.ok(lines.includes('  PP7: +9 units on 1 offers, −0 units on 0 offers'), 'the warehouse under its Kaspi name');
    assert.ok(lines.includes('  SKU-NOBRAND: no brand'));
    assert.ok(lines.includes('  TOO-LONG-SKU-FOR-KASPI-1: SKU longer than 20 characters (24)'));
    assert.ok(lines.includes('would publish: yes'));
    assert.equal(await db.priceListVersion.count(), 0, 'diff publishes nothing');
  });

  it('feed write --out writes a valid file once, with the same figures', async () => {
    const file = path.join(dir, 'kaspi.xml');
    const run = await kaspiSync(env, 'feed', 'write', '--out', file);
    assert.equal(run.code, 0, run.err);
    assert.ok(run.out.includes(`written: ${file}`));
    const xml = await readFile(file, 'utf8');
    assert.deepEqual(stockCounts(xml), { 'SKU-MUG': { PP7: 0 }, 'SKU-TEA': { PP2: 2, PP7: 9 } });
    assert.match(xml, /<company>Demo shop<\/company>\s*<merchantid>30123456<\/merchantid>/);
    assert.equal((await validatePriceListXml(xml)).valid, true);
  });

  it('feed diff after a publish shows stock going down per warehouse', async () => {
    assert.equal((await kaspiSync(env, 'feed', 'publish')).code, 0);
    const leftOut = await db.logEvent.findFirst({ where: { message: { startsWith: 'price list leaves out' } } });
    assert.equal(leftOut?.message, 'price list leaves out 2 products or warehouses', 'log_events lists what is left out, and why');
    assert.deepEqual((leftOut?.extraData as { leftOut: unknown[] }).leftOut, [
      { sku: 'SKU-NOBRAND', reason: 'no brand' },
      { sku: 'TOO-LONG-SKU-FOR-KASPI-1', reason: 'SKU longer than 20 characters (24)' },
    ]);
    await db.$executeRaw`UPDATE stock_inventory SET quantity = 6 WHERE quantity = 10`;
    const run = await kaspiSync(env, 'feed', 'diff');
    assert.ok(run.out.includes('  PP7: +0 units on 0 offers, −4 units on 1 offers'), run.out);
    assert.ok(run.out.includes('  SKU-TEA @ PP7: 9 → 5'));
  });

  it('feed write refuses to write an empty price list', async () => {
    const run = await kaspiSync({ ...env, FEED_SKU_ALLOW_LIST: 'NOT-A-PRODUCT' }, 'feed', 'write', '--out', path.join(dir, 'empty.xml'));
    assert.equal(run.code, 1);
    assert.match(run.err, /not written: the price list would have no offers/);
  });

  it('feed commands without a configured shop fail with a configuration error', async () => {
    const run = await kaspiSync({ DB_URL: env.DB_URL }, 'feed', 'diff');
    assert.equal(run.code, 3);
    assert.match(run.err, /KASPI_COMPANY and KASPI_MERCHANT_ID/);
  });
});
