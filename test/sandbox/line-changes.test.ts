/** The sandbox's T8 switch: a line cancelled or reduced in the cabinet after acceptance, seen in the entries. */
import assert from 'node:assert/strict';
import { LifecycleError, startKaspiSandbox, type KaspiSandbox } from '../../tools/sandbox/index.js';
import { kaspiFetch, postStatus } from './kaspi-fetch.js';

describe('Sandbox: lines changed after acceptance (T8)', () => {
  let sandbox: KaspiSandbox;
  beforeEach(async () => {
    sandbox = await startKaspiSandbox();
  });
  afterEach(() => sandbox.close());

  it('a cancelled line leaves the entries, a reduced one shows its new quantity, the status stays accepted', async () => {
    const order = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 3, unitPrice: 100 }, { sku: 'SKU-B', quantity: 1, unitPrice: 50 }] });
    await postStatus(sandbox, order, { status: 'ACCEPTED_BY_MERCHANT' });
    sandbox.changeLine(order.code, 1, 0);
    sandbox.changeLine(order.code, 0, 2);
    const entries = (await kaspiFetch(sandbox, `/orders/${order.id}/entries`)).json.data as { attributes: { quantity: number; totalPrice: number; offer: { code: string } } }[];
    assert.deepEqual(entries.map((e) => [e.attributes.offer.code, e.attributes.quantity, e.attributes.totalPrice]), [['SKU-A', 2, 200]]);
    assert.equal(sandbox.order(order.code)?.status, 'ACCEPTED_BY_MERCHANT');
    assert.equal(sandbox.order(order.code)?.totalPrice, 200);
  });

  it('refuses a change before acceptance, to an unknown entry, or one that does not lower the quantity', async () => {
    const order = sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }] });
    assert.throws(() => sandbox.changeLine(order.code, 0, 0), LifecycleError);
    await postStatus(sandbox, order, { status: 'ACCEPTED_BY_MERCHANT' });
    assert.throws(() => sandbox.changeLine(order.code, 5, 0), /has no entry 5/);
    assert.throws(() => sandbox.changeLine(order.code, 0, 1), /a change lowers it/);
  });
});
