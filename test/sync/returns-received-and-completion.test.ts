/**
 * Issue 13 §3, §5, §6 end to end: sync runs on a real worker against the sandbox over HTTP, the CLI in-process.
 * What counts is stock (sellable, returning, damaged), the ledger rows, and what Kaspi received (the sandbox's
 * request log).
 */
import assert from 'node:assert/strict';
import { runCli } from '../../client/cli.js';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { kaspiSync, operatorEnv, type CliRun } from '../client/cli-runner.js';
import { ExitCode } from '../../client/errors.js';

const DAY = 24 * 60 * 60 * 1000;

describe('returns received, completion with the buyer\'s code, lines cancelled after acceptance', function () {
  this.timeout(180_000);
  let h: SyncHarness;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    h = await createSyncHarness({
      inventory: {
        products: ['CUP', 'LAMP', 'KETTLE', 'PLATE', 'BOWL', 'SPOON'].map((sku) => ({ sku, model: sku, stock: { PP1: 10 } })),
      },
    });
    env = operatorEnv(h, { KASPI_API_URL: h.sandbox.ordersUrl, KASPI_AUTH_TOKEN: h.sandbox.token, SYNC_SETTINGS: JSON.stringify({ restockAfterHandover: 'receipt' }) });
  });
  after(() => h?.close());

  const receipt = { settings: { restockAfterHandover: 'receipt' as const } };
  const damaged = async (sku: string) => (await h.db.stockInventory.findFirst({ where: { product: { sku }, stock: { name: 'PP1' } } }))?.damagedQuantity;
  /** The ledger explains every column: sellable, returning and damaged apart. */
  async function assertLedgerExplains(sku: string): Promise<void> {
    const row = await h.db.stockInventory.findFirstOrThrow({ where: { product: { sku }, stock: { name: 'PP1' } } });
    const sums = await h.db.stockMovement.aggregate({ _sum: { quantityDelta: true, returningDelta: true, damagedDelta: true }, where: { productId: row.productId, stockId: row.stockId } });
    assert.deepEqual([sums._sum.quantityDelta, sums._sum.returningDelta, sums._sum.damagedDelta], [row.quantity, row.returningQuantity, row.damagedQuantity], `ledger of ${sku}`);
  }
  async function completeAtCounter(code: string, typed: string): Promise<CliRun> {
    const out: string[] = [];
    const err: string[] = [];
    const exit = await runCli(['order', 'complete', code], { out: (l) => out.push(l), err: (l) => err.push(l), env, ask: async () => typed });
    return { code: exit, out: out.join('\n'), err: err.join('\n') };
  }
  const completions = (code: string) => h.sandbox.requests().filter((r) => r.method === 'POST' && r.action === 'COMPLETED' && r.orderCode === code);

  /** An own-delivery order of 2 units, delivered, whose buyer asked for a return. */
  async function deliveredAndReturned(sku: string): Promise<string> {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku, quantity: 2 }] });
    await h.runSync(receipt);
    h.sandbox.complete(order.code);
    h.sandbox.requestReturn(order.code);
    await h.runSync(receipt);
    return order.code;
  }

  it('pickup completion with the right code completes the order on Kaspi and in kaspi-sync (two COMPLETED requests: code, then completion)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: 'CUP', quantity: 1 }] });
    await h.runSync();
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');

    const done = await completeAtCounter(order.code, h.sandbox.order(order.code)!.securityCode);
    assert.equal(done.code, ExitCode.ok, done.err);
    assert.match(done.out, /Kaspi has texted the buyer a code[\s\S]*completed on Kaspi with the buyer's code/);
    assert.equal(h.sandbox.order(order.code)?.status, 'COMPLETED');
    assert.deepEqual(completions(order.code).map((r) => r.status), [200, 200]);
    assert.equal((await h.order(order.code))?.syncState, 'COMPLETED');
    assert.equal(await h.quantity('CUP', 'PP1'), 9, 'the sold unit stays sold');
  });

  it('a wrong code is reported with Kaspi\'s words and completes nothing; --code then completes without texting the buyer again', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'CUP', quantity: 1 }] });
    await h.runSync();
    const wrong = await completeAtCounter(order.code, '0000-wrong');
    assert.equal(wrong.code, ExitCode.failed);
    assert.match(wrong.err, /Kaspi refused the code for order \d+: .*Security code is not valid.*order complete \d+ --code NNNN/);
    assert.equal(h.sandbox.order(order.code)?.status, 'ACCEPTED_BY_MERCHANT');
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');

    const retried = await kaspiSync(env, 'order', 'complete', order.code, '--code', h.sandbox.order(order.code)!.securityCode);
    assert.equal(retried.code, ExitCode.ok, retried.err);
    assert.deepEqual(completions(order.code).map((r) => r.status), [200, 400, 200], 'code asked once, a refused completion, one completion');
    assert.equal((await h.order(order.code))?.syncState, 'COMPLETED');
  });

  it('refuses to complete a Kaspi Delivery order (Kaspi completes it) and an unknown order, sending nothing', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'CUP', quantity: 1 }] });
    await h.runSync();
    const refused = await completeAtCounter(order.code, '1234');
    assert.equal(refused.code, ExitCode.failed);
    assert.match(refused.err, /Kaspi Delivery order: Kaspi completes it itself/);
    const unknown = await completeAtCounter('999999999', '1234');
    assert.equal(unknown.code, ExitCode.notFound);
    assert.equal(completions(order.code).length + completions('999999999').length, 0);
  });

  it('a return received as 1 good + 1 damaged puts exactly 1 unit back, records the damaged one apart, once', async () => {
    const code = await deliveredAndReturned('LAMP');
    assert.equal((await h.order(code))?.syncState, 'RETURNING');
    assert.deepEqual([await h.quantity('LAMP', 'PP1'), await h.returning('LAMP', 'PP1')], [8, 2]);
    h.sandbox.completeReturn(code);
    await h.runSync(receipt);
    assert.equal((await h.order(code))?.syncState, 'RETURNING', 'Kaspi archiving the return does not put goods into stock under "receipt"');
    assert.equal(await h.quantity('LAMP', 'PP1'), 8);

    const received = await kaspiSync(env, 'order', 'received', code, '--good', '1', '--damaged', '1');
    assert.equal(received.code, ExitCode.ok, received.err);
    assert.match(received.out, /1 good unit\(s\) back into sellable stock, 1 damaged/);
    assert.deepEqual([await h.quantity('LAMP', 'PP1'), await h.returning('LAMP', 'PP1'), await damaged('LAMP')], [9, 0, 1]);
    assert.equal((await h.order(code))?.syncState, 'RESTOCKED');

    const again = await kaspiSync(env, 'order', 'received', code, '--good', '2');
    assert.match(again.out, /received already.*nothing changed/);
    await h.runSync(receipt);
    assert.deepEqual([await h.quantity('LAMP', 'PP1'), await h.returning('LAMP', 'PP1'), await damaged('LAMP')], [9, 0, 1], 'a second receipt and a later run change nothing');
    await assertLedgerExplains('LAMP');
  });

  it('refuses a receipt of more units than the order had, and of an unknown order, with a clear message, changing nothing', async () => {
    const code = await deliveredAndReturned('KETTLE');
    const before = [await h.quantity('KETTLE', 'PP1'), await h.returning('KETTLE', 'PP1'), await damaged('KETTLE')];
    const tooMany = await kaspiSync(env, 'order', 'received', code, '--good', '2', '--damaged', '1');
    assert.equal(tooMany.code, ExitCode.failed);
    assert.match(tooMany.err, /had 2 unit\(s\) of KETTLE; 2 good \+ 1 damaged is more than that; nothing changed/);
    const unknown = await kaspiSync(env, 'order', 'received', '999999998', '--good', '1');
    assert.equal(unknown.code, ExitCode.notFound);
    assert.match(unknown.err, /order 999999998 is not in kaspi-sync's database/);
    const notSaid = await kaspiSync(env, 'order', 'received', code);
    assert.equal(notSaid.code, ExitCode.usage);
    assert.deepEqual([await h.quantity('KETTLE', 'PP1'), await h.returning('KETTLE', 'PP1'), await damaged('KETTLE')], before);
    assert.equal((await h.order(code))?.returnReceivedAt, null);
  });

  it('flags a return not received within returnReceiptDays, once, and lists it in `orders held`', async () => {
    const code = await deliveredAndReturned('PLATE');
    await h.db.kaspiOrder.updateMany({ where: { orderCode: code }, data: { returningSince: new Date(Date.now() - 15 * DAY) } });
    await h.runSync(receipt);
    await h.runSync(receipt);
    const warnings = await h.db.logEvent.findMany({ where: { level: 'WARNING', message: { startsWith: 'return not received within 14 day(s)' } } });
    assert.deepEqual(warnings.map((w) => (w.extraData as { orderCode?: string }).orderCode), [code]);
    const held = await kaspiSync(env, 'orders', 'held');
    assert.match(held.out, new RegExp(`not received within 14 day\\(s\\)[\\s\\S]*${code}`));
  });

  it('a line cancelled after acceptance is restocked exactly once when the order completes (and a second run changes nothing)', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'BOWL', quantity: 2 }, { sku: 'SPOON', quantity: 3 }] });
    await h.runSync();
    assert.deepEqual([await h.quantity('BOWL', 'PP1'), await h.quantity('SPOON', 'PP1')], [8, 7]);
    h.sandbox.changeLine(order.code, 1, 0);
    h.sandbox.changeLine(order.code, 0, 1);
    h.sandbox.complete(order.code);

    await h.statusReadsDueNow();
    await h.runSync();
    assert.equal((await h.order(order.code))?.syncState, 'COMPLETED');
    assert.deepEqual([await h.quantity('BOWL', 'PP1'), await h.quantity('SPOON', 'PP1')], [9, 10], '1 bowl and the 3 spoons back');
    await h.statusReadsDueNow();
    await h.runSync();
    assert.deepEqual([await h.quantity('BOWL', 'PP1'), await h.quantity('SPOON', 'PP1')], [9, 10]);
    const reduced = await h.db.stockMovement.findMany({ where: { orderCode: order.code, kind: 'LINE_REDUCED' }, orderBy: { idempotencyKey: 'asc' } });
    assert.deepEqual(reduced.map((m) => m.quantityDelta), [1, 3]);

    h.sandbox.requestReturn(order.code);
    await h.runSync(receipt);
    assert.equal(await h.returning('BOWL', 'PP1'), 1, 'only the bowl still sold travels back');
    assert.equal(await h.returning('SPOON', 'PP1'), 0);
    const received = await kaspiSync(env, 'order', 'received', order.code, '--line', 'BOWL:1:0');
    assert.equal(received.code, ExitCode.ok, received.err);
    assert.deepEqual([await h.quantity('BOWL', 'PP1'), await h.quantity('SPOON', 'PP1')], [10, 10]);
    await assertLedgerExplains('BOWL');
    await assertLedgerExplains('SPOON');
  });
});
