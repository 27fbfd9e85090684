import assert from 'node:assert/strict';
import { startSandboxWithClient, type SandboxWithClient } from './sandbox-client.js';

describe('KaspiClient order reads against the sandbox', () => {
  let ctx: SandboxWithClient;
  afterEach(() => ctx.sandbox.close());

  describe('with absolute links', () => {
    beforeEach(async () => {
      ctx = await startSandboxWithClient();
    });

    it('gets one order by id and by code, and null for unknown ones', async () => {
      const order = ctx.sandbox.createOrder({ warehouse: 'PP2', lines: [{ sku: 'SKU-A', quantity: 2 }], isKaspiDelivery: false });
      const byId = await ctx.client.getOrder(order.id);
      const byCode = await ctx.client.getOrderByCode(order.code);
      assert.equal(byId?.code, order.code);
      assert.deepEqual(byCode, byId);
      assert.equal(byId?.kaspiDelivery, null);
      assert.equal(byId?.deliveryMode, 'DELIVERY_PICKUP');
      assert.equal(await ctx.client.getOrder('OTk5OTk5OTk5'), null);
      assert.equal(await ctx.client.getOrderByCode('999999999'), null);
    });

    it('reads entries with offer code as SKU, quantities, prices and the point of service', async () => {
      const order = ctx.sandbox.createOrder({
        warehouse: 'PP15',
        lines: [
          { sku: 'SKU-TEA-001', quantity: 2, unitPrice: 2990, name: 'Чай' },
          { sku: 'SKU-MUG-017', quantity: 1, unitPrice: 10000 },
        ],
      });
      const entries = await ctx.client.getOrderEntries(order.id, order.code);
      assert.deepEqual(
        entries.map((e) => [e.entryNumber, e.sku, e.quantity, e.basePrice, e.totalPrice]),
        [
          [0, 'SKU-TEA-001', 2, 2990, 5980],
          [1, 'SKU-MUG-017', 1, 10000, 10000],
        ],
      );
      assert.equal(entries[0].name, 'Чай');
      assert.equal(Buffer.from(entries[0].pointOfServiceId!, 'base64').toString(), '30123456_PP15');
      assert.equal(Buffer.from(entries[1].id, 'base64').toString(), `${order.code}##1`);
    });

    it('falls back to the merchant product code when an entry has no offer, and to null when Kaspi has none', async () => {
      const order = ctx.sandbox.createOrder({
        warehouse: 'PP1',
        lines: [
          { sku: 'SKU-OLD-9', quantity: 1, hideOffer: true },
          { sku: null, quantity: 1 },
        ],
      });
      const entries = await ctx.client.getOrderEntries(order.id, order.code);
      assert.deepEqual(entries.map((e) => e.sku), ['SKU-OLD-9', null]);
      const lookups = ctx.sandbox.requests().map((r) => r.path.replace(/\/[^/]+(\/(product|merchantProduct))$/, '/{id}$1'));
      assert.ok(lookups.includes('/shop/api/v2/orderentries/{id}/product'));
      assert.ok(lookups.includes('/shop/api/v2/masterproducts/{id}/merchantProduct'));
    });

    it('URL-encodes ids containing =, + and /', async () => {
      const order = ctx.sandbox.createOrder({ id: 'ab+c/d==', warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
      assert.equal((await ctx.client.getOrder(order.id))?.code, order.code);
      assert.equal((await ctx.client.getOrderEntries(order.id)).length, 1);
      await ctx.client.acceptOrder(order);
      const paths = ctx.sandbox.requests().map((r) => r.path);
      assert.ok(paths.includes('/shop/api/v2/orders/ab%2Bc%2Fd%3D%3D'), paths.join(' '));
      assert.ok(paths.includes('/shop/api/v2/orders/ab%2Bc%2Fd%3D%3D/entries'));
      assert.equal(ctx.sandbox.order(order.code)?.status, 'ACCEPTED_BY_MERCHANT');
    });

    it('reads the customer separately, with the phone normalised to +7', async () => {
      const order = ctx.sandbox.createOrder({
        warehouse: 'PP1',
        lines: [{ sku: 'SKU-A', quantity: 1 }],
        customer: { firstName: 'Данияр', lastName: 'Ахметов', cellPhone: '7057654321' },
      });
      assert.deepEqual(await ctx.client.getOrderCustomer(order.id), { name: 'Данияр Ахметов', phone: '+77057654321' });
    });
  });

  it('follows relative links (old documentation style) when resolving the merchant product', async () => {
    ctx = await startSandboxWithClient({ relativeLinks: true });
    const order = ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-REL', quantity: 1, hideOffer: true }] });
    const [entry] = await ctx.client.getOrderEntries(order.id, order.code);
    assert.equal(entry.sku, 'SKU-REL');
  });
});
