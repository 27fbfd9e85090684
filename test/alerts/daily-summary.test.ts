// The optional daily summary: yesterday's figures (Almaty day), once per day, through the same outbox.
import { strict as assert } from 'node:assert';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMigratedDatabase } from '../support/infrastructure.js';
import { createAlertActivities } from '../../activities/alert-activities.js';
import { alertSettingsFromEnv } from '../../platform/alert-config.js';
import { createProcessMetrics } from '../../monitoring/process-metrics.js';
import { alertMessage } from '../../domain/alert-messages.js';
import type { AlertFacts } from '../../domain/alert-conditions.js';

describe('daily summary: yesterday in one message, once', function () {
  this.timeout(60_000);

  it("at 09:00 Almaty it reports yesterday's accepted, held and cancelled orders once, however often the alerts are evaluated", async () => {
    const { db } = await createMigratedDatabase('daily-summary');
    try {
      const yesterday = Date.parse('2026-12-01T15:00:00+05:00');
      let code = 0;
      const order = (data: Record<string, unknown>) => db.kaspiOrder.create({ data: { orderId: `s-${++code}`, orderCode: `95000000${code}`, stockName: 'PP1', status: 'ACCEPTED_BY_MERCHANT', kaspiCreatedAt: new Date(yesterday), ...data } });
      await order({ syncState: 'ACCEPTED', acceptedAt: new Date(yesterday) });
      await order({ syncState: 'ACCEPTED', acceptedAt: new Date(yesterday + 3_600_000) });
      await order({ syncState: 'ACCEPTED', acceptedAt: new Date(Date.parse('2026-12-02T09:01:00+05:00')) }); // today: not counted
      await order({ syncState: 'CANCELLED', isCanceled: true, cancellationReason: 'MERCHANT_OUT_OF_STOCK', closedAt: new Date(yesterday) });
      let now = Date.parse('2026-12-02T08:59:00+05:00');
      const metrics = createProcessMetrics();
      const settings = alertSettingsFromEnv({ ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/none', ALERT_WEBHOOK_SECRET: 'secret', ALERT_LANGUAGE: 'en', ALERT_DAILY_SUMMARY_AT: '09:00' })!;
      const activities = createAlertActivities({ db, settings, kaspiRequests: metrics.kaspi, deliveryMetrics: metrics.alertDeliveries, now: () => now });
      const evaluate = () => new MockActivityEnvironment().run(activities.evaluateAlerts);
      const summaries = () => db.alertNotification.findMany({ where: { kind: 'summary' } });

      await evaluate();
      assert.equal((await summaries()).length, 0, 'not before 09:00');
      now = Date.parse('2026-12-02T09:00:30+05:00');
      await evaluate();
      await evaluate();
      const [summary, ...more] = await summaries();
      assert.equal(more.length, 0, 'once a day');
      assert.equal(summary!.subject, '2026-12-01');
      assert.equal(alertMessage({ condition: summary!.condition, kind: 'summary', facts: summary!.facts as unknown as AlertFacts, now }, 'en'), '📊 2026-12-01: 2 accepted, 0 held, 1 cancelled; merchant-fault cancellations over 30 days 25.0 %; 0 waybill(s) missing.');
    } finally {
      await db.$disconnect();
    }
  });
});
