/**
 * A sync harness plus the alert side: a Telegram stand-in, a webhook receiver, and the alerts worker with its
 * loop on the harness's task queue (evaluating every 300 ms), as worker/monitoring.ts runs them.
 */
import type { Worker } from '@temporalio/worker';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.js';
import { sharedWorkflowBundle, workerConnection } from '../support/infrastructure.js';
import { startTelegramStandIn, type TelegramStandIn } from '../../tools/alert-stand-ins/telegram-bot-api.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../tools/alert-stand-ins/webhook-receiver.js';
import { alertSettingsFromEnv } from '../../platform/alert-config.js';
import { createProcessMetrics, type ProcessMetrics } from '../../monitoring/process-metrics.js';
import { createAlertsWorker, ensureAlertsWorkflow } from '../../worker/alerts-worker.js';
import { alertsWorkflowId } from '../../domain/temporal-names.js';
import type { InventoryData } from '../../activities/database/inventory-loader.js';

export const BOT_TOKEN = '7000000001:AAE-test-bot-token-never-logged';
export const CHAT_ID = '-1001234567890';
export const WEBHOOK_SECRET = 'webhook-secret-never-logged-0123456789';

export interface AlertHarness {
  h: SyncHarness;
  telegram: TelegramStandIn;
  webhook: WebhookReceiver;
  metrics: ProcessMetrics;
  alertsWorkflowId: string;
  close(): Promise<void>;
}

export async function createAlertHarness(options: { inventory: InventoryData; env?: Record<string, string> }): Promise<AlertHarness> {
  const h = await createSyncHarness({ inventory: options.inventory });
  const telegram = await startTelegramStandIn({ token: BOT_TOKEN, chats: [CHAT_ID] });
  const webhook = await startWebhookReceiver();
  const settings = alertSettingsFromEnv({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: CHAT_ID,
    TELEGRAM_API_URL: telegram.url,
    ALERT_WEBHOOK_URL: webhook.url,
    ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ALERT_LANGUAGE: 'en',
    ALERT_EVALUATION_INTERVAL: '300ms',
    ...options.env,
  })!;
  const metrics = createProcessMetrics();
  h.kaspi.stats.observe = metrics.kaspi.observe;
  const worker: Worker = await createAlertsWorker({
    connection: await workerConnection(),
    namespace: 'default',
    taskQueue: h.taskQueue,
    dependencies: { db: h.db, settings, kaspiRequests: metrics.kaspi, deliveryMetrics: metrics.alertDeliveries, kaspi: h.kaspi },
    workflowBundle: await sharedWorkflowBundle(),
  });
  const running = worker.run();
  const workflowId = await ensureAlertsWorkflow(h.client, h.taskQueue, { evaluationIntervalMs: settings.evaluationIntervalMs });
  return {
    h, telegram, webhook, metrics, alertsWorkflowId: workflowId,
    async close() {
      await h.client.workflow.getHandle(alertsWorkflowId(h.taskQueue)).terminate('test over').catch(() => undefined);
      // The stand-ins first: a delivery hanging on them ends at once instead of waiting out the shutdown grace.
      await telegram.close();
      await webhook.close();
      worker.shutdown();
      await running;
      await h.close();
    },
  };
}

/** Waits, then resolves: for "nothing more arrives" checks (several evaluations pass in this time). */
export const quietFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
