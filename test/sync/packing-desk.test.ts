/**
 * Parcel-count rules and the packing desk, end to end: sync runs on a real worker against the sandbox over
 * HTTP, the CLI in-process. What counts is what Kaspi received (ASSEMBLE requests and their numberOfSpace in
 * the sandbox's request log), the rows, and the waybill PDF's pages.
 */
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import type { SyncSettings } from '../../domain/sync-settings.js';
import { claimToSend } from '../../activities/database/assemble-claim.js';
import { kaspiSync, operatorEnv } from '../client/cli-runner.js';

describe('parcel rules and the packing desk', function () {
  this.timeout(180_000);
  let h: SyncHarness;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    h = await createSyncHarness({
      inventory: {
        products: [
          { sku: 'SKU-A', model: 'A', stock: { PP1: 100 } },
          { sku: 'SKU-B', model: 'B', stock: { PP1: 100 } },
          { sku: 'SOFA', model: 'Sofa in three boxes', parcels: 3, stock: { PP1: 10 } },
          { sku: 'CABLE', model: 'Cable, per metre', stock: { PP1: 10 } },
        ],
      },
    });
    env = operatorEnv(h, { KASPI_API_URL: h.sandbox.ordersUrl, KASPI_AUTH_TOKEN: h.sandbox.token });
  });
  after(() => h?.close());

  const assembles = (code: string) => h.sandbox.requests().filter((r) => r.method === 'POST' && r.action === 'ASSEMBLE' && r.orderCode === code);
  const sentPlaces = (code: string) => assembles(code).map((r) => (r.body as { data: { attributes: { numberOfSpace: string } } }).data.attributes.numberOfSpace);
  async function syncAndFinish(code: string, settings: Partial<SyncSettings>) {
    await h.runSync({ settings });
    return h.client.workflow.getHandle(orderWorkflowId(code)).result();
  }

  it('per-unit: one parcel per unit sold, and a sofa in its own three boxes (ASSEMBLE with numberOfSpace 5)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 2 }, { sku: 'SOFA', quantity: 1 }] });
    const result = await syncAndFinish(order.code, { parcelRule: 'per-unit' });
    assert.equal(result.assembled, true);
    assert.deepEqual(sentPlaces(order.code), ['5']);
    assert.equal((await h.order(order.code))?.numberOfSpace, 5);
  });

  it('per-sku with 2.5 m of cable: 3 m leave stock, the order is accepted, and the cable is one parcel (numberOfSpace 2)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-B', quantity: 3 }, { sku: 'CABLE', quantity: 2.5, unitType: 'METERED', unitPrice: 400 }] });
    const result = await syncAndFinish(order.code, { parcelRule: 'per-sku' });
    assert.equal(result.outcome, 'ACCEPTED');
    assert.deepEqual(sentPlaces(order.code), ['2']);
    assert.equal(await h.quantity('CABLE', 'PP1'), 7);
    const cable = (await h.order(order.code))?.lines.find((l) => l.productCode === 'CABLE');
    assert.deepEqual([cable?.quantity, cable?.unitType, Number(cable?.price)], [3, 'METERED', 1000]);
  });

  it('manual: accepted but never assembled by kaspi-sync; `order assemble --places 2` sends one ASSEMBLE and the next run stores a two-page waybill', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const result = await syncAndFinish(order.code, { parcelRule: 'manual' });
    assert.deepEqual([result.outcome, result.assembled], ['ACCEPTED', false]);
    await h.runSync({ settings: { parcelRule: 'manual' } });
    assert.equal(assembles(order.code).length, 0, 'neither the order workflow nor the waybill step assembled it');
    assert.match((await h.order(order.code))?.deskAssemblyReason ?? '', /parcel rule "manual"/);

    const shown = await kaspiSync(env, 'order', 'show', order.code);
    assert.match(shown.out, new RegExp(`assembly: parcel rule "manual".*order assemble ${order.code} --places N`));
    const assembled = await kaspiSync(env, 'order', 'assemble', order.code, '--places', '2');
    assert.equal(assembled.code, 0, assembled.err);
    assert.deepEqual(sentPlaces(order.code), ['2']);
    const again = await kaspiSync(env, 'order', 'assemble', order.code, '--places', '2');
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /assembled already.*no second ASSEMBLE/);
    assert.equal(assembles(order.code).length, 1, 'asking twice sends one ASSEMBLE');

    const summary = await h.runSync({ settings: { parcelRule: 'manual' } });
    assert.ok(summary.waybillsStored >= 1);
    const row = await h.order(order.code);
    assert.equal(row?.numberOfSpace, 2);
    const pdf = await PDFDocument.load(new Uint8Array((await h.db.waybillDocument.findUniqueOrThrow({ where: { orderId: row!.orderId } })).pdf));
    assert.equal(pdf.getPageCount(), 2, 'one label per parcel');
  });

  it('an order accepted in the Kaspi cabinet has its stock taken but is never assembled by kaspi-sync', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', status: 'ACCEPTED_BY_MERCHANT', lines: [{ sku: 'SKU-B', quantity: 1 }] });
    const before = await h.quantity('SKU-B', 'PP1');
    const result = await syncAndFinish(order.code, { parcelRule: 'per-unit' });
    assert.equal(result.assembled, false);
    await h.runSync({ settings: { parcelRule: 'per-unit' } });
    assert.equal(assembles(order.code).length, 0, 'neither the order workflow nor the waybill step assembled it');
    assert.equal(await h.quantity('SKU-B', 'PP1'), before - 1);
    const row = await h.order(order.code);
    assert.deepEqual([row?.syncState, row?.assembled], ['ACCEPTED', false]);
    assert.match(row?.deskAssemblyReason ?? '', /accepted outside kaspi-sync/);
  });

  it('`order assemble` sends nothing while another step holds the ASSEMBLE claim, and says who holds it (exit 1)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await syncAndFinish(order.code, { parcelRule: 'manual' });
    await claimToSend(h.db, order.id, 'kaspi-sync-run-x/9', 5 * 60_000);
    const refused = await kaspiSync(env, 'order', 'assemble', order.code, '--places', '1');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /being assembled by kaspi-sync-run-x\/9/);
    assert.equal(assembles(order.code).length, 0);
    const usage = await kaspiSync(env, 'order', 'assemble', order.code, '--places', '0');
    assert.equal(usage.code, 2);
  });

  it('`order assemble` sends nothing while an ASSEMBLE kaspi-sync sent moments ago is not shown by Kaspi yet (exit 1)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await syncAndFinish(order.code, { parcelRule: 'manual' });
    // A sender's request was lost a minute ago and it handed the claim back; its ASSEMBLE may still arrive.
    await h.db.kaspiOrder.update({ where: { orderId: order.id }, data: { assembleSentAt: new Date(Date.now() - 60_000) } });
    const refused = await kaspiSync(env, 'order', 'assemble', order.code, '--places', '1');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /does not show it yet; it may still arrive/);
    assert.equal(assembles(order.code).length, 0);
    assert.equal((await h.order(order.code))?.assembleClaimedBy, null, 'the desk did not keep a claim it does not use');
    // Past the window the ASSEMBLE evidently never arrived: the desk sends it, once.
    await h.db.kaspiOrder.update({ where: { orderId: order.id }, data: { assembleSentAt: new Date(Date.now() - 6 * 60_000) } });
    const sent = await kaspiSync(env, 'order', 'assemble', order.code, '--places', '1');
    assert.equal(sent.code, 0, sent.err);
    assert.equal(assembles(order.code).length, 1);
  });
});
