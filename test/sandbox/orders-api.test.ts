import assert from 'node:assert/strict';
import { startKaspiSandbox, type KaspiSandbox, type SandboxOptions } from '../../tools/sandbox/index.js';
import { kaspiFetch } from './kaspi-fetch.js';

const NOW = Date.parse('2025-06-20T06:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const list = (extra = '') =>
  `/orders?page[number]=0&page[size]=100&filter[orders][state]=NEW&filter[orders][creationDate][$ge]=${NOW - DAY}${extra}`;

describe('Sandbox GET API: headers, paging and resources', () => {
  let sandbox: KaspiSandbox;
  async function start(options: Partial<SandboxOptions> = {}) {
    sandbox = await startKaspiSandbox({ now: () => NOW, ...options });
  }
  afterEach(() => sandbox.close());

  describe('with default options', () => {
    beforeEach(() => start());

    it('answers 401 with a JSON:API error for a missing or wrong token, and logs it without the token', async () => {
      for (const token of ['', 'wrong']) {
        const response = await kaspiFetch(sandbox, list(), { headers: { 'X-Auth-Token': token } });
        assert.equal(response.status, 401);
        assert.ok(Array.isArray(response.json.errors));
      }
      assert.deepEqual(sandbox.requests().map((r) => r.authOk), [false, false]);
      assert.doesNotMatch(JSON.stringify(sandbox.requests()), new RegExp(sandbox.token));
    });

    it('answers 404 with an HTML page when Accept is missing', async () => {
      const response = await kaspiFetch(sandbox, list(), { headers: { Accept: '' } });
      assert.equal(response.status, 404);
      assert.match(response.contentType, /text\/html/);
      assert.match(response.text, /^<!DOCTYPE html>/);
    });

    it('answers 403 to the HTTP library’s default User-Agent', async () => {
      const response = await kaspiFetch(sandbox, list(), { headers: { 'User-Agent': 'got (https://github.com/sindresorhus/got)' } });
      assert.equal(response.status, 403);
    });

    it('requires both paging parameters, page[size] ≤ 100, a state, creationDate $ge and a window ≤ 14 days', async () => {
      const ge = `filter[orders][creationDate][$ge]=${NOW - DAY}`;
      const refused = [
        `/orders?page[size]=10&filter[orders][state]=NEW&${ge}`,
        `/orders?page[number]=0&filter[orders][state]=NEW&${ge}`,
        `/orders?page[number]=0&page[size]=101&filter[orders][state]=NEW&${ge}`,
        `/orders?page[number]=0&page[size]=10&${ge}`,
        `/orders?page[number]=0&page[size]=10&filter[orders][state]=NEW`,
        `/orders?page[number]=0&page[size]=10&filter[orders][state]=NEW&filter[orders][creationDate][$ge]=${NOW - 15 * DAY}`,
      ];
      for (const path of refused) {
        const response = await kaspiFetch(sandbox, path);
        assert.equal(response.status, 400, path);
        assert.equal(typeof response.json.errors[0].title, 'string');
      }
      const fourteenDays = `&filter[orders][creationDate][$le]=${NOW - DAY + 14 * DAY}`;
      assert.equal((await kaspiFetch(sandbox, list(fourteenDays))).status, 200);
    });

    it('pages with meta.pageCount/totalCount in stable creation order, and an empty page beyond the last', async () => {
      sandbox.generateOrders(5, { createdAt: NOW - 1000 });
      const page = (n: number) =>
        kaspiFetch(sandbox, `/orders?page[number]=${n}&page[size]=2&filter[orders][state]=NEW&filter[orders][creationDate][$ge]=${NOW - DAY}`);
      const pages = await Promise.all([0, 1, 2, 3].map(page));
      assert.deepEqual(pages[0].json.meta, { pageCount: 3, totalCount: 5 });
      assert.deepEqual(pages.map((p) => p.json.data.length), [2, 2, 1, 0]);
      const dates = pages.flatMap((p) => p.json.data.map((o: any) => o.attributes.creationDate));
      assert.deepEqual(dates, [...dates].sort((a, b) => a - b));
    });

    it('also understands percent-encoded brackets in the query', async () => {
      sandbox.generateOrders(1, { createdAt: NOW - 1000 });
      const encoded = list().replace(/\[/g, '%5B').replace(/\]/g, '%5D').replace(/\$/g, '%24');
      assert.equal((await kaspiFetch(sandbox, encoded)).json.data.length, 1);
    });

    it('filters by state, status and code, and includes customers on request', async () => {
      const [first, second] = sandbox.generateOrders(2, { createdAt: NOW - 1000 });
      sandbox.buyerCancel(second.code);
      const news = await kaspiFetch(sandbox, list('&filter[orders][status]=APPROVED_BY_BANK&include[orders]=user'));
      assert.deepEqual(news.json.data.map((o: any) => o.attributes.code), [first.code]);
      assert.deepEqual(news.json.included.map((c: any) => [c.type, c.attributes.cellPhone]), [['customers', first.customer.cellPhone]]);
      const byCode = await kaspiFetch(sandbox, `/orders?filter[orders][code]=${second.code}`);
      assert.equal(byCode.json.data[0].attributes.status, 'CANCELLED');
      assert.equal((await kaspiFetch(sandbox, '/orders?filter[orders][code]=1')).json.data.length, 0);
    });

    it('serves an order, its entries, entry, product, merchant product, point of service and customer', async () => {
      const order = sandbox.createOrder({ warehouse: 'PP15', lines: [{ sku: 'SKU-X', quantity: 3, unitPrice: 100 }] });
      const one = await kaspiFetch(sandbox, `/orders/${order.id}`);
      assert.equal(one.json.data.attributes.pickupPointId, '30123456_PP15');
      assert.equal(one.json.data.links.self, `${sandbox.baseUrl}/orders/${order.id}`);

      const entries = await kaspiFetch(sandbox, `/orders/${order.id}/entries`);
      assert.equal(entries.json.meta, undefined, 'entries are not paged');
      const [entry] = entries.json.data;
      assert.deepEqual(entry.attributes.offer, { code: 'SKU-X', name: 'Товар SKU-X' });
      assert.equal(entry.attributes.totalPrice, 300);

      assert.equal((await kaspiFetch(sandbox, `/orderentries/${entry.id}`)).json.data.attributes.minAllowedWeight, 0);
      const product = await kaspiFetch(sandbox, `/orderentries/${entry.id}/product`);
      assert.equal(product.json.data.type, 'masterproducts');
      const merchant = await kaspiFetch(sandbox, `/masterproducts/${product.json.data.id}/merchantProduct`);
      assert.equal(merchant.json.data.attributes.code, 'SKU-X');
      const pos = await kaspiFetch(sandbox, `/orderentries/${entry.id}/deliveryPointOfService`);
      assert.equal(pos.json.data.attributes.displayName, 'PP15');
      assert.equal((await kaspiFetch(sandbox, `/pointofservices/${pos.json.data.id}`)).json.data.attributes.displayName, 'PP15');
      assert.equal((await kaspiFetch(sandbox, `/orders/${order.id}/user`)).json.data.type, 'customers');
    });

    it('answers a JSON 404 for unknown resources and an HTML 404 for unknown paths', async () => {
      const unknownOrder = await kaspiFetch(sandbox, '/orders/OTk5OTk5');
      assert.equal(unknownOrder.status, 404);
      assert.ok(unknownOrder.json.errors);
      const unknownPath = await kaspiFetch(sandbox, '/order');
      assert.equal(unknownPath.status, 404);
      assert.match(unknownPath.contentType, /html/);
    });
  });

  it('lists without a state when the strict state switch is off (Q3)', async () => {
    await start({ requireState: false });
    sandbox.generateOrders(2, { createdAt: NOW - 1000 });
    const response = await kaspiFetch(sandbox, `/orders?page[number]=0&page[size]=10&filter[orders][creationDate][$ge]=${NOW - DAY}`);
    assert.equal(response.json.data.length, 2);
  });

  it('emits relative links like old documentation samples when asked', async () => {
    await start({ relativeLinks: true });
    const order = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    assert.equal((await kaspiFetch(sandbox, `/orders/${order.id}`)).json.data.links.self, `/v2/orders/${order.id}`);
  });

  it('injects faults by route for the next N requests or by seeded probability', async () => {
    await start({ seed: 42 });
    sandbox.injectFault({ route: 'list-orders', kind: 'status', status: 502, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await kaspiFetch(sandbox, list())).status);
    assert.deepEqual(statuses, [502, 502, 200]);
    assert.deepEqual(sandbox.requests().map((r) => r.fault), ['status', 'status', undefined]);

    sandbox.clearFaults();
    sandbox.injectFault({ kind: 'status', status: 500, probability: 0.5 });
    let failures = 0;
    for (let i = 0; i < 40; i += 1) if ((await kaspiFetch(sandbox, list())).status === 500) failures += 1;
    assert.ok(failures > 8 && failures < 32, `about half fail: ${failures}`);
  });
});
