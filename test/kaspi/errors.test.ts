import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { KaspiClient } from '../../kaspi/client.js';
import {
  KaspiAuthenticationError,
  KaspiAuthorisationError,
  KaspiBadPayloadError,
  KaspiBadRequestError,
  KaspiConfigurationError,
  KaspiError,
  KaspiRateLimitedError,
  KaspiResourceUnavailableError,
  KaspiTransientError,
} from '../../kaspi/errors.js';
import { GOT_DEFAULT_USER_AGENT } from '../../tools/sandbox/index.js';
import type { SandboxOrder } from '../../tools/sandbox/index.js';
import { configFor, DAY_MS, rejectionOf, startSandboxWithClient, type SandboxWithClient } from './sandbox-client.js';

const NOW = Date.parse('2025-06-20T06:00:00Z');

describe('KaspiClient error taxonomy against the sandbox', () => {
  let ctx: SandboxWithClient;
  let order: SandboxOrder;
  const seen: unknown[] = [];

  beforeEach(async () => {
    ctx = await startSandboxWithClient({ now: () => NOW });
    order = ctx.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }], creationDate: NOW - 1000 });
  });
  afterEach(() => ctx.sandbox.close());

  const listNew = (client = ctx.client) => client.listOrders({ state: 'NEW', createdFrom: NOW - DAY_MS, createdTo: NOW });
  async function failure(promise: Promise<unknown>): Promise<KaspiError> {
    const error = await rejectionOf(promise);
    seen.push(error);
    assert.ok(error instanceof KaspiError, `expected a KaspiError, got ${inspect(error)}`);
    return error;
  }

  it('maps 401 to a loud, non-retryable authentication error', async () => {
    const client = new KaspiClient(configFor(ctx.sandbox, { token: 'wrong-token-xyz' }));
    const error = await failure(listNew(client));
    assert.ok(error instanceof KaspiAuthenticationError);
    assert.equal(error.name, 'KaspiAuthenticationError');
    assert.equal(error.retryable, false);
    assert.match(error.message, /KASPI_AUTH_TOKEN/);
    assert.doesNotMatch(inspect(error), /wrong-token-xyz/);
  });

  it('maps 403 (e.g. a WAF blocking the library’s default User-Agent) to an authorisation error', async () => {
    const client = new KaspiClient(configFor(ctx.sandbox, { userAgent: GOT_DEFAULT_USER_AGENT }));
    const error = await failure(listNew(client));
    assert.ok(error instanceof KaspiAuthorisationError);
    assert.equal(error.retryable, false);
  });

  it('maps an HTML 404 (wrong URL or missing Accept) on a list to a configuration error, and on one order to that order\'s problem', async () => {
    const client = new KaspiClient(configFor(ctx.sandbox, { baseUrl: ctx.sandbox.baseUrl.replace('/v2', '/v3') }));
    const error = await failure(listNew(client));
    assert.ok(error instanceof KaspiConfigurationError);
    assert.match(error.message, /Accept header|KASPI_API_URL/);
    ctx.sandbox.injectFault({ route: 'get-order', kind: 'html', times: 1 });
    const oneOrder = await failure(ctx.client.getOrder(order.id));
    assert.ok(oneOrder instanceof KaspiResourceUnavailableError, String(oneOrder));
    assert.equal(oneOrder.retryable, false);
    assert.match(oneOrder.message, /HTML 404 page; this order is looked at again later/);
  });

  it('maps 400 to a non-retryable bad request with Kaspi’s title', async () => {
    await ctx.client.acceptOrder(order);
    const error = await failure(ctx.client.acceptOrder(order));
    assert.ok(error instanceof KaspiBadRequestError);
    assert.equal(error.retryable, false);
    assert.equal(error.kaspiTitle, "Order is accepted by merchant, so it can't be accepted.");
    assert.match(error.message, /can't be accepted/);
  });

  it('maps 429 to a retryable rate-limit error carrying Retry-After seconds', async () => {
    ctx.sandbox.injectFault({ route: 'list-orders', kind: 'status', status: 429, retryAfterSeconds: 7, times: 1 });
    const error = await failure(listNew());
    assert.ok(error instanceof KaspiRateLimitedError);
    assert.equal(error.retryAfterMs, 7000);
    assert.equal(error.retryable, true);
    assert.deepEqual((await listNew()).map((o) => o.code), [order.code], 'the next request succeeds');
  });

  it('defaults the rate-limit delay when Retry-After is absent', async () => {
    ctx.sandbox.injectFault({ kind: 'status', status: 429, times: 1 });
    assert.equal((await failure(ctx.client.getOrder(order.id))).retryAfterMs, 5000);
  });

  it('maps 5xx, connection resets and timeouts to retryable transient errors', async () => {
    ctx.sandbox.injectFault({ route: 'get-order', kind: 'status', status: 503, times: 1 });
    const unavailable = await failure(ctx.client.getOrder(order.id));
    assert.ok(unavailable instanceof KaspiTransientError);
    assert.equal(unavailable.httpStatus, 503);

    ctx.sandbox.injectFault({ route: 'entries', kind: 'reset', times: 1 });
    const reset = await failure(ctx.client.getOrderEntries(order.id, order.code));
    assert.ok(reset instanceof KaspiTransientError);
    assert.equal(reset.retryable, true);

    const impatient = new KaspiClient(configFor(ctx.sandbox, { requestTimeoutMs: 150 }));
    ctx.sandbox.injectFault({ route: 'get-order', kind: 'latency', latencyMs: 600, times: 1 });
    const timeout = await failure(impatient.getOrder(order.id));
    assert.ok(timeout instanceof KaspiTransientError);
    assert.match(timeout.message, /timed out/);
  });

  it('maps a refused connection to a transient error', async () => {
    await ctx.sandbox.close();
    const error = await failure(new KaspiClient(configFor(ctx.sandbox)).getOrder(order.id));
    assert.ok(error instanceof KaspiTransientError);
    ctx = await startSandboxWithClient();
  });

  for (const kind of ['truncated', 'non-json', 'malformed-json'] as const) {
    it(`maps a ${kind} page that stays so on three reads to a non-retryable bad-payload error`, async () => {
      ctx.sandbox.injectFault({ route: 'list-orders', kind, times: 3 });
      const error = await failure(listNew());
      assert.ok(error instanceof KaspiBadPayloadError);
      assert.equal(error.retryable, false);
      assert.equal(error.unreadableBody, true);
      assert.match(error.message, /GET \/orders/);
      assert.equal(ctx.sandbox.requests().length, 3, 'read three times, then given up');
    });
  }

  it('reads a body cut off twice a third time and uses that good copy', async () => {
    ctx.sandbox.injectFault({ route: 'entries', kind: 'truncated', times: 2 });
    const entries = await ctx.client.getOrderEntries(order.id, order.code);
    assert.deepEqual(entries.map((e) => [e.sku, e.quantity]), [['SKU-A', 1]]);
    const faults = ctx.sandbox.requests().map((r) => r.fault ?? 'none');
    assert.deepEqual(faults.slice(0, 3), ['truncated', 'truncated', 'none']);
  });

  it('does not read JSON of the wrong shape again: it is Kaspi data, not a hiccup', async () => {
    ctx.sandbox.injectFault({ route: 'list-orders', kind: 'schema', times: 1 });
    const error = await failure(listNew());
    assert.ok(error instanceof KaspiBadPayloadError);
    assert.equal(error.unreadableBody, false);
    assert.equal(ctx.sandbox.requests().length, 1);
  });

  it('names the order and the field when a page violates the schema', async () => {
    ctx.sandbox.injectFault({ route: 'list-orders', kind: 'schema', times: 1 });
    const error = await failure(listNew());
    assert.ok(error instanceof KaspiBadPayloadError);
    assert.match(error.message, new RegExp(`order ${order.code} \\(id ${order.id}\\)`));
    assert.match(error.message, /data\[0\]\.attributes\.totalPrice/);
    assert.equal(error.orderRef, `${order.code} (id ${order.id})`);
  });

  it('names the order when its entries violate the schema', async () => {
    ctx.sandbox.injectFault({ route: 'entries', kind: 'schema', times: 1 });
    const error = await failure(ctx.client.getOrderEntries(order.id, order.code));
    assert.ok(error instanceof KaspiBadPayloadError);
    assert.match(error.message, new RegExp(order.code));
    assert.match(error.message, /data\[0\]\.attributes\.totalPrice/);
  });

  it('reports a status change whose reply was lost as transient, although Kaspi applied it', async () => {
    ctx.sandbox.injectFault({ route: 'post-order', kind: 'reset', applyThenFail: true, times: 1 });
    assert.ok((await failure(ctx.client.acceptOrder(order))) instanceof KaspiTransientError);
    assert.equal(ctx.sandbox.order(order.code)?.status, 'ACCEPTED_BY_MERCHANT');
    assert.equal(ctx.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
  });

  for (const kind of ['malformed-json', 'non-json', 'truncated'] as const) {
    it(`reports a status change answered with a ${kind} body as a lost reply (transient): whether it was applied is unknown`, async () => {
      // truncated is served first (applied, then the body cut off); the other two replace the reply (not applied).
      ctx.sandbox.injectFault({ route: 'post-order', kind, times: 1 });
      const error = await failure(ctx.client.acceptOrder(order));
      assert.ok(error instanceof KaspiTransientError, `got ${error.name}: ${error.message}`);
      assert.ok(error.retryable);
      assert.match(error.message, new RegExp(`POST /orders ACCEPTED_BY_MERCHANT for order ${order.code}.*whether it was applied is unknown`));
      assert.equal(ctx.sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), kind === 'truncated' ? 1 : 0);
    });
  }

  it('never shows the token in any error it raised', () => {
    assert.ok(seen.length >= 10);
    for (const error of seen) {
      const shown = `${String(error)} ${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`;
      assert.doesNotMatch(shown, /test-token-5f1c9e/);
    }
  });
});
