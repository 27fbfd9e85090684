/**
 * Which products the price list offers and with how many units (domain/price-list-offers.ts), and under
 * which Kaspi warehouse names (domain/kaspi-store-ids.ts). Expected figures are written out, not computed.
 */
import assert from 'node:assert/strict';
import { buildPriceList, type ProductFacts } from '../../domain/price-list-offers.js';
import { kaspiStoreIds } from '../../domain/kaspi-store-ids.js';

const rules = { company: 'Shop', merchantId: '30123456', safetyStock: 0 };
const product = (sku: string | null, stock: Record<string, number>, more: Partial<ProductFacts> = {}): ProductFacts => ({
  sku, model: `Model ${sku}`, brand: 'Brand', price: 1000, preorder: 0, isActive: true, safetyStock: null,
  stock: Object.entries(stock).map(([warehouse, quantity]) => ({ warehouse, quantity, sellable: true })),
  ...more,
});
const storeIds = (names: string[], map = {}) => kaspiStoreIds(names, map);
const counts = (built: ReturnType<typeof buildPriceList>) =>
  Object.fromEntries(built.document.offers.map((o) => [o.sku, Object.fromEntries(o.availabilities.map((a) => [a.storeId, a.stockCount]))]));

describe('the price list offers what the ledger leaves for new orders', () => {
  it('publishes quantity less the global safety stock, never below 0', () => {
    const built = buildPriceList([product('A', { PP1: 10, PP2: 1 })], storeIds(['PP1', 'PP2']), { ...rules, safetyStock: 2 });
    assert.deepEqual(counts(built), { A: { PP1: 8, PP2: 0 } });
  });

  it("uses a product's own safety stock over the global one (0 included)", () => {
    const built = buildPriceList(
      [product('A', { PP1: 10 }, { safetyStock: 5 }), product('B', { PP1: 10 }, { safetyStock: 0 }), product('C', { PP1: 10 })],
      storeIds(['PP1']),
      { ...rules, safetyStock: 2 },
    );
    assert.deepEqual(counts(built), { A: { PP1: 5 }, B: { PP1: 10 }, C: { PP1: 8 } });
  });

  it('publishes an inactive warehouse or inventory row as 0 rather than leaving Kaspi its old figure', () => {
    const facts = product('A', { PP1: 10 });
    facts.stock.push({ warehouse: 'PP2', quantity: 7, sellable: false });
    assert.deepEqual(counts(buildPriceList([facts], storeIds(['PP1', 'PP2']), rules)), { A: { PP1: 10, PP2: 0 } });
  });

  it('leaves out products Kaspi would reject, each with its reason, and keeps the rest', () => {
    const built = buildPriceList([
      product('GOOD-1', { PP1: 3 }),
      product('THIS-SKU-IS-FAR-TOO-LONG', { PP1: 3 }),
      product('BAD SKU', { PP1: 3 }),
      product(null, { PP1: 3 }),
      product('NO-BRAND', { PP1: 3 }, { brand: ' ' }),
      product('NO-PRICE', { PP1: 3 }, { price: 0 }),
      product('NO-MODEL', { PP1: 3 }, { model: '' }),
      product('CTRL-CHAR', { PP1: 3 }, { model: 'bell\u0007' }),
      product('LONG-PRE', { PP1: 3 }, { preorder: 45 }),
      product('OFF', { PP1: 3 }, { isActive: false }),
      product('NOWHERE', {}),
    ], storeIds(['PP1']), rules);
    assert.deepEqual(built.document.offers.map((o) => o.sku), ['GOOD-1']);
    assert.deepEqual(built.leftOut, [
      { sku: null, reason: 'no SKU' },
      { sku: 'BAD SKU', reason: 'SKU has characters Kaspi rejects (only letters, digits, "_" and "-")' },
      { sku: 'CTRL-CHAR', reason: 'model has characters XML cannot carry' },
      { sku: 'LONG-PRE', reason: 'pre-order of 45 days (Kaspi allows 1–30)' },
      { sku: 'NO-BRAND', reason: 'no brand' },
      { sku: 'NO-MODEL', reason: 'no model' },
      { sku: 'NO-PRICE', reason: 'no price' },
      { sku: 'NOWHERE', reason: 'no stock row at a warehouse with a Kaspi name' },
      { sku: 'OFF', reason: 'product is inactive' },
      { sku: 'THIS-SKU-IS-FAR-TOO-LONG', reason: 'SKU longer than 20 characters (24)' },
    ]);
  });

  it('publishes only allow-listed SKUs when an allow-list is set, and lists the others as left out on purpose', () => {
    const built = buildPriceList([product('A', { PP1: 1 }), product('B', { PP1: 1 })], storeIds(['PP1']), { ...rules, allowList: ['B'] });
    assert.deepEqual(built.document.offers.map((o) => o.sku), ['B']);
    assert.deepEqual(built.leftOut, [{ sku: 'A', reason: 'not on the allow-list (FEED_SKU_ALLOW_LIST)' }]);
  });

  it('rounds prices to whole tenge and carries the pre-order days to every warehouse', () => {
    const built = buildPriceList([product('A', { PP1: 0, PP2: 2 }, { price: 2990.4, preorder: 7 })], storeIds(['PP1', 'PP2']), rules);
    assert.equal(built.document.offers[0].price, 2990);
    assert.deepEqual(built.document.offers[0].availabilities, [{ storeId: 'PP1', stockCount: 0, preOrder: 7 }, { storeId: 'PP2', stockCount: 2, preOrder: 7 }]);
  });
});

describe('warehouses publish under the name Kaspi gives them (KASPI_WAREHOUSE_MAP, reversed)', () => {
  it('uses the warehouse name itself when the map does not mention it', () => {
    assert.deepEqual([...storeIds(['PP1', '7296'])], [['PP1', { storeId: 'PP1' }], ['7296', { storeId: '7296' }]]);
  });

  it("takes Kaspi's name from a pickupPointId key or a bare key", () => {
    const resolved = storeIds(['Almaty', 'Astana'], { '30123456_PP3': 'Almaty', Store7: 'Astana' });
    assert.deepEqual(resolved.get('Almaty'), { storeId: 'PP3' });
    assert.deepEqual(resolved.get('Astana'), { storeId: 'Store7' });
  });

  it("leaves out a warehouse whose own name is Kaspi's name of another warehouse, with the reason", () => {
    const resolved = storeIds(['PP1', 'PP2'], { '30123456_PP1': 'PP2' });
    assert.deepEqual(resolved.get('PP2'), { storeId: 'PP1' });
    assert.match((resolved.get('PP1') as { problem: string }).problem, /Kaspi's PP1 is warehouse PP2/);
    const built = buildPriceList([product('A', { PP1: 4, PP2: 6 })], resolved, rules);
    assert.deepEqual(counts(built), { A: { PP1: 6 } }, "PP2's stock under Kaspi's PP1; the merchant's PP1 is not published");
    assert.equal(built.leftOut[0].warehouse, 'PP1');
  });

  it('leaves out a warehouse the map gives two Kaspi names', () => {
    const resolved = storeIds(['PP1'], { '111_PP1': 'PP1', '111_PP9': 'PP1' });
    assert.match((resolved.get('PP1') as { problem: string }).problem, /several Kaspi names \(PP1, PP9\)/);
  });

  it('leaves out a warehouse name Kaspi cannot use', () => {
    assert.match((storeIds(['PP 1']).get('PP 1') as { problem: string }).problem, /not a warehouse name Kaspi uses/);
  });
});
