// Done-when of issue 14: a held order reaches a person once per channel, resolves once, never repeats; a
// failing webhook is retried with back-off and delivers exactly once, while the sync's figures are unaffected.
import { strict as assert } from 'node:assert';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { waitFor } from '../support/wait-for.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import { retryOrderSignal } from '../../workflows/messages.js';
import { BOT_TOKEN, createAlertHarness, quietFor, WEBHOOK_SECRET, type AlertHarness } from './support.js';

const inventory = { products: [{ sku: 'SKU-VASE', model: 'Vase', stock: { PP1: 0 } }, { sku: 'SKU-CUP', model: 'Cup', stock: { PP1: 50 } }] };

function verifiedBodies(a: AlertHarness): { type: string; orderCode?: string; message: string; at: string }[] {
  return a.webhook.accepted().map(({ body, signature }) => {
    const expected = createHmac('sha256', WEBHOOK_SECRET).update(body).digest();
    assert.ok(signature && timingSafeEqual(Buffer.from(signature, 'hex'), expected), 'X-Kaspi-Sync-Signature is HMAC-SHA256 of the body');
    return JSON.parse(body);
  });
}

describe('alerts: a held order reaches Telegram and the webhook once, and its resolution once', function () {
  this.timeout(120_000);
  let a: AlertHarness;
  afterEach(() => a?.close());

  it('an out-of-stock order: one sendMessage and one signed webhook; a second run repeats nothing; stock added and retried: one "resolved"', async () => {
    a = await createAlertHarness({ inventory });
    const order = a.h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-VASE', quantity: 1 }] });
    const summary = await a.h.runSync();
    assert.equal(summary.held, 1);

    await waitFor(async () => a.telegram.messages.length >= 1 && a.webhook.accepted().length >= 1, 15_000, 50);
    const [message] = a.telegram.messages;
    assert.match(message!.text, new RegExp(`^⚠️ Order ${order.code} is held at PP1: out of stock at PP1: SKU-VASE needs 1, has 0\\. Kaspi auto-cancels it as the shop's fault in (\\d+ h )?\\d+ min \\(at \\d\\d:\\d\\d Almaty\\)`));
    assert.match(message!.text, new RegExp(`kaspi-sync order retry ${order.code}$`));
    const [body] = verifiedBodies(a);
    assert.deepEqual(Object.keys(body!).sort(), ['at', 'message', 'orderCode', 'type']);
    assert.equal(body!.type, 'order_held');
    assert.equal(body!.orderCode, order.code);
    assert.equal(body!.message, message!.text);

    await a.h.runSync();
    await quietFor(1_500);
    assert.equal(a.telegram.messages.length, 1, 'a second run does not repeat the alert');
    assert.equal(a.webhook.accepted().length, 1);

    await loadInventory(a.h.db, { products: [{ sku: 'SKU-VASE', model: 'Vase', stock: { PP1: 3 } }] });
    await a.h.client.workflow.getHandle(orderWorkflowId(order.code)).signal(retryOrderSignal);
    await waitFor(async () => a.telegram.messages.length >= 2 && a.webhook.accepted().length >= 2, 15_000, 50);
    assert.equal(a.telegram.messages[1]!.text, `✅ Order ${order.code} is no longer held.`);
    assert.deepEqual(verifiedBodies(a).map((b) => b.type), ['order_held', 'order_held_resolved']);

    await a.h.runSync();
    await quietFor(1_500);
    assert.equal(a.telegram.messages.length, 2, 'one "resolved", then silence');
    assert.equal(a.webhook.accepted().length, 2);
    assert.equal(a.metrics.alertDeliveries.value({ channel: 'telegram', result: 'delivered' }), 2);

    // Secrets stay out of the alert workflow's history, the messages and log_events.
    const history = JSON.stringify(await a.h.client.workflow.getHandle(a.alertsWorkflowId).fetchHistory());
    const events = JSON.stringify(await a.h.db.logEvent.findMany());
    for (const secret of [BOT_TOKEN, WEBHOOK_SECRET, a.h.sandbox.token]) {
      assert.ok(!history.includes(secret) && !events.includes(secret) && !a.webhook.received.some((r) => r.body.includes(secret)));
    }
  });

  it('a webhook failing 5 times then succeeding delivers exactly once, with back-off; the sync is neither slowed nor changed', async () => {
    a = await createAlertHarness({ inventory });
    a.webhook.failNext(5);
    a.h.sandbox.createOrder({ warehouse: 'PP1', isKaspiDelivery: false, lines: [{ sku: 'SKU-CUP', quantity: 2 }] });
    const held = a.h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-VASE', quantity: 1 }] });
    const summary = await a.h.runSync();
    assert.equal(a.webhook.accepted().length, 0, 'the run finished while the webhook was still failing: it did not wait for it');
    assert.equal(summary.accepted, 1);
    assert.equal(summary.held, 1);
    assert.equal(summary.errors.length, 0);
    assert.equal(await a.h.quantity('SKU-CUP', 'PP1'), 48);

    await waitFor(async () => a.webhook.accepted().length >= 1, 40_000, 100);
    await quietFor(1_000);
    assert.equal(a.webhook.received.length, 6, 'five failures, then the one that succeeded');
    assert.equal(a.webhook.accepted().length, 1, 'delivered exactly once');
    assert.equal(verifiedBodies(a)[0]!.orderCode, held.code);
    assert.equal(a.telegram.messages.length, 1, 'the other channel was not held up or repeated');
    assert.equal(a.metrics.alertDeliveries.value({ channel: 'webhook', result: 'failed' }), 5);
    assert.equal(a.metrics.alertDeliveries.value({ channel: 'webhook', result: 'delivered' }), 1);
    const gaps = a.webhook.received.slice(1).map((r, i) => r.at - a.webhook.received[i]!.at);
    assert.ok(gaps.at(-1)! > gaps[0]! * 2, `back-off grows: ${gaps.join(', ')} ms`);
  });

  it('a webhook that hangs holds up neither the sync run nor the Telegram message', async () => {
    a = await createAlertHarness({ inventory });
    a.webhook.hang(true);
    const order = a.h.sandbox.createOrder({ warehouse: 'PP1', lines: [{ sku: 'SKU-VASE', quantity: 1 }] });
    const summary = await a.h.runSync();
    assert.equal(summary.held, 1);
    await waitFor(async () => a.telegram.messages.length === 1 && a.webhook.received.length === 1, 15_000, 50);
    assert.match(a.telegram.messages[0]!.text, new RegExp(`Order ${order.code} is held`));
    assert.equal(a.webhook.accepted().length, 0, 'the webhook is still hanging (its attempt times out after 10 s and is retried)');
  });

  it('an invalid TELEGRAM_CHAT_ID is refused by Telegram: not retried, given up and counted; the webhook still delivers (an Express order: under 60 minutes)', async () => {
    a = await createAlertHarness({ inventory, env: { TELEGRAM_CHAT_ID: '-1009999999999' } });
    a.h.sandbox.createOrder({ warehouse: 'PP1', express: true, lines: [{ sku: 'SKU-VASE', quantity: 1 }] });
    await a.h.runSync();
    await waitFor(async () => a.metrics.alertDeliveries.value({ channel: 'telegram', result: 'given_up' }) === 1 && a.webhook.accepted().length === 1, 15_000, 50);
    assert.equal(a.telegram.requests, 1, 'a refusal for good is not retried');
    assert.equal(a.metrics.alertDeliveries.value({ channel: 'telegram', result: 'rejected' }), 1);
    const delivery = await a.h.db.alertDelivery.findFirst({ where: { channel: 'telegram' } });
    assert.ok(delivery?.givenUpAt);
    assert.match(delivery!.lastError ?? '', /HTTP 400 Bad Request: chat not found/);
    assert.ok(!delivery!.lastError!.includes(BOT_TOKEN));
    assert.match(verifiedBodies(a)[0]!.message, /as the shop's fault \(Express\) in [1-5]?\d min/);
  });
});
