/**
 * `kaspi-sync waybills print`: the day's stored waybills in one PDF for the courier pickup, with a manifest.
 * Waybills are produced by real sync runs against the sandbox (one label page per parcel); the printed file
 * is parsed back with pdf-lib and its pages counted.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { almatyDate, DAY_MS } from '../../kaspi/almaty-time.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import { printWaybills } from '../../client/waybill-print.js';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { kaspiSync, operatorEnv } from './cli-runner.js';

describe('printing the day\'s waybills for the courier pickup', function () {
  this.timeout(180_000);
  let h: SyncHarness;
  const today = almatyDate(Date.now());
  const orders: Record<'two' | 'one' | 'otherWarehouse' | 'cabinet' | 'yesterday', { id: string; code: string }> = {} as never;

  before(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 50, PP2: 50 } }] } });
    const create = (warehouse: string, quantity: number, extra = {}) => h.sandbox.createOrder({ warehouse, lines: [{ sku: 'SKU-A', quantity }], ...extra });
    Object.assign(orders, {
      two: create('PP1', 2),
      one: create('PP1', 1),
      otherWarehouse: create('PP2', 3),
      yesterday: create('PP1', 1),
      // Accepted in the cabinet: kaspi-sync leaves its ASSEMBLE to the desk, so it has no waybill yet.
      cabinet: create('PP1', 1, { status: 'ACCEPTED_BY_MERCHANT' }),
    });
    await h.runSync({ settings: { parcelRule: 'per-unit' } });
    for (const order of Object.values(orders)) await h.client.workflow.getHandle(orderWorkflowId(order.code)).result();
    // The waybill step of the next run stores the waybills the order workflows left behind.
    await h.runSync({ settings: { parcelRule: 'per-unit' } });
    // One order was accepted a minute before today began in Almaty (still "today" in UTC for most of the world).
    const startOfToday = Date.parse(`${today}T00:00:00+05:00`);
    await h.db.kaspiOrder.update({ where: { orderId: orders.yesterday.id }, data: { acceptedAt: new Date(startOfToday - 60_000) } });
  });
  after(() => h?.close());

  it('prints one page per parcel of the day\'s waybills plus the manifest, and names the orders still without one', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'waybills-')), 'pickup.pdf');
    const run = await kaspiSync(operatorEnv(h), 'waybills', 'print', '--date', today, '--warehouse', 'PP1', '--out', out);
    assert.equal(run.code, 0, run.err);
    const stored = await h.db.kaspiOrder.findMany({ where: { orderId: { in: [orders.two.id, orders.one.id] } } });
    assert.deepEqual(stored.map((row) => row.numberOfSpace).sort(), [1, 2], 'per-unit: 2 and 1 parcels');
    assert.equal(await h.db.waybillDocument.count({ where: { orderId: { in: [orders.two.id, orders.one.id] } } }), 2, 'both waybills stored');

    const printed = await PDFDocument.load(await readFile(out));
    const manifestPages = 1;
    assert.equal(printed.getPageCount(), 2 + 1 + manifestPages, 'labels of the two PP1 waybills of today, and the manifest');
    assert.match(run.out, new RegExp(`2 waybill\\(s\\), 3 label page\\(s\\) and 1 manifest page\\(s\\).*still without a waybill.*: ${orders.cabinet.code}$`));
  });

  it('takes "the day" as the Almaty calendar day of acceptance: an order accepted at 23:59 yesterday prints with yesterday', async () => {
    const yesterday = almatyDate(Date.parse(`${today}T00:00:00+05:00`) - DAY_MS / 2);
    const previous = await printWaybills(h.db, { day: yesterday, warehouse: 'PP1' });
    assert.deepEqual([previous.waybills, previous.labelPages, previous.manifestPages], [1, 1, 1]);
    const all = await printWaybills(h.db, { day: today });
    assert.deepEqual([all.waybills, all.labelPages, all.missing], [3, 2 + 1 + 3, [orders.cabinet.code]], 'every warehouse without --warehouse');
    assert.equal((await PDFDocument.load(all.pdf)).getPageCount(), all.labelPages + all.manifestPages);
  });

  it('prints a manifest alone for a day without orders, and refuses a malformed date (exit 2)', async () => {
    const empty = await printWaybills(h.db, { day: '2020-01-01' });
    assert.deepEqual([empty.waybills, empty.labelPages, empty.manifestPages, empty.missing], [0, 0, 1, []]);
    const bad = await kaspiSync(operatorEnv(h), 'waybills', 'print', '--date', '02.12.2026', '--out', '/tmp/x.pdf');
    assert.equal(bad.code, 2);
  });
});
