/** When a new price list may replace the published one (domain/price-list-guardrails.ts), and what it would change (domain/price-list-diff.ts). */
import assert from 'node:assert/strict';
import { judgePriceList } from '../../domain/price-list-guardrails.js';
import { diffPriceLists } from '../../domain/price-list-diff.js';

const published = { offerCount: 100, totalStock: 1000 };

describe('price-list guardrails', () => {
  it('never publishes an empty price list, even when a drop is accepted', () => {
    const verdict = judgePriceList({ candidate: { offerCount: 0, totalStock: 0 }, unitsSoldSince: 0, maxDropShare: 0.3, acceptDrop: true });
    assert.deepEqual(verdict.publish ? 'published' : verdict.rule, 'empty');
  });

  it('refuses a price list that lost more than the allowed share of offers', () => {
    const verdict = judgePriceList({ candidate: { offerCount: 60, totalStock: 1000 }, published, unitsSoldSince: 0, maxDropShare: 0.3 });
    assert.equal(verdict.publish, false);
    assert.equal(!verdict.publish && verdict.reason, 'offers would drop from 100 to 60 (−40 %, more than the allowed 30 %)');
  });

  it('publishes a loss of offers within the allowed share', () => {
    assert.equal(judgePriceList({ candidate: { offerCount: 75, totalStock: 1000 }, published, unitsSoldSince: 0, maxDropShare: 0.3 }).publish, true);
  });

  it('refuses a collapse of stock that orders do not explain', () => {
    const verdict = judgePriceList({ candidate: { offerCount: 100, totalStock: 500 }, published, unitsSoldSince: 100, maxDropShare: 0.3 });
    assert.equal(!verdict.publish && verdict.rule, 'stock-dropped');
    assert.match(!verdict.publish ? verdict.reason : '', /from 1000 to 500 units, 400 of them not explained by orders/);
  });

  it('publishes a small shop selling its last units at once: sold units are an expected drop', () => {
    const verdict = judgePriceList({ candidate: { offerCount: 2, totalStock: 1 }, published: { offerCount: 2, totalStock: 5 }, unitsSoldSince: 4, maxDropShare: 0.3 });
    assert.equal(verdict.publish, true);
  });

  it('publishes a drop an operator accepted', () => {
    assert.equal(judgePriceList({ candidate: { offerCount: 10, totalStock: 10 }, published, unitsSoldSince: 0, maxDropShare: 0.3, acceptDrop: true }).publish, true);
  });
});

describe('price-list diff', () => {
  it('lists offers added and removed, price changes, and stock up or down per warehouse', () => {
    const diff = diffPriceLists(
      { A: { price: 100, stores: { PP1: 5, PP2: 1 } }, B: { price: 50, stores: { PP1: 2 } } },
      { A: { price: 120, stores: { PP1: 3, PP2: 4 } }, C: { price: 10, stores: { PP2: 7 } } },
    );
    assert.deepEqual(diff.added, ['C']);
    assert.deepEqual(diff.removed, ['B']);
    assert.deepEqual(diff.priceChanges, [{ sku: 'A', from: 100, to: 120 }]);
    assert.deepEqual(diff.byWarehouse, [
      { storeId: 'PP1', unitsUp: 0, unitsDown: 4, offersUp: 0, offersDown: 2 },
      { storeId: 'PP2', unitsUp: 10, unitsDown: 0, offersUp: 2, offersDown: 0 },
    ]);
  });

  it('before a first publish, everything is added', () => {
    const diff = diffPriceLists(undefined, { A: { price: 1, stores: { PP1: 2 } } });
    assert.deepEqual([diff.added, diff.removed, diff.byWarehouse], [['A'], [], [{ storeId: 'PP1', unitsUp: 2, unitsDown: 0, offersUp: 1, offersDown: 0 }]]);
  });
});
