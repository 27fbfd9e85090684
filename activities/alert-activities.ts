/**
 * The alert workflow's activities (workflows/alerts.ts): evaluate the conditions and record what changed
 * (activities/database/alerts.ts), send one message to one channel, record a delivery given up. They run on
 * the alerts task queue (worker/alerts-worker.ts). Only deliverAlert reads the channels' secrets, from its
 * dependencies; no argument or result carries them, so no history does.
 */
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../platform/prisma-client.js';
import type { KaspiClient } from '../kaspi/index.js';
import type { AlertSettings } from '../platform/alert-config.js';
import { alertMessage } from '../domain/alert-messages.js';
import { DAILY_SUMMARY, orderCodeOf, type AlertFacts, type DailySummaryFacts } from '../domain/alert-conditions.js';
import type { NotificationKind } from '../domain/alert-state.js';
import type { KaspiRequestMonitor } from '../monitoring/kaspi-requests.js';
import type { LabelledCounter } from '../monitoring/exposition.js';
import type { SyncRunHistory } from '../monitoring/sync-run-history.js';
import { merchantFaultShare } from '../monitoring/business-metrics.js';
import { observeAll } from './alert-observations.js';
import { deliveryToSend, pendingDeliveries, recordDelivered, recordEvaluation, recordFailedAttempt, recordGivenUp, type PendingDelivery } from './database/alerts.js';
import { sendTelegramMessage } from './alert-channels/telegram.js';
import { postWebhook } from './alert-channels/webhook.js';
import { ALERT_CHANNEL_REJECTED } from './alert-channels/channel-failure.js';

export interface AlertActivityDependencies {
  db: Database;
  settings: AlertSettings;
  kaspiRequests: KaspiRequestMonitor;
  /** kaspi_sync_alert_deliveries_total{channel,result}. */
  deliveryMetrics: LabelledCounter;
  runs?: Pick<SyncRunHistory, 'observe'>;
  kaspi?: Pick<KaspiClient, 'getOrder'>;
  now?: () => number;
}

export type { PendingDelivery };

const ALMATY_OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

export function createAlertActivities(deps: AlertActivityDependencies) {
  const now = deps.now ?? Date.now;
  const channels = [...(deps.settings.telegram ? ['telegram'] : []), ...(deps.settings.webhook ? ['webhook'] : [])];

  return {
    /** Records fired / reminder / resolved messages for what changed, and returns every delivery still to send. */
    async evaluateAlerts(): Promise<PendingDelivery[]> {
      const at = now();
      const express = new Map((await deps.db.alert.findMany({ where: { condition: 'order_held' }, select: { subject: true, facts: true } })).map((row) => [row.subject, Boolean((row.facts as { express?: boolean }).express)]));
      const evaluation = await observeAll({ db: deps.db, thresholds: deps.settings.thresholds, kaspiRequests: deps.kaspiRequests, runs: deps.runs, kaspi: deps.kaspi }, at, express);
      const summaries = await dailySummaryDue(deps, at);
      const changed = await recordEvaluation(deps.db, evaluation, { now: at, reminderMinutes: deps.settings.thresholds.reminderMinutes, channels, summaries });
      if (changed > 0) log.info('alerts changed', { messages: changed });
      return pendingDeliveries(deps.db);
    },

    /** Sends one message to one channel, once: a delivery already sent is not sent again. */
    async deliverAlert(delivery: PendingDelivery): Promise<'delivered' | 'already delivered' | 'given up'> {
      const row = await deliveryToSend(deps.db, delivery);
      if (!row || row.deliveredAt) return 'already delivered';
      if (row.givenUpAt) return 'given up';
      const { notification } = row;
      const text = alertMessage({ condition: notification.condition, kind: notification.kind as NotificationKind, facts: notification.facts as unknown as AlertFacts, now: now() }, deps.settings.language);
      try {
        if (delivery.channel === 'telegram' && deps.settings.telegram) {
          await sendTelegramMessage(deps.settings.telegram, text);
        } else if (delivery.channel === 'webhook' && deps.settings.webhook) {
          const orderCode = orderCodeOf(notification.condition, notification.subject);
          const type = notification.kind === 'resolved' ? `${notification.condition}_resolved` : notification.condition;
          await postWebhook(deps.settings.webhook, { type, ...(orderCode ? { orderCode } : {}), message: text, at: notification.createdAt.toISOString() });
        } else {
          throw ApplicationFailure.create({ type: ALERT_CHANNEL_REJECTED, message: `alert channel ${delivery.channel} is not configured on this worker`, nonRetryable: true });
        }
      } catch (error) {
        const failure = error as ApplicationFailure;
        const rejected = failure.type === ALERT_CHANNEL_REJECTED;
        deps.deliveryMetrics.inc({ channel: delivery.channel, result: rejected ? 'rejected' : 'failed' });
        await recordFailedAttempt(deps.db, delivery, failure.message ?? 'failed');
        log.warn('alert delivery failed', { channel: delivery.channel, notificationId: delivery.notificationId, condition: notification.condition, problem: failure.message, retried: !rejected });
        throw error;
      }
      await recordDelivered(deps.db, delivery, now());
      deps.deliveryMetrics.inc({ channel: delivery.channel, result: 'delivered' });
      return 'delivered';
    },

    /** After the retry policy ran out or the channel refused: the message is not sent, and that is on record. */
    async recordDeliveryGivenUp(delivery: PendingDelivery & { reason: string }): Promise<void> {
      await recordGivenUp(deps.db, delivery, now(), delivery.reason);
      deps.deliveryMetrics.inc({ channel: delivery.channel, result: 'given_up' });
      log.error('alert delivery given up', { channel: delivery.channel, notificationId: delivery.notificationId, reason: delivery.reason });
    },
  };
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;

/** Yesterday's figures (Almaty day), once the configured time of day has passed. */
async function dailySummaryDue(deps: AlertActivityDependencies, at: number): Promise<{ date: string; facts: AlertFacts }[]> {
  const minute = deps.settings.dailySummaryMinute;
  if (minute === undefined) return [];
  const localNow = at + ALMATY_OFFSET_MS;
  if (localNow % DAY_MS < minute * 60_000) return [];
  const todayStart = Math.floor(localNow / DAY_MS) * DAY_MS - ALMATY_OFFSET_MS;
  const from = new Date(todayStart - DAY_MS);
  const to = new Date(todayStart);
  const date = new Date(todayStart - DAY_MS + ALMATY_OFFSET_MS).toISOString().slice(0, 10);
  if (await deps.db.alert.findUnique({ where: { condition_subject: { condition: DAILY_SUMMARY, subject: date } } })) return [];
  const [accepted, heldRows, cancelled, share, waybillsMissing] = await Promise.all([
    deps.db.kaspiOrder.count({ where: { acceptedAt: { gte: from, lt: to } } }),
    deps.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(DISTINCT extra_data->>'orderCode') AS n FROM log_events WHERE message LIKE 'order held:%' AND "timestamp" >= $1 AND "timestamp" < $2`, from, to),
    deps.db.kaspiOrder.count({ where: { isCanceled: true, closedAt: { gte: from, lt: to } } }),
    merchantFaultShare(deps.db, at),
    deps.db.kaspiOrder.count({ where: { syncState: 'ACCEPTED', isKaspiDelivery: true, assembled: true, invoiceGenerated: { not: true }, handedOverAt: null } }),
  ]);
  const facts: DailySummaryFacts = { date, accepted, held: Number(heldRows[0]?.n ?? 0), cancelled, share: share.share, waybillsMissing };
  return [{ date, facts }];
}
