import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { kaspiSync, operatorEnv, waitFor } from './cli-runner.js';

const bin = fileURLToPath(new URL('../../client/kaspi-sync.mjs', import.meta.url));

describe('kaspi-sync worker (the package bin)', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  beforeEach(async () => {
    h = await createSyncHarness({ inventory: { products: [{ sku: 'SKU-A', model: 'A', stock: { PP1: 4 } }] } });
    await h.stopWorker();
  });
  afterEach(() => h?.close());

  it('serves the task queue until SIGTERM, then stops cleanly', async () => {
    const worker = spawn(process.execPath, [bin, 'worker'], {
      env: {
        ...process.env,
        ...operatorEnv(h),
        KASPI_API_URL: h.sandbox.ordersUrl,
        KASPI_AUTH_TOKEN: h.sandbox.token,
        KASPI_MAX_REQUESTS_PER_SECOND: '1000',
        LOG_LEVEL: 'WARN',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout.on('data', (chunk) => (output += chunk));
    worker.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
    try {
      await waitFor(async () => output.includes(`kaspi-sync worker: task queue "${h.taskQueue}"`), 60_000);
      const order = h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 3 }] });
      const run = await kaspiSync(operatorEnv(h), 'sync', 'run');
      assert.match(run.out, /1 accepted/);
      assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
      assert.equal(await h.quantity('SKU-A', 'PP1'), 1);
    } finally {
      worker.kill('SIGTERM');
    }
    assert.equal(await exited, 0, output);
    assert.ok(!output.includes(h.sandbox.token), 'the Kaspi token is never printed');
  });
});
