import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';

describe('a first sync run on a real Temporal server, PostgreSQL and the Kaspi sandbox', function () {
  this.timeout(120_000);
  let h: SyncHarness;

  before(async () => {
    h = await createSyncHarness({
      inventory: {
        products: [
          { sku: 'SKU-TEA-001', model: 'Tea', brand: 'Example', price: 2990, stock: { PP1: 10, PP15: 4 } },
          { sku: 'SKU-MUG-002', model: 'Mug', brand: 'Example', price: 1500, stock: { PP1: 5 } },
        ],
      },
    });
  });
  after(() => h?.close());

  it('accepts new orders of every delivery mode, takes their stock from the right warehouse and stores the waybill', async () => {
    const delivery = h.sandbox.createOrder({
      warehouse: 'PP1',
      isKaspiDelivery: true,
      deliveryMode: 'DELIVERY_LOCAL',
      lines: [{ sku: 'SKU-TEA-001', quantity: 2, unitPrice: 2990 }, { sku: 'SKU-MUG-002', quantity: 1, unitPrice: 1500 }],
    });
    const pickup = h.sandbox.createOrder({
      warehouse: 'PP15',
      isKaspiDelivery: false,
      deliveryMode: 'DELIVERY_PICKUP',
      lines: [{ sku: 'SKU-TEA-001', quantity: 3, unitPrice: 2990 }],
    });

    const summary = await h.runSync();

    assert.equal(summary.newOrdersSeen, 2);
    assert.equal(summary.accepted, 2);
    assert.equal(summary.waybillsStored, 1);
    assert.deepEqual(summary.errors, []);
    assert.equal(await h.quantity('SKU-TEA-001', 'PP1'), 8);
    assert.equal(await h.quantity('SKU-MUG-002', 'PP1'), 4);
    assert.equal(await h.quantity('SKU-TEA-001', 'PP15'), 1, 'PP15 parsed whole, not as "P15"');
    assert.equal(await h.ledgerTotal('SKU-TEA-001', 'PP1'), 8, 'ledger agrees with stock_inventory');

    const deliveryRow = await h.order(delivery.code);
    assert.equal(deliveryRow?.syncState, 'ACCEPTED');
    assert.equal(deliveryRow?.stockName, 'PP1');
    assert.equal(deliveryRow?.assembled, true);
    assert.match(deliveryRow?.waybillUrl ?? '', /\/shop\/api\/waybill\//);
    assert.equal(deliveryRow?.invoiceGenerated, true);
    const document = await h.db.waybillDocument.findUnique({ where: { orderId: deliveryRow!.orderId } });
    assert.ok(document && Buffer.from(document.pdf).subarray(0, 4).toString() === '%PDF', 'the PDF stored in waybill_documents');
    assert.deepEqual(deliveryRow?.lines.map((l) => [l.productCode, l.quantity]).sort(), [['SKU-MUG-002', 1], ['SKU-TEA-001', 2]]);
    assert.ok(deliveryRow?.lines.every((l) => l.waybill === deliveryRow.waybillUrl));
    assert.equal((await h.order(pickup.code))?.stockName, 'PP15');

    assert.equal(h.sandbox.actionCount(delivery.code, 'ACCEPTED_BY_MERCHANT'), 1);
    assert.equal(h.sandbox.actionCount(delivery.code, 'ASSEMBLE'), 1);
    assert.equal(h.sandbox.actionCount(pickup.code, 'ACCEPTED_BY_MERCHANT'), 1);
    assert.equal(h.sandbox.actionCount(pickup.code, 'ASSEMBLE'), 0);
    assert.equal(h.sandbox.order(delivery.code)?.status, 'ACCEPTED_BY_MERCHANT');

    const events = await h.db.logEvent.findMany({ where: { message: 'order accepted' } });
    assert.equal(events.length, 2);
  });
});
