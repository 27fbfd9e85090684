/**
 * Metrics and alerts beside the sync worker (docs/operating.md "Alerts and metrics"): /metrics at
 * METRICS_ADDRESS, and with a channel configured the alerts worker and its loop. Both are optional and
 * independent of the sync: neither is started when its variables are unset, and a failure in either never
 * reaches a sync run.
 */
import type { NativeConnection, WorkflowBundleOption } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import type { KaspiClient } from '../kaspi/index.js';
import type { Database } from '../platform/prisma-client.js';
import type { TemporalSettings } from '../platform/config.js';
import type { AlertSettings, MetricsSettings } from '../platform/alert-config.js';
import type { ProcessMetrics } from '../monitoring/process-metrics.js';
import { SyncRunHistory } from '../monitoring/sync-run-history.js';
import { startMetricsServer, type MetricsServer } from '../monitoring/metrics-server.js';
import { createAlertsWorker, ensureAlertsWorkflow } from './alerts-worker.js';

export interface MonitoringOptions {
  db: Database;
  connection: NativeConnection;
  temporal: TemporalSettings;
  scheduleId: string;
  processMetrics: ProcessMetrics;
  kaspi: KaspiClient;
  metrics?: MetricsSettings;
  alerts?: AlertSettings;
  /** Loopback port the Temporal SDK's Prometheus exporter was bound to (Runtime telemetry). */
  sdkMetricsPort?: number;
  workflowBundle?: WorkflowBundleOption;
}

export interface Monitoring {
  /** Runs the alerts worker until the process shuts down (resolves at once without alerts). */
  run(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMonitoring(options: MonitoringOptions): Promise<Monitoring> {
  if (!options.metrics && !options.alerts) return { run: async () => undefined, stop: async () => undefined };
  const clientConnection = await Connection.connect({ address: options.temporal.address, tls: options.temporal.tls, apiKey: options.temporal.apiKey });
  const client = new Client({ connection: clientConnection, namespace: options.temporal.namespace });
  const runs = new SyncRunHistory(client, options.scheduleId);
  let metricsServer: MetricsServer | undefined;
  if (options.metrics) {
    metricsServer = await startMetricsServer({
      ...options.metrics,
      db: options.db,
      process: options.processMetrics,
      runs,
      ...(options.sdkMetricsPort ? { sdkMetricsUrl: `http://127.0.0.1:${options.sdkMetricsPort}/metrics` } : {}),
    });
    console.log(`kaspi-sync worker: metrics at ${metricsServer.url}`);
  }
  let alertsRun: Promise<void> = Promise.resolve();
  if (options.alerts) {
    const alertsWorker = await createAlertsWorker({
      connection: options.connection,
      namespace: options.temporal.namespace,
      taskQueue: options.temporal.taskQueue,
      dependencies: { db: options.db, settings: options.alerts, kaspiRequests: options.processMetrics.kaspi, deliveryMetrics: options.processMetrics.alertDeliveries, runs, kaspi: options.kaspi },
      ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
    });
    alertsRun = alertsWorker.run();
    const workflowId = await ensureAlertsWorkflow(client, options.temporal.taskQueue, { evaluationIntervalMs: options.alerts.evaluationIntervalMs });
    const channels = [options.alerts.telegram ? 'Telegram' : '', options.alerts.webhook ? 'webhook' : ''].filter(Boolean).join(' and ');
    console.log(`kaspi-sync worker: alerts to ${channels} (${options.alerts.language}), workflow ${workflowId}`);
  } else {
    console.log('kaspi-sync worker: no alerts (TELEGRAM_BOT_TOKEN/TELEGRAM_CHAT_ID and ALERT_WEBHOOK_URL are not set)');
  }
  return {
    run: () => alertsRun,
    async stop() {
      await metricsServer?.close();
      await clientConnection.close();
    },
  };
}

/** Runtime.install's telemetry: the SDK's Prometheus exporter on a loopback port that /metrics re-serves. */
export function sdkTelemetry(sdkMetricsPort: number | undefined) {
  return sdkMetricsPort ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } } } : {};
}
