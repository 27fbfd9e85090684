import { strict as assert } from 'node:assert';
import { alertTransitions, type StoredAlert } from '../../domain/alert-state.js';
import { AlertConditions, cancellationShareObservations, type Observation } from '../../domain/alert-conditions.js';
import { alertMessage } from '../../domain/alert-messages.js';

const held = (code: string): Observation => ({ condition: AlertConditions.orderHeld, subject: code, facts: { orderCode: code, reason: 'out of stock at PP1: SKU-A needs 1, has 0', warehouse: 'PP1', express: false, deadline: Date.parse('2026-12-02T08:00:00Z'), minutesLeft: 120 } });
const firing = (code: string, lastNotifiedAt: number): StoredAlert => ({ condition: AlertConditions.orderHeld, subject: code, state: 'FIRING', facts: held(code).facts, firedAt: lastNotifiedAt, lastNotifiedAt });
const evaluated = new Set<string>([AlertConditions.orderHeld]);
const NOW = Date.parse('2026-12-02T06:00:00Z');

describe('alert deduplication: one alert per condition and order', () => {
  it('a new held order fires once; the next evaluations within the reminder interval say nothing', () => {
    assert.deepEqual(alertTransitions([], { observations: [held('1')], evaluated }, NOW, 30).map((t) => t.kind), ['fired']);
    assert.deepEqual(alertTransitions([firing('1', NOW - 29 * 60_000)], { observations: [held('1')], evaluated }, NOW, 30), []);
  });

  it('a reminder comes at most every N minutes while the order stays held', () => {
    assert.deepEqual(alertTransitions([firing('1', NOW - 30 * 60_000)], { observations: [held('1')], evaluated }, NOW, 30).map((t) => t.kind), ['reminder']);
  });

  it('an order no longer held resolves once; a resolved alert stays quiet', () => {
    assert.deepEqual(alertTransitions([firing('1', NOW)], { observations: [], evaluated }, NOW, 30).map((t) => t.kind), ['resolved']);
    assert.deepEqual(alertTransitions([{ ...firing('1', NOW), state: 'RESOLVED' }], { observations: [], evaluated }, NOW, 30), []);
  });

  it('a source that could not be read resolves nothing', () => {
    assert.deepEqual(alertTransitions([firing('1', NOW)], { observations: [], evaluated: new Set() }, NOW, 30), []);
  });

  it('the same order seen twice in one evaluation is one alert', () => {
    assert.equal(alertTransitions([], { observations: [held('1'), held('1'), held('2')], evaluated }, NOW, 30).length, 2);
  });

  it("Kaspi's quality rule: 3 % warns, 5 % is critical", () => {
    assert.deepEqual(cancellationShareObservations(2, 100).map((o) => o.condition), []);
    assert.deepEqual(cancellationShareObservations(3, 100).map((o) => o.condition), ['cancellation_share_warning']);
    assert.deepEqual(cancellationShareObservations(5, 100).map((o) => o.condition), ['cancellation_share_warning', 'cancellation_share_critical']);
    assert.deepEqual(cancellationShareObservations(0, 0), []);
  });
});

describe('alert messages in Russian and English: the order, the time left, the action', () => {
  const input = { condition: AlertConditions.orderHeld, kind: 'fired' as const, facts: held('712000001').facts, now: NOW };

  it('English names the order, the reason, the minutes before the auto-cancel and the retry command', () => {
    assert.equal(alertMessage(input, 'en'), "⚠️ Order 712000001 is held at PP1: out of stock at PP1: SKU-A needs 1, has 0. Kaspi auto-cancels it as the shop's fault in 2 h 0 min (at 13:00 Almaty). Fix the cause (add stock, the product or the warehouse mapping), then: kaspi-sync order retry 712000001");
  });

  it('Russian says the same', () => {
    assert.equal(alertMessage(input, 'ru'), '⚠️ Заказ 712000001 задержан на складе PP1: out of stock at PP1: SKU-A needs 1, has 0. До автоотмены Kaspi по вине магазина: 2 ч 0 мин (в 13:00 по Алматы). Устраните причину (добавьте остаток, товар или склад в KASPI_WAREHOUSE_MAP) и выполните: kaspi-sync order retry 712000001');
  });

  it('a reminder sent later counts the minutes left at sending time; an Express order says so', () => {
    const later = alertMessage({ ...input, kind: 'reminder', now: NOW + 95 * 60_000, facts: { ...held('712000001').facts, express: true } }, 'en');
    assert.match(later, /^⏰ Reminder: order 712000001/);
    assert.match(later, /\(Express\) in 25 min/);
  });

  it('every condition has a fired and a resolved text in both languages', () => {
    for (const condition of Object.values(AlertConditions)) {
      for (const language of ['ru', 'en'] as const) {
        for (const kind of ['fired', 'resolved'] as const) {
          const text = alertMessage({ condition, kind, now: NOW, facts: { orderCode: '1', reason: 'r', warehouse: 'PP1', express: false, minutesSinceAccepted: 40, step: 'intake', runs: 3, at: NOW, scheduleId: 's', minutesSinceLastRun: 9, intervalMinutes: 2, minutes: 12, lastProblem: 'x', share: 0.04, cancelled: 4, orders: 100, threshold: 0.03 } as never }, language);
          assert.ok(text.length > 10 && !text.includes('undefined'), `${condition} ${kind} ${language}: ${text}`);
        }
      }
    }
  });
});
