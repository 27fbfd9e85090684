import assert from 'node:assert/strict';
import { startWorkerProcess } from '../../tools/support/worker-process.js';
import { createSyncHarness } from '../support/sync-harness.js';
import { BAD_INPUT_INVENTORY, GOOD_SKU } from './support.js';

/** A worker configuration that is valid except where a case overrides it. */
const VALID = {
  databaseUrl: 'postgresql://kaspi:secret@127.0.0.1:1/kaspi',
  kaspiApiUrl: 'https://kaspi.kz/shop/api/v2/orders',
  kaspiToken: 'token-for-configuration-tests',
  temporalAddress: '127.0.0.1:1',
  taskQueue: 'kaspi-sync-configuration-tests',
};

describe('bad input: invalid configuration stops the worker at start-up with the variable and the fix', function () {
  this.timeout(120_000);

  const cases: { name: string; env: Record<string, string>; message: RegExp }[] = [
    { name: 'a request timeout that is not a number', env: { KASPI_REQUEST_TIMEOUT_MS: 'fast' }, message: /KASPI_REQUEST_TIMEOUT_MS must be a positive whole number, got "fast"/ },
    { name: 'zero concurrent Kaspi requests', env: { KASPI_MAX_CONCURRENT_REQUESTS: '0' }, message: /KASPI_MAX_CONCURRENT_REQUESTS must be a positive whole number, got "0"/ },
    { name: 'a fractional request rate', env: { KASPI_MAX_REQUESTS_PER_SECOND: '2.5' }, message: /KASPI_MAX_REQUESTS_PER_SECOND must be a positive whole number, got "2.5"/ },
    { name: 'a Kaspi URL that is not a URL', env: { KASPI_API_URL: 'kaspi.kz/shop/api/v2' }, message: /KASPI_API_URL is not a valid URL/ },
    { name: 'a Kaspi URL that is not http(s)', env: { KASPI_API_URL: 'ftp://kaspi.kz/shop/api/v2' }, message: /KASPI_API_URL must be an http\(s\) URL/ },
    { name: 'a token of whitespace only', env: { KASPI_AUTH_TOKEN: ' \n\t ' }, message: /KASPI_AUTH_TOKEN is not set/ },
    { name: 'a database URL of another database kind', env: { DB_URL: 'mysql://user:pw@localhost/kaspi' }, message: /DB_URL must be a postgresql:\/\/ URL, got a value starting with "mysql:\/\/user"/ },
    { name: 'a warehouse map that is not JSON', env: { KASPI_WAREHOUSE_MAP: '{PP1: PP2}' }, message: /KASPI_WAREHOUSE_MAP must be JSON/ },
    { name: 'a warehouse map that is a JSON array', env: { KASPI_WAREHOUSE_MAP: '["PP1"]' }, message: /KASPI_WAREHOUSE_MAP must be a JSON object of non-empty strings/ },
    { name: 'a negative worker concurrency', env: { WORKER_MAX_CONCURRENT_ACTIVITIES: '-5' }, message: /WORKER_MAX_CONCURRENT_ACTIVITIES must be a positive whole number, got "-5"/ },
    { name: 'a TLS certificate without its key', env: { TEMPORAL_TLS_CERT: '/etc/kaspi-sync/client.crt' }, message: /TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/ },
  ];

  for (const { name, env, message } of cases) {
    it(`refuses to start with ${name}`, async () => {
      await assert.rejects(startWorkerProcess({ ...VALID, env }), (error: Error) => {
        assert.match(error.message, /worker exited with 1 before it was ready/);
        assert.match(error.message, /Configuration error: /);
        assert.match(error.message, message);
        assert.ok(!error.message.includes(VALID.kaspiToken), 'the token is not echoed');
        return true;
      });
    });
  }

  it('works with a token pasted with stray whitespace and a newline', async () => {
    const h = await createSyncHarness({ inventory: BAD_INPUT_INVENTORY, sandbox: { token: 'pasted-token-7f3a' } });
    await h.stopWorker();
    const worker = await startWorkerProcess({
      databaseUrl: h.databaseUrl,
      kaspiApiUrl: h.sandbox.ordersUrl,
      kaspiToken: '  pasted-token-7f3a \n',
      temporalAddress: h.temporalAddress,
      taskQueue: h.taskQueue,
    });
    try {
      const order = h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP', lines: [{ sku: GOOD_SKU, quantity: 1 }] });
      const summary = await h.runSync();
      assert.equal(summary.accepted, 1);
      assert.equal((await h.order(order.code))?.syncState, 'ACCEPTED');
      assert.ok(h.sandbox.requests().every((r) => r.authOk), 'every request carried the trimmed token');
    } finally {
      await worker.stop();
      await h.close();
    }
  });
});
