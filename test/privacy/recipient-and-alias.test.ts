/**
 * The 2026 guide's personal data — a trusted recipient's name and phone, the buyer's phoneAlias, a customer
 * without cellPhone — never reaches logs, log_events, workflow histories or any table but the order lines.
 * A worker process logs at DEBUG against a sandbox serving those fields (fields2026).
 */
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { startWorkerProcess, type WorkerProcess } from '../../tools/support/worker-process.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';

const BUYER = { firstName: 'Гаухар', lastName: 'Неразглашаемова', cellPhone: '7059430521' };

function readable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : typeof v === 'bigint' ? String(v) : v));
}

describe('personal data of the 2026 guide (recipient, phoneAlias) never reaches logs or workflow histories', function () {
  this.timeout(240_000);
  let h: SyncHarness;
  let worker: WorkerProcess | undefined;
  const syncIds: string[] = [];
  const orderCodes: string[] = [];
  let secrets: string[] = [];
  /** The recipient and the raw alias: not even the order lines keep them. */
  let neverStored: string[] = [];

  before(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-P', model: 'P', stock: { PP1: 10 } }] }, sandbox: { fields2026: true } });
    await h.stopWorker();
    worker = await startWorkerProcess({
      databaseUrl: h.databaseUrl,
      kaspiApiUrl: h.sandbox.ordersUrl,
      kaspiToken: h.sandbox.token,
      temporalAddress: h.temporalAddress,
      taskQueue: h.taskQueue,
      env: { LOG_LEVEL: 'DEBUG' },
    });
    orderCodes.push(h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-P', quantity: 1 }], customer: BUYER }).code);
    orderCodes.push(h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-UNKNOWN', quantity: 1 }], customer: BUYER }).code);
    const attributes = await Promise.all(orderCodes.map(async (code) => (await fetch(`${h.sandbox.baseUrl}/orders/${encodeURIComponent(h.sandbox.order(code)!.id)}`, {
      headers: { 'X-Auth-Token': h.sandbox.token, Accept: 'application/vnd.api+json', 'User-Agent': 'privacy-test/1.0' },
    }).then((r) => r.json())).data.attributes));
    neverStored = attributes.flatMap((a) => [a.recipient.firstName, a.recipient.lastName, a.recipient.cellPhone, `+7${a.recipient.cellPhone}`, a.phoneAlias]);
    secrets = [BUYER.firstName, BUYER.lastName, BUYER.cellPhone, `+7${BUYER.cellPhone}`, '943-05-21', ...neverStored];
    for (let run = 0; run < 2; run += 1) {
      const handle = await h.startSync();
      syncIds.push(handle.workflowId);
      await handle.result();
    }
    assert.equal((await h.order(orderCodes[0]))?.syncState, 'ACCEPTED');
    assert.equal((await h.order(orderCodes[1]))?.syncState, 'HELD');
  });

  after(async () => {
    await worker?.stop();
    await h?.close();
  });

  const leaks = (text: string) => secrets.filter((secret) => text.includes(secret));

  it('accepts the order and keeps the buyer\'s number from phoneAlias only in kaspi_sold_products', async () => {
    const line = await h.db.kaspiSoldProduct.findFirst({ where: { orderCode: orderCodes[0] } });
    assert.equal(line?.customerPhone, `+7${BUYER.cellPhone}`, 'no cellPhone: the alias\'s first number');
    assert.equal(line?.customerName, `${BUYER.firstName} ${BUYER.lastName}`);
  });

  it('keeps them out of the worker\'s log output and log_events', async () => {
    assert.deepEqual(leaks(worker!.output()), []);
    assert.deepEqual(leaks(readable(await h.db.logEvent.findMany())), []);
  });

  it('keeps them out of the workflow histories of the runs and the orders', async () => {
    for (const id of [...syncIds, ...orderCodes.map(orderWorkflowId)]) {
      const history = await h.client.workflow.getHandle(id).fetchHistory();
      assert.ok((history.events?.length ?? 0) > 0, `history of ${id} was exported`);
      assert.deepEqual(leaks(readable(history)), [], `history of ${id}`);
    }
  });

  it('keeps them out of every table but the order lines, and the recipient out of those too', async () => {
    const orders = await h.db.kaspiOrder.findMany();
    const movements = await h.db.stockMovement.findMany();
    assert.deepEqual(leaks(readable({ orders, movements })), []);
    const lines = readable(await h.db.kaspiSoldProduct.findMany());
    assert.deepEqual(neverStored.filter((secret) => lines.includes(secret)), [], 'the recipient and the raw alias are never stored');
  });
});
