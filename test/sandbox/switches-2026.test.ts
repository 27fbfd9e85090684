/**
 * The sandbox switches for what teams report from Kaspi in 2026 (docs/kaspi-api.md §7): a second ASSEMBLE
 * issuing a new waybill, measured waybill delays, short-lived links, one label page per parcel, and the
 * 2026 guide's new fields. Plain HTTP against the sandbox, its clock frozen and moved by the test.
 */
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import { startKaspiSandbox, type KaspiSandbox, type SandboxOptions } from '../../tools/sandbox/index.js';
import { waybillDelaySource } from '../../tools/sandbox/waybill-delays.js';
import { kaspiFetch, postStatus } from './kaspi-fetch.js';

describe('sandbox switches for Kaspi as teams see it in 2026', () => {
  let sandbox: KaspiSandbox;
  let running: KaspiSandbox | undefined;
  let clock = Date.UTC(2026, 11, 2, 6, 0, 0);
  async function start(options: Partial<SandboxOptions> = {}): Promise<KaspiSandbox> {
    sandbox = await startKaspiSandbox({ waybillDelayMs: 0, now: () => clock, ...options });
    running = sandbox;
    return sandbox;
  }
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function assembledOrder(numberOfSpace: number) {
    const order = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await postStatus(sandbox, order, { status: 'ACCEPTED_BY_MERCHANT' });
    assert.equal((await postStatus(sandbox, order, { status: 'ASSEMBLE', numberOfSpace: String(numberOfSpace) })).status, 200);
    return order;
  }
  const readOrder = async (id: string) => (await kaspiFetch(sandbox, `/orders/${encodeURIComponent(id)}`)).json.data.attributes;
  const download = (link: string) => fetch(link, { headers: { 'X-Auth-Token': sandbox.token, 'User-Agent': 'sandbox-test/1.0' } });

  it('prints one waybill page per parcel', async () => {
    await start();
    const order = await assembledOrder(3);
    const pdf = await download((await readOrder(order.id)).kaspiDelivery.waybill);
    const document = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
    assert.equal(document.getPageCount(), 3);
  });

  it('new-waybill: a second ASSEMBLE issues a new waybill number and the first link answers 404', async () => {
    await start({ reassembleBehaviour: 'new-waybill' });
    const order = await assembledOrder(1);
    const first = (await readOrder(order.id)).kaspiDelivery;
    assert.equal((await postStatus(sandbox, order, { status: 'ASSEMBLE', numberOfSpace: '2' })).status, 200);
    const second = (await readOrder(order.id)).kaspiDelivery;
    assert.notEqual(second.waybillNumber, first.waybillNumber);
    assert.equal((await download(first.waybill)).status, 404, 'the first label is void');
    assert.equal((await download(second.waybill)).status, 200);
    assert.equal(sandbox.actionCount(order.code, 'ASSEMBLE'), 2);
  });

  it('short-lived links: each read gives a fresh link, an old one answers 404, and every one after hand-over', async () => {
    await start({ waybillLinkTtlMs: 60_000 });
    const order = await assembledOrder(1);
    const early = (await readOrder(order.id)).kaspiDelivery.waybill;
    clock += 61_000;
    assert.equal((await download(early)).status, 404, 'older than its lifetime');
    const fresh = (await readOrder(order.id)).kaspiDelivery.waybill;
    assert.notEqual(fresh, early);
    assert.equal((await download(fresh)).status, 200);
    sandbox.handOverToCourier(order.code);
    assert.equal((await download(fresh)).status, 404, 'dead for good after hand-over');
    assert.equal((await download((await readOrder(order.id)).kaspiDelivery.waybill)).status, 404);
  });

  it('measured-2026 waybill delays: about 69 % within 15 s and p90 near 179 s, the same draws for one seed', () => {
    const draw = waybillDelaySource('measured-2026', 0, 7);
    const delays = Array.from({ length: 5000 }, draw).sort((a, b) => a - b);
    const within15s = delays.filter((ms) => ms <= 15_000).length / delays.length;
    assert.ok(Math.abs(within15s - 0.69) < 0.03, `share within 15 s: ${within15s}`);
    const p90 = delays[Math.floor(delays.length * 0.9)];
    assert.ok(p90 > 150_000 && p90 < 200_000, `p90: ${p90} ms`);
    const again = waybillDelaySource('measured-2026', 0, 7);
    assert.deepEqual(Array.from({ length: 5 }, again), Array.from({ length: 5 }, waybillDelaySource('measured-2026', 0, 7)));
  });

  it('measured-2026 delays apply to ASSEMBLE: the waybill appears only after the drawn delay', async () => {
    await start({ waybillDelays: 'measured-2026', seed: 3 });
    const order = await assembledOrder(1);
    assert.equal((await readOrder(order.id)).kaspiDelivery.waybill, null);
    clock += 7 * 60_000;
    assert.match((await readOrder(order.id)).kaspiDelivery.waybill, /\/shop\/api\/waybill\//);
  });

  it('fields2026: recipient, phoneAlias and completionDate appear, and the customer has no cellPhone', async () => {
    await start({ fields2026: true });
    const order = await assembledOrder(1);
    const attributes = await readOrder(order.id);
    assert.equal(attributes.customer.cellPhone, undefined);
    assert.match(attributes.phoneAlias, /^\+ 7 \(\d{3}\) \d{3}-\d{2}-\d{2},\d+$/);
    assert.ok(attributes.recipient.cellPhone);
    assert.equal(attributes.completionDate, undefined);
    sandbox.complete(order.code);
    assert.equal((await readOrder(order.id)).completionDate, clock);
    const user = (await kaspiFetch(sandbox, `/orders/${encodeURIComponent(order.id)}/user`)).json.data.attributes;
    assert.equal(user.cellPhone, undefined);
  });

  it('lets Kaspi cancel with a reason of its own and show a status nobody has listed', async () => {
    await start();
    const cancelled = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    sandbox.kaspiCancel(cancelled.code, 'TIMEOUT_MERCHANT_DELIVERY');
    assert.equal((await readOrder(cancelled.id)).cancellationReason, 'TIMEOUT_MERCHANT_DELIVERY');
    const odd = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    sandbox.showUnlistedStatus(odd.code, 'KASPI_DELIVERY_TRANSMITTED_2026', 'KASPI_DELIVERY');
    assert.equal((await readOrder(odd.id)).status, 'KASPI_DELIVERY_TRANSMITTED_2026');
  });

  it('serves fractional quantities and the 2026 unit types on order lines', async () => {
    await start();
    const order = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'CABLE', quantity: 2.5, unitType: 'METERED', unitPrice: 400 }] });
    const entry = (await kaspiFetch(sandbox, `/orders/${encodeURIComponent(order.id)}/entries`)).json.data[0].attributes;
    assert.deepEqual([entry.quantity, entry.unitType, entry.totalPrice], [2.5, 'METERED', 1000]);
  });
});
