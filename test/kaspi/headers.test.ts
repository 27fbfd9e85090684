import assert from 'node:assert/strict';
import { KaspiClient } from '../../kaspi/client.js';
import { kaspiConfigFromEnv } from '../../platform/kaspi-environment.js';
import { startSandboxWithClient, type SandboxWithClient } from './sandbox-client.js';

describe('KaspiClient transport behaviour against the sandbox', () => {
  let ctx: SandboxWithClient;
  afterEach(() => ctx.sandbox.close());

  it('sends the token, JSON:API Accept and Content-Type and its own User-Agent on every request', async () => {
    ctx = await startSandboxWithClient({}, { userAgent: 'kaspi-sync-test/1.0', contentType: 'application/vnd.api+json' });
    const order = ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await ctx.client.getOrder(order.id);
    await ctx.client.getOrderEntries(order.id);
    await ctx.client.acceptOrder(order);
    const requests = ctx.sandbox.requests();
    assert.equal(requests.length, 3);
    for (const request of requests) {
      assert.equal(request.authOk, true);
      assert.equal(request.accept, 'application/vnd.api+json');
      assert.equal(request.contentType, 'application/vnd.api+json');
      assert.equal(request.userAgent, 'kaspi-sync-test/1.0');
    }
    assert.equal(ctx.client.stats.requests, 3);
  });

  it('works from the seed’s environment, with the orders URL and a token carrying a stray newline', async () => {
    ctx = await startSandboxWithClient({ token: 'env-token' });
    const { sandbox } = ctx;
    const order = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const client = new KaspiClient(kaspiConfigFromEnv({ KASPI_API_URL: `${sandbox.ordersUrl}/`, KASPI_AUTH_TOKEN: ' env-token\n' }));
    assert.equal((await client.getOrderByCode(order.code))?.id, order.id);
    assert.doesNotMatch(sandbox.requests()[0].userAgent ?? '', /^got /);
  });

  it('keeps concurrent requests within the configured limit', async () => {
    ctx = await startSandboxWithClient({ latencyMs: 100 }, { maxConcurrentRequests: 2 });
    const order = ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const began = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => ctx.client.getOrder(order.id)));
    const elapsed = Date.now() - began;
    assert.ok(elapsed >= 290, `6 requests of 100 ms, 2 at a time, need ≥ 300 ms; took ${elapsed}`);
    const arrivals = ctx.sandbox.requests().map((r) => r.at - began).sort((a, b) => a - b);
    assert.ok(arrivals[2] >= 90, `the third request waits for a free slot: ${arrivals}`);
  });

  it('keeps request starts within the configured rate', async () => {
    ctx = await startSandboxWithClient({}, { maxRequestsPerSecond: 3 });
    const order = ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    const began = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => ctx.client.getOrder(order.id)));
    assert.ok(Date.now() - began >= 950, 'the fourth request waits for the next second');
  });
});
