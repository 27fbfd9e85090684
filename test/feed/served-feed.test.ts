/**
 * The served price list, end to end on real parts: a reservation commits, the database trigger notifies the
 * worker's listener, the price-list workflow regenerates, and the file Kaspi fetches has a new ETag within
 * seconds. Also the URL's protection (token path, basic auth) and conditional GETs.
 */
import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { waitFor } from '../support/wait-for.js';
import { startFeedServer, type FeedServer } from '../../price-list/feed-server.js';
import { startPriceListSignaller, type PriceListSignaller } from '../../price-list/change-signaller.js';
import { priceListWorkflowId } from '../../domain/temporal-names.js';
import { FEED_SETTINGS, stockCounts } from './support.js';

const TOKEN = 'test-token-0123456789abcdef';
const AUTH = { user: 'kaspi', password: 'секрет:pass' };
const authorization = `Basic ${Buffer.from(`${AUTH.user}:${AUTH.password}`).toString('base64')}`;

describe('the served price list', function () {
  this.timeout(180_000);
  let h: SyncHarness;
  let server: FeedServer;
  let signaller: PriceListSignaller;

  before(async () => {
    h = await createSyncHarness({
      inventory: { products: [{ sku: 'SKU-A', model: 'Green tea', brand: 'Tea House', price: 2990, stock: { PP1: 10 } }] },
      priceList: FEED_SETTINGS,
    });
    server = await startFeedServer(h.db, { host: '127.0.0.1', port: 0, path: `/${TOKEN}/kaspi.xml`, basicAuth: AUTH });
    signaller = await startPriceListSignaller({
      databaseUrl: h.databaseUrl,
      client: h.client,
      taskQueue: h.taskQueue,
      refresh: { minIntervalMs: 1_000, refreshIntervalMs: 60_000 },
    });
  });
  after(async () => {
    await signaller?.stop();
    await h?.client.workflow.getHandle(priceListWorkflowId(h.taskQueue)).terminate('test over').catch(() => undefined);
    await server?.close();
    await h?.close();
  });

  const get = (headers: Record<string, string> = {}, url = server.url) => fetch(url, { headers: { authorization, ...headers } });

  it('is published as soon as the worker listens, and served with ETag and Last-Modified', async () => {
    const response = await waitFor(async () => {
      const r = await get();
      return r.status === 200 ? r : undefined;
    }, 30_000, 200);
    assert.equal(response.headers.get('content-type'), 'application/xml; charset=utf-8');
    assert.match(response.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
    assert.ok(Date.parse(response.headers.get('last-modified') ?? '') > 0);
    assert.deepEqual(stockCounts(await response.text()), { 'SKU-A': { PP1: 10 } });
  });

  it('answers a fetch of an unchanged file with 304 (If-None-Match and If-Modified-Since)', async () => {
    const first = await get();
    await first.arrayBuffer();
    assert.equal((await get({ 'if-none-match': first.headers.get('etag')! })).status, 304);
    assert.equal((await get({ 'if-modified-since': first.headers.get('last-modified')! })).status, 304);
  });

  it('hides the file behind its token path and the basic-auth login', async () => {
    assert.equal((await get({}, server.url.replace(TOKEN, 'wrong-token-0123456789abcd'))).status, 404);
    assert.equal((await fetch(`${new URL(server.url).origin}/kaspi.xml`)).status, 404);
    const anonymous = await fetch(server.url);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Basic /);
    const wrongPassword = await fetch(server.url, { headers: { authorization: `Basic ${Buffer.from('kaspi:nope').toString('base64')}` } });
    assert.equal(wrongPassword.status, 401);
  });

  it('serves a new file (new ETag) within seconds of a reservation', async () => {
    const before = await get();
    const etagBefore = before.headers.get('etag');
    await before.arrayBuffer();
    h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 3 }] });
    await h.runSync();
    const sale = await h.db.stockMovement.findFirst({ where: { kind: 'SALE' }, orderBy: { id: 'desc' } });
    assert.ok(sale, 'the order reserved its stock');

    const changed = await waitFor(async () => {
      const r = await get();
      const body = await r.text();
      return r.headers.get('etag') !== etagBefore ? { r, body, at: Date.now() } : undefined;
    }, 30_000, 100);
    const seconds = (changed.at - sale.createdAt.getTime()) / 1000;
    console.log(`      reservation → new ETag served: ${seconds.toFixed(1)} s`);
    assert.ok(seconds < 5, `served ${seconds} s after the reservation`);
    assert.deepEqual(stockCounts(changed.body), { 'SKU-A': { PP1: 7 } });
  });
});
