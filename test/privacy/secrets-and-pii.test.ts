import assert from 'node:assert/strict';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { startWorkerProcess, type WorkerProcess } from '../../tools/support/worker-process.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';

const TOKEN = 'kaspi-secret-TOKEN-5c1e9a77d2';
/** Raw phone formats as Kaspi may send them; the 10 national digits are what must never leak. */
const CUSTOMERS = [
  { cellPhone: '7011234567', firstName: 'Зарина', lastName: 'Приватова' },
  { cellPhone: '+77051234568', firstName: 'Жандос', lastName: 'Скрытов' },
  { cellPhone: '87071234569', firstName: 'Алтынай', lastName: 'Тайнова' },
  { cellPhone: '7471234560', firstName: 'Берик', lastName: 'Секретов' },
];

/** Every spelling of a phone a log line might use: 7011234567, +77011234567, 87011234567, 77011234567, 701 123 45 67. */
function phoneForms(raw: string): string[] {
  const ten = raw.replace(/\D/g, '').slice(-10);
  return [ten, `+7${ten}`, `8${ten}`, `7${ten}`, `${ten.slice(0, 3)} ${ten.slice(3, 6)} ${ten.slice(6, 8)} ${ten.slice(8)}`];
}

/** JSON with every byte array decoded as text, so payloads inside a history are scanned as what they say. */
function readable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
    if (typeof v === 'bigint') return String(v);
    return v;
  });
}

function leaks(text: string): string[] {
  const found: string[] = [];
  if (text.includes(TOKEN)) found.push('the Kaspi token');
  for (const customer of CUSTOMERS) {
    for (const form of phoneForms(customer.cellPhone)) if (text.includes(form)) found.push(`phone ${form}`);
    for (const name of [customer.firstName, customer.lastName]) if (text.includes(name)) found.push(`name ${name}`);
  }
  return [...new Set(found)];
}

describe('secrets and personal data: the token and customers\' phones never reach logs, log_events or workflow histories', function () {
  this.timeout(240_000);
  let h: SyncHarness;
  let worker: WorkerProcess | undefined;
  const syncIds: string[] = [];
  const orderCodes: string[] = [];

  before(async () => {
    h = await createSyncHarness({
      inventory: { products: [{ sku: 'SKU-P', model: 'P', stock: { PP1: 10, PP15: 10 } }] },
      sandbox: { token: TOKEN },
    });
    await h.stopWorker();
    worker = await startWorkerProcess({
      databaseUrl: h.databaseUrl,
      kaspiApiUrl: h.sandbox.ordersUrl,
      kaspiToken: TOKEN,
      temporalAddress: h.temporalAddress,
      taskQueue: h.taskQueue,
      env: { LOG_LEVEL: 'DEBUG' },
    });
    // Accepted (own and Kaspi Delivery, with waybill), held (unknown SKU, out of stock), then cancelled and restocked.
    const specs = [
      { warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP' as const, lines: [{ sku: 'SKU-P', quantity: 1 }] },
      { warehouse: 'PP15', isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL' as const, lines: [{ sku: 'SKU-P', quantity: 2 }] },
      { warehouse: 'PP1', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP' as const, lines: [{ sku: 'SKU-UNKNOWN', quantity: 1 }] },
      { warehouse: 'PP15', isKaspiDelivery: false, deliveryMode: 'DELIVERY_PICKUP' as const, lines: [{ sku: 'SKU-P', quantity: 50 }] },
    ];
    specs.forEach((spec, i) => orderCodes.push(h.sandbox.createOrder({ ...spec, customer: CUSTOMERS[i] }).code));
    // A rejected request and a broken body put error paths into the logs too.
    h.sandbox.injectFault({ route: 'entries', kind: 'status', status: 503, times: 2 });
    h.sandbox.injectFault({ route: 'get-order', kind: 'truncated', orderCode: orderCodes[2], times: 3 });
    for (let run = 0; run < 2; run += 1) {
      const handle = await h.startSync();
      syncIds.push(handle.workflowId);
      await handle.result();
      if (run === 0) h.sandbox.buyerCancel(orderCodes[0]);
    }
    assert.equal((await h.order(orderCodes[0]))?.syncState, 'RESTOCKED');
    assert.equal((await h.order(orderCodes[1]))?.syncState, 'ACCEPTED');
    assert.equal((await h.order(orderCodes[2]))?.syncState, 'HELD');
  });

  after(async () => {
    await worker?.stop();
    await h?.close();
  });

  it('stores the customer contact only in kaspi_sold_products (so the scans below would see a leak)', async () => {
    const line = await h.db.kaspiSoldProduct.findFirst({ where: { orderCode: orderCodes[1] } });
    assert.equal(line?.customerPhone, '+77051234568');
    assert.equal(line?.customerName, 'Жандос Скрытов');
  });

  it('keeps them out of the worker\'s log output', () => {
    const output = worker!.output();
    assert.ok(output.includes('order finished') || output.includes('sync finished'), 'the worker logged at INFO/DEBUG');
    assert.deepEqual(leaks(output), []);
  });

  it('keeps them out of log_events', async () => {
    const events = await h.db.logEvent.findMany();
    assert.ok(events.length >= 4, 'business events were written');
    assert.deepEqual(leaks(readable(events)), []);
  });

  it('keeps them out of the workflow histories of the sync runs and every order', async () => {
    const ids = [...syncIds, ...orderCodes.map(orderWorkflowId)];
    for (const id of ids) {
      const history = await h.client.workflow.getHandle(id).fetchHistory();
      assert.ok((history.events?.length ?? 0) > 0, `history of ${id} was exported`);
      assert.deepEqual(leaks(readable(history)), [], `history of ${id}`);
    }
  });

  it('keeps them out of the database everywhere but the order lines', async () => {
    const orders = await h.db.kaspiOrder.findMany();
    const movements = await h.db.stockMovement.findMany();
    const cancelled = await h.db.kaspiCanceledOrder.findMany();
    assert.deepEqual(leaks(readable({ orders, movements, cancelled })), []);
  });
});
