/**
 * The price list publishes exactly what the ledger leaves for new orders, through real orders on the
 * sandbox, a real worker and PostgreSQL: reservations take units out of the feed, cancellations and returns
 * put them back only once the goods are sellable again.
 */
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { publishPriceList, type PriceListDependencies } from '../../activities/price-list-activities.js';
import { latestPublishedVersion } from '../../activities/database/price-list-versions.js';
import { FEED_SETTINGS, stockCounts } from './support.js';

const SAFETY = 1;

describe('the price list follows the ledger that reserves orders', function () {
  this.timeout(240_000);
  let h: SyncHarness;
  let deps: PriceListDependencies;

  before(async () => {
    h = await createSyncHarness({
      inventory: {
        products: [
          { sku: 'SKU-A', model: 'Green tea', brand: 'Tea House', price: 2990, stock: { PP1: 10, PP2: 5 } },
          { sku: 'SKU-B', model: 'Mug', brand: 'Dastarkhan', price: 3490, stock: { PP1: 4 } },
        ],
      },
    });
    deps = { db: h.db, warehouseMapping: {}, priceList: { ...FEED_SETTINGS, safetyStock: SAFETY } };
  });
  after(() => h?.close());

  /** The ledger's sellable figure per SKU and warehouse: the stock_movements sum (= quantity), less safety stock. */
  async function ledgerSellable(): Promise<Record<string, Record<string, number>>> {
    const figures: Record<string, Record<string, number>> = {};
    for (const [sku, warehouses] of [['SKU-A', ['PP1', 'PP2']], ['SKU-B', ['PP1']]] as const) {
      figures[sku] = {};
      for (const warehouse of warehouses) {
        const ledger = await h.ledgerTotal(sku, warehouse);
        assert.equal(ledger, await h.quantity(sku, warehouse), 'ledger and stock_inventory agree');
        figures[sku][warehouse] = Math.max(0, ledger - SAFETY);
      }
    }
    return figures;
  }

  async function publishedCounts() {
    const outcome = await publishPriceList(deps);
    assert.notEqual(outcome.outcome, 'refused', JSON.stringify(outcome));
    const version = await h.db.priceListVersion.findFirst({ orderBy: { id: 'desc' } });
    return stockCounts(version!.xml);
  }

  it("publishes each SKU's stockCount per warehouse as the ledger's sellable quantity through reservations, cancellations and returns", async () => {
    assert.deepEqual(await publishedCounts(), { 'SKU-A': { PP1: 9, PP2: 4 }, 'SKU-B': { PP1: 3 } }, 'opening stock less safety stock');

    const delivered = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    const cancelled = h.sandbox.createOrder({ warehouse: 'PP2', lines: [{ sku: 'SKU-A', quantity: 3 }] });
    const lastUnits = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-B', quantity: 4 }] });
    const backInDelivery = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await h.runSync();
    const reserved = await publishedCounts();
    assert.deepEqual(reserved, { 'SKU-A': { PP1: 6, PP2: 1 }, 'SKU-B': { PP1: 0 } }, 'reservations');
    assert.deepEqual(reserved, await ledgerSellable());

    h.sandbox.buyerCancel(cancelled.code);
    await h.runSync();
    const afterCancel = await publishedCounts();
    assert.deepEqual(afterCancel['SKU-A'], { PP1: 6, PP2: 4 }, 'a cancellation before hand-over is sellable again at once');
    assert.deepEqual(afterCancel, await ledgerSellable());

    h.sandbox.handOverToCourier(backInDelivery.code);
    h.sandbox.cancelInDelivery(backInDelivery.code);
    await h.runSync();
    assert.equal(await h.returning('SKU-A', 'PP1'), 1);
    assert.deepEqual((await publishedCounts())['SKU-A'], { PP1: 6, PP2: 4 }, 'goods travelling back are not offered');
    h.sandbox.archiveCancelled(backInDelivery.code);
    await h.runSync();
    const afterArrival = await publishedCounts();
    assert.deepEqual(afterArrival['SKU-A'], { PP1: 7, PP2: 4 }, 'offered again once back');
    assert.deepEqual(afterArrival, await ledgerSellable());

    h.sandbox.handOverToCourier(delivered.code);
    h.sandbox.complete(delivered.code);
    await h.statusReadsDueNow();
    await h.runSync();
    h.sandbox.requestReturn(delivered.code);
    await h.runSync();
    assert.deepEqual((await publishedCounts())['SKU-A'], { PP1: 7, PP2: 4 }, 'a requested return is not sellable yet');
    h.sandbox.completeReturn(delivered.code);
    await h.runSync();
    const afterReturn = await publishedCounts();
    assert.deepEqual(afterReturn, { 'SKU-A': { PP1: 9, PP2: 4 }, 'SKU-B': { PP1: 0 } }, 'a completed return');
    assert.deepEqual(afterReturn, await ledgerSellable());
    assert.equal((await h.order(lastUnits.code))?.syncState, 'ACCEPTED');
  });

  it('publishes nothing new when no published figure changed (same version, same ETag)', async () => {
    const before = await latestPublishedVersion(h.db);
    const outcome = await publishPriceList(deps);
    assert.deepEqual(outcome, { outcome: 'unchanged', versionId: before!.id });
  });

  it('records each publication in log_events with its figures', async () => {
    const events = await h.db.logEvent.findMany({ where: { message: { startsWith: 'price list published' } }, orderBy: { id: 'asc' } });
    assert.ok(events.length >= 4);
    assert.match(events.at(-1)!.message, /^price list published: 2 offers, 13 units \(version \d+\)$/);
  });
});
