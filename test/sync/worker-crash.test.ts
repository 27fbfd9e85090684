import assert from 'node:assert/strict';
import { waitFor } from '../support/wait-for.js';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { startWorkerProcess, type WorkerProcess } from '../../tools/support/worker-process.js';
import type { SyncSummary } from '../../domain/sync-types.js';


describe('a worker killed in the middle of an order', function () {
  this.timeout(240_000);
  let h: SyncHarness;
  let workers: WorkerProcess[] = [];

  before(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 10 } }] } });
    await h.stopWorker();
  });
  after(async () => {
    for (const w of workers) await w.kill();
    await h?.close();
  });

  const startWorker = async () => {
    const worker = await startWorkerProcess({
      databaseUrl: h.databaseUrl,
      kaspiApiUrl: h.sandbox.ordersUrl,
      kaspiToken: h.sandbox.token,
      temporalAddress: h.temporalAddress,
      taskQueue: h.taskQueue,
    });
    workers.push(worker);
    return worker;
  };

  it('leaves stock and Kaspi calls exactly as if nothing happened once another worker takes over', async () => {
    const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-A', quantity: 3 }] });
    // Kaspi takes its time to answer the acceptance, so the worker dies while the request is in flight.
    h.sandbox.injectFault({ route: 'post-order', kind: 'latency', latencyMs: 1500, times: 1 });
    const first = await startWorker();
    const run = await h.startSync();

    await waitFor(async () => (await h.order(order.code))?.syncState === 'RESERVED');
    await new Promise((r) => setTimeout(r, 400));
    const killedAt = Date.now();
    await first.kill();
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 0, 'killed while Kaspi was still answering');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 7, 'reserved before the crash');

    await startWorker();
    const summary = (await run.result()) as SyncSummary;

    assert.equal(summary.accepted, 1);
    const accepts = h.sandbox.requests().filter((r) => r.method === 'POST' && r.action === 'ACCEPTED_BY_MERCHANT');
    assert.equal(accepts.length, 1, 'the retry after the crash re-read the order instead of accepting again');
    assert.ok(accepts[0].at < killedAt, 'the acceptance was sent by the worker that died');
    assert.equal(h.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1, 'accepted once');
    assert.equal(h.sandbox.actionCount(order.code, 'ASSEMBLE'), 1, 'assembled once');
    assert.equal(await h.quantity('SKU-A', 'PP1'), 7, 'stock taken once');
    assert.equal(await h.ledgerTotal('SKU-A', 'PP1'), 7);
    assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
  });
});
