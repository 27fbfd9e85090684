/**
 * The guardrails on real parts: a price list that would lose too many offers, too much stock, or everything
 * is refused, the previous file stays served byte for byte, and log_events says why.
 */
import assert from 'node:assert/strict';
import { createMigratedDatabase } from '../support/infrastructure.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { publishPriceList, type PriceListDependencies } from '../../activities/price-list-activities.js';
import { startFeedServer, type FeedServer } from '../../price-list/feed-server.js';
import type { Database } from '../../platform/prisma-client.js';
import { FEED_SETTINGS } from './support.js';

const SKUS = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5'];

describe('a price list that would drop too much is refused and the previous one stays served', function () {
  this.timeout(120_000);
  let db: Database;
  let deps: PriceListDependencies;
  let server: FeedServer;

  before(async () => {
    ({ db } = await createMigratedDatabase('feed_guard'));
    await loadInventory(db, { products: SKUS.map((sku) => ({ sku, model: `Model ${sku}`, brand: 'Brand', price: 1000, stock: { PP1: 20 } })) });
    deps = { db, warehouseMapping: {}, priceList: FEED_SETTINGS };
    server = await startFeedServer(db, { host: '127.0.0.1', port: 0, path: '/guard-token-0123456789/kaspi.xml' });
    assert.equal((await publishPriceList(deps)).outcome, 'published');
  });
  after(() => server?.close());

  async function served(): Promise<{ etag: string | null; body: string }> {
    const response = await fetch(server.url);
    assert.equal(response.status, 200);
    return { etag: response.headers.get('etag'), body: await response.text() };
  }

  async function lastPriceListEvent() {
    return db.logEvent.findFirst({ where: { message: { startsWith: 'price list ' } }, orderBy: { id: 'desc' } });
  }

  it('refuses losing more than the allowed share of offers, keeps serving the last good file and says why in log_events', async () => {
    const before = await served();
    await db.product.updateMany({ where: { sku: { in: ['SKU-1', 'SKU-2'] } }, data: { isActive: false } });

    const outcome = await publishPriceList(deps);
    assert.equal(outcome.outcome, 'refused');
    assert.deepEqual(await served(), before, 'the same file, the same ETag');
    const event = await lastPriceListEvent();
    assert.equal(event?.level, 'WARNING');
    assert.match(event!.message, /^price list refused: offers would drop from 5 to 3 \(−40 %, more than the allowed 30 %\); still serving version \d+ of /);
    assert.deepEqual((event!.extraData as { leftOut: unknown[] }).leftOut, [
      { sku: 'SKU-1', reason: 'product is inactive' },
      { sku: 'SKU-2', reason: 'product is inactive' },
    ]);

    assert.equal((await publishPriceList(deps)).outcome, 'refused');
    assert.equal(await db.logEvent.count({ where: { message: event!.message } }), 1, 'the same refusal is said once');
  });

  it('publishes the drop once an operator accepts it', async () => {
    const outcome = await publishPriceList(deps, { acceptDrop: true });
    assert.equal(outcome.outcome, 'published');
    assert.doesNotMatch((await served()).body, /SKU-1/);
  });

  it('refuses stock that vanished without orders (a bad inventory load)', async () => {
    const before = await served();
    await loadInventory(db, { products: ['SKU-3', 'SKU-4', 'SKU-5'].map((sku) => ({ sku, model: `Model ${sku}`, stock: { PP1: 2 } })) });
    const outcome = await publishPriceList(deps);
    assert.deepEqual(outcome.outcome === 'refused' && outcome.rule, 'stock-dropped');
    assert.deepEqual(await served(), before);
    assert.match((await lastPriceListEvent())!.message, /total stock would drop from 60 to 6 units, 54 of them not explained by orders/);
  });

  it('never publishes an empty price list, even when told to accept a drop', async () => {
    const before = await served();
    await db.product.updateMany({ data: { isActive: false } });
    const outcome = await publishPriceList(deps, { acceptDrop: true });
    assert.deepEqual(outcome.outcome === 'refused' && outcome.rule, 'empty');
    assert.deepEqual(await served(), before);
    assert.match((await lastPriceListEvent())!.message, /^price list refused: the price list would have no offers/);
  });

  it('keeps only the newest FEED_KEEP_VERSIONS versions, never the served one', async () => {
    await db.product.updateMany({ data: { isActive: true } });
    const keeping = { ...deps, priceList: { ...FEED_SETTINGS, keepVersions: 2 } };
    for (const quantity of [20, 19, 18]) {
      await db.stockInventory.updateMany({ data: { quantity } });
      assert.equal((await publishPriceList(keeping, { acceptDrop: true })).outcome, 'published');
    }
    const kept = await db.priceListVersion.findMany({ orderBy: { id: 'asc' }, select: { totalStock: true } });
    assert.deepEqual(kept.map((v) => v.totalStock), [95, 90]);
    assert.match((await served()).body, /stockCount="18"/);
  });
});
