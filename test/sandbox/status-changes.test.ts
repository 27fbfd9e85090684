import assert from 'node:assert/strict';
import { startKaspiSandbox, type KaspiSandbox, type OrderSpec, type SandboxOptions } from '../../tools/sandbox/index.js';
import { postStatus } from './kaspi-fetch.js';

const ACCEPT = { status: 'ACCEPTED_BY_MERCHANT' };
const CANCEL = { status: 'CANCELLED', cancellationReason: 'BUYER_CANCELLATION_BY_MERCHANT' };
const ASSEMBLE = { status: 'ASSEMBLE', numberOfSpace: '1' };

describe('Sandbox POST /orders status changes and their preconditions', () => {
  let sandbox: KaspiSandbox;
  async function start(options: Partial<SandboxOptions> = {}) {
    sandbox = await startKaspiSandbox({ waybillDelayMs: 50, ...options });
  }
  const create = (spec: Partial<OrderSpec> = {}) =>
    sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-A', quantity: 1 }], ...spec });
  afterEach(() => sandbox.close());

  describe('with default (strict) behaviour', () => {
    beforeEach(() => start());

    it('T1: accepts an APPROVED_BY_BANK order and echoes only code and status', async () => {
      const order = create();
      const response = await postStatus(sandbox, order, ACCEPT);
      assert.equal(response.status, 200);
      assert.deepEqual(response.json.data.attributes, { code: order.code, status: 'ACCEPTED_BY_MERCHANT' });
      assert.equal(response.json.data.relationships.user.data, null);
      assert.deepEqual(response.json.included, []);
      assert.equal(sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT'), 1);
    });

    it('T1: moves the accepted order to the bucket of its delivery mode', async () => {
      const cases: Array<[Partial<OrderSpec>, string]> = [
        [{ isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL' }, 'KASPI_DELIVERY'],
        [{ isKaspiDelivery: true, deliveryMode: 'DELIVERY_PICKUP' }, 'KASPI_DELIVERY'],
        [{ isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP' }, 'PICKUP'],
        [{ isKaspiDelivery: false, deliveryMode: 'DELIVERY_LOCAL' }, 'DELIVERY'],
        [{ isKaspiDelivery: false, deliveryMode: 'DELIVERY_REGIONAL_PICKUP' }, 'DELIVERY'],
      ];
      for (const [spec, state] of cases) {
        const order = create(spec);
        assert.equal((await postStatus(sandbox, order, ACCEPT)).status, 200);
        assert.equal(sandbox.order(order.code)?.state, state, JSON.stringify(spec));
      }
    });

    it('T1: refuses to accept a cancelled order, or an accepted one again (Q1 strict), with a 400 title', async () => {
      const cancelled = create();
      sandbox.buyerCancel(cancelled.code);
      const refused = await postStatus(sandbox, cancelled, ACCEPT);
      assert.equal(refused.status, 400);
      assert.equal(refused.json.errors[0].title, "Order is cancelled, so it can't be accepted.");

      const accepted = create();
      await postStatus(sandbox, accepted, ACCEPT);
      assert.equal((await postStatus(sandbox, accepted, ACCEPT)).status, 400);
      assert.equal(sandbox.actionCount(accepted.code, 'ACCEPTED_BY_MERCHANT'), 1);
    });

    it('refuses a body whose code does not match the order id', async () => {
      const order = create();
      const response = await postStatus(sandbox, order, { ...ACCEPT, code: '1' });
      assert.equal(response.status, 400);
      assert.equal(sandbox.order(order.code)?.status, 'APPROVED_BY_BANK');
    });

    it('T2: cancels from APPROVED_BY_BANK and from ACCEPTED_BY_MERCHANT, echoing reason and status', async () => {
      const fresh = create();
      const response = await postStatus(sandbox, fresh, CANCEL);
      assert.deepEqual(response.json.data.attributes, { cancellationReason: 'BUYER_CANCELLATION_BY_MERCHANT', status: 'CANCELLED' });
      const accepted = create();
      await postStatus(sandbox, accepted, ACCEPT);
      assert.equal((await postStatus(sandbox, accepted, CANCEL)).status, 200);
      for (const order of [fresh, accepted]) {
        const stored = sandbox.order(order.code)!;
        assert.deepEqual([stored.state, stored.status, stored.cancellationReason], ['ARCHIVE', 'CANCELLED', 'BUYER_CANCELLATION_BY_MERCHANT']);
      }
    });

    it('T2: refuses a cancellation without a valid reason, with an over-long comment, or of an archived order', async () => {
      const order = create();
      assert.equal((await postStatus(sandbox, order, { status: 'CANCELLED' })).status, 400);
      assert.equal((await postStatus(sandbox, order, { ...CANCEL, cancellationReason: 'BORED' })).status, 400);
      assert.equal((await postStatus(sandbox, order, { ...CANCEL, cancellationComment: 'x'.repeat(1001) })).status, 400);
      sandbox.buyerCancel(order.code);
      const again = await postStatus(sandbox, order, CANCEL);
      assert.equal(again.status, 400);
      assert.match(again.json.errors[0].title, /cancelled, so it can't be cancelled/);
    });

    it('T2: refuses cancellation after ASSEMBLE by default (S7 claim)', async () => {
      const order = create();
      await postStatus(sandbox, order, ACCEPT);
      await postStatus(sandbox, order, ASSEMBLE);
      const response = await postStatus(sandbox, order, CANCEL);
      assert.equal(response.status, 400);
      assert.equal(response.json.errors[0].title, "Order is assembled, so it can't be cancelled.");
    });

    it('T5: assembles an accepted Kaspi Delivery order, echoing numberOfSpace as a number', async () => {
      const order = create();
      await postStatus(sandbox, order, ACCEPT);
      const response = await postStatus(sandbox, order, { status: 'ASSEMBLE', numberOfSpace: '2' });
      assert.equal(response.status, 200);
      assert.deepEqual(response.json.data.attributes, { numberOfSpace: 2, status: 'ASSEMBLE' });
      const stored = sandbox.order(order.code)!;
      assert.deepEqual([stored.assembled, stored.status, stored.numberOfSpace], [true, 'ACCEPTED_BY_MERCHANT', 2]);
      assert.equal(sandbox.actionCount(order.code, 'ASSEMBLE'), 1);
    });

    it('T5: refuses ASSEMBLE for a non-Kaspi-Delivery order, before acceptance, without numberOfSpace, or twice (Q2 strict)', async () => {
      const pickup = create({ isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP' });
      await postStatus(sandbox, pickup, ACCEPT);
      const notKaspi = await postStatus(sandbox, pickup, ASSEMBLE);
      assert.equal(notKaspi.status, 400);
      assert.match(notKaspi.json.errors[0].title, /not a Kaspi Delivery order/);

      const unaccepted = create();
      assert.equal((await postStatus(sandbox, unaccepted, ASSEMBLE)).status, 400);

      const accepted = create();
      await postStatus(sandbox, accepted, ACCEPT);
      assert.equal((await postStatus(sandbox, accepted, { status: 'ASSEMBLE' })).status, 400);
      assert.equal((await postStatus(sandbox, accepted, ASSEMBLE)).status, 200);
      assert.equal((await postStatus(sandbox, accepted, ASSEMBLE)).status, 400);
    });

    it('T5: refuses ASSEMBLE once the parcel is with the courier', async () => {
      const order = create();
      await postStatus(sandbox, order, ACCEPT);
      await postStatus(sandbox, order, ASSEMBLE);
      sandbox.handOverToCourier(order.code);
      assert.equal((await postStatus(sandbox, order, ASSEMBLE)).status, 400);
    });

    it('T3/T4: completes a pickup order in two steps with the buyer’s security code', async () => {
      const order = create({ isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP' });
      await postStatus(sandbox, order, ACCEPT);
      const codeHeaders = (code: string) => ({ 'X-Security-Code': code, 'X-Send-Code': 'true' });
      assert.equal((await postStatus(sandbox, order, { status: 'COMPLETED' }, codeHeaders(''))).status, 200);
      assert.equal(sandbox.order(order.code)?.status, 'ACCEPTED_BY_MERCHANT', 'step 1 only texts the buyer');
      const wrong = await postStatus(sandbox, order, { status: 'COMPLETED' }, codeHeaders('0000'));
      assert.equal(wrong.json.errors[0].title, 'Security code is not valid. And the order cannot be completed without it');
      const { securityCode } = sandbox.order(order.code)!;
      assert.equal((await postStatus(sandbox, order, { status: 'COMPLETED' }, codeHeaders(securityCode))).status, 200);
      assert.deepEqual([sandbox.order(order.code)?.state, sandbox.order(order.code)?.status], ['ARCHIVE', 'COMPLETED']);
      const again = await postStatus(sandbox, order, { status: 'COMPLETED' }, codeHeaders(securityCode));
      assert.equal(again.json.errors[0].title, "Order already has been completed, so it can't be completed again.");
    });

    it('T6: marks an accepted pre-order as arrived, and refuses it for ordinary orders', async () => {
      const preOrder = create({ preOrder: true });
      await postStatus(sandbox, preOrder, ACCEPT);
      assert.equal((await postStatus(sandbox, preOrder, { status: 'ARRIVED' })).status, 200);
      assert.equal(sandbox.order(preOrder.code)?.arrived, true);
      const ordinary = create();
      await postStatus(sandbox, ordinary, ACCEPT);
      assert.equal((await postStatus(sandbox, ordinary, { status: 'ARRIVED' })).status, 400);
    });

    it('T7: ARRIVED_BACKWARD archives a CANCELLING order as cancelled and a requested return as returned', async () => {
      const cancelling = create();
      await postStatus(sandbox, cancelling, ACCEPT);
      sandbox.cancelInDelivery(cancelling.code);
      assert.equal((await postStatus(sandbox, cancelling, { status: 'ARRIVED_BACKWARD' })).status, 200);
      assert.deepEqual([sandbox.order(cancelling.code)?.state, sandbox.order(cancelling.code)?.status], ['ARCHIVE', 'CANCELLED']);

      const returning = create();
      await postStatus(sandbox, returning, ACCEPT);
      sandbox.complete(returning.code);
      sandbox.requestReturn(returning.code);
      assert.equal((await postStatus(sandbox, returning, { status: 'ARRIVED_BACKWARD' })).status, 200);
      assert.deepEqual([sandbox.order(returning.code)?.state, sandbox.order(returning.code)?.status], ['ARCHIVE', 'RETURNED']);
    });

    it('T7: refuses ARRIVED_BACKWARD for an order that is neither cancelling nor being returned', async () => {
      const order = create();
      await postStatus(sandbox, order, ACCEPT);
      assert.equal((await postStatus(sandbox, order, { status: 'ARRIVED_BACKWARD' })).status, 400);
    });

    it('answers 404 for an unknown order id and 400 for a status the merchant cannot set', async () => {
      assert.equal((await postStatus(sandbox, { id: 'OTk5', code: '999' }, ACCEPT)).status, 404);
      assert.equal((await postStatus(sandbox, create(), { status: 'RETURNED' })).status, 400);
    });
  });

  describe('with the lenient open-question switches', () => {
    beforeEach(() => start({ reacceptBehaviour: 'ok', reassembleBehaviour: 'ok', cancelAfterAssembleAllowed: true }));

    it('Q1 ok: re-accepting an accepted order is a 200 no-op', async () => {
      const order = create();
      await postStatus(sandbox, order, ACCEPT);
      assert.equal((await postStatus(sandbox, order, ACCEPT)).status, 200);
      assert.equal(sandbox.order(order.code)?.state, 'KASPI_DELIVERY');
    });

    it('Q2 ok: re-assembling keeps the first numberOfSpace; cancelling after ASSEMBLE is allowed', async () => {
      const order = create();
      await postStatus(sandbox, order, ACCEPT);
      await postStatus(sandbox, order, ASSEMBLE);
      const again = await postStatus(sandbox, order, { status: 'ASSEMBLE', numberOfSpace: '3' });
      assert.equal(again.status, 200);
      assert.equal(sandbox.order(order.code)?.numberOfSpace, 1);
      assert.equal((await postStatus(sandbox, order, CANCEL)).status, 200);
    });
  });
});
