/**
 * The shop header and token hygiene, against the sandbox over HTTP: X-Merchant-Uid on every request when
 * configured (the waybill PDF included) and never otherwise; the API token only to the configured API origin;
 * plain http:// only to a local sandbox.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { normaliseKaspiBaseUrl } from '../../kaspi/config.js';
import { KaspiConfigurationError } from '../../kaspi/errors.js';
import { kaspiConfigFromEnv } from '../../platform/kaspi-environment.js';
import { startSandboxWithClient, type SandboxWithClient } from './sandbox-client.js';

async function assembledWithWaybill(ctx: SandboxWithClient): Promise<string> {
  const order = ctx.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', lines: [{ sku: 'SKU-A', quantity: 1 }] });
  await ctx.client.acceptOrder(order);
  await ctx.client.assembleOrder(order, 1);
  await sleep(100);
  const ready = await ctx.client.getOrder(order.id);
  assert.ok(ready?.kaspiDelivery?.waybill, 'the waybill appeared');
  await ctx.client.downloadWaybill(ready.kaspiDelivery.waybill);
  return ready.kaspiDelivery.waybill;
}

describe('the shop header and the token', () => {
  let ctx: SandboxWithClient | undefined;
  afterEach(async () => {
    await ctx?.sandbox.close();
    ctx = undefined;
  });

  it('sends X-Merchant-Uid on every request, the waybill download included, when KASPI_MERCHANT_UID is set', async () => {
    ctx = await startSandboxWithClient({ waybillDelayMs: 0 }, { merchantUid: '30123456' });
    await assembledWithWaybill(ctx);
    const requests = ctx.sandbox.requests();
    assert.equal(requests.length, 4, 'accept, ASSEMBLE, read, PDF');
    assert.deepEqual([...new Set(requests.map((r) => r.merchantUid))], ['30123456']);
    assert.ok(requests.some((r) => r.path.includes('/waybill/')), 'the PDF download is among them');
  });

  it('sends no X-Merchant-Uid when it is not configured', async () => {
    ctx = await startSandboxWithClient({ waybillDelayMs: 0 });
    await assembledWithWaybill(ctx);
    assert.equal(ctx.sandbox.requests().length, 4);
    assert.ok(ctx.sandbox.requests().every((r) => r.merchantUid === undefined));
  });

  it('reads KASPI_MERCHANT_UID from the environment, trimmed, and leaves it out when empty', () => {
    const base = { KASPI_API_URL: 'https://kaspi.kz/shop/api/v2/orders', KASPI_AUTH_TOKEN: 't' };
    assert.equal(kaspiConfigFromEnv({ ...base, KASPI_MERCHANT_UID: ' 30123456 \n' }).merchantUid, '30123456');
    assert.equal(kaspiConfigFromEnv({ ...base, KASPI_MERCHANT_UID: '  ' }).merchantUid, undefined);
    assert.equal(kaspiConfigFromEnv(base).merchantUid, undefined);
  });

  it('never sends the API token to a waybill link on another host', async () => {
    ctx = await startSandboxWithClient({ waybillDelayMs: 0, foreignWaybillHost: true });
    const link = await assembledWithWaybill(ctx);
    assert.match(link, /^http:\/\/localhost:/, 'the link points at the other host');
    const requests = ctx.sandbox.requests();
    const download = requests.find((r) => r.path.includes('/waybill/'));
    assert.equal(download?.status, 200, 'the PDF was served');
    assert.equal(download?.tokenSent, false, 'without the token');
    assert.ok(requests.filter((r) => !r.path.includes('/waybill/')).every((r) => r.tokenSent && r.authOk), 'API calls still carry it');
  });

  it('refuses plain http:// to anything but a local sandbox, naming the risk', () => {
    assert.throws(() => normaliseKaspiBaseUrl('http://kaspi.kz/shop/api/v2/orders', 'KASPI_API_URL'), (error: Error) =>
      error instanceof KaspiConfigurationError && /KASPI_API_URL uses plain http:\/\/ to kaspi\.kz: the API token would travel unencrypted/.test(error.message));
    for (const local of ['http://127.0.0.1:8080/v2', 'http://localhost:8080/v2', 'http://[::1]:8080/v2']) {
      assert.doesNotThrow(() => normaliseKaspiBaseUrl(local), local);
    }
    assert.equal(normaliseKaspiBaseUrl('https://kaspi.kz/shop/api/v2/orders'), 'https://kaspi.kz/shop/api/v2');
  });
});
