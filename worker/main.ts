// `npm run worker`: a long-running kaspi-sync worker against any Temporal cluster (local dev server,
// self-hosted, or Temporal Cloud with TEMPORAL_API_KEY or mTLS). Stops gracefully on SIGTERM/SIGINT.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { KaspiClient } from '../kaspi/index.js';
import {
  ConfigurationError,
  databaseUrlOrThrow,
  kaspiSettingsFromEnv,
  syncModeFromEnv,
  temporalSettingsFromEnv,
  warehouseMappingFromEnv,
  workerTuningFromEnv,
} from '../platform/config.js';
import { createDatabase } from '../platform/prisma-client.js';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../domain/temporal-names.js';
import { createKaspiSyncWorker } from './create-worker.js';
import { withMode } from './mode-logger.js';
import { checkSearchAttributes, MissingSearchAttributesError } from './search-attributes-check.js';
import { priceListRefreshFromEnv, priceListSettingsFromEnv } from '../platform/feed-config.js';
import { startPriceListSignaller, type PriceListSignaller } from '../price-list/change-signaller.js';
import { alertSettingsFromEnv, metricsSettingsFromEnv } from '../platform/alert-config.js';
import { scheduleSettingsFromEnv } from '../platform/config.js';
import { createProcessMetrics } from '../monitoring/process-metrics.js';
import { freeLoopbackPort } from '../monitoring/sdk-metrics-port.js';
import { sdkTelemetry, startMonitoring, type Monitoring } from './monitoring.js';
import { applyWorkerMemoryPolicy } from './memory-policy.js';

async function main(): Promise<void> {
  applyWorkerMemoryPolicy();
  const temporal = temporalSettingsFromEnv();
  const kaspiConfig = kaspiSettingsFromEnv();
  const mode = syncModeFromEnv();
  const warehouseMapping = warehouseMappingFromEnv();
  const tuning = workerTuningFromEnv();
  const priceList = priceListSettingsFromEnv();
  const priceListRefresh = priceListRefreshFromEnv();
  const databaseUrl = databaseUrlOrThrow();
  const db = createDatabase(databaseUrl, Math.min(tuning.maxConcurrentActivities, 20));
  let priceListSignaller: PriceListSignaller | undefined;
  let clientConnection: Connection | undefined;
  // Metrics and alerts (docs/operating.md "Alerts and metrics"); both off unless configured.
  const metrics = metricsSettingsFromEnv();
  const alerts = alertSettingsFromEnv();
  const processMetrics = createProcessMetrics();
  const sdkMetricsPort = metrics ? await freeLoopbackPort() : undefined;
  let monitoring: Monitoring | undefined;

  Runtime.install({ logger: withMode(new DefaultLogger((process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO'), mode), ...sdkTelemetry(sdkMetricsPort) });
  if (mode === 'shadow') console.log('kaspi-sync worker: SHADOW MODE (KASPI_SYNC_MODE=shadow): reads Kaspi, sends no POST, changes no stock; decisions go to shadow_decisions');
  const connection = await NativeConnection.connect({ address: temporal.address, tls: temporal.tls, apiKey: temporal.apiKey });
  try {
    const attributes = await checkSearchAttributes(connection, temporal.namespace);
    if (!attributes.checked) {
      console.warn(`kaspi-sync worker: could not list the namespace's search attributes (${attributes.reason}); make sure ${Object.keys(SEARCH_ATTRIBUTE_DEFINITIONS).join(', ')} are registered (docs/operating.md)`);
    }
    const kaspi = new KaspiClient({ ...kaspiConfig, readOnly: mode === 'shadow' });
    kaspi.stats.observe = processMetrics.kaspi.observe;
    const worker = await createKaspiSyncWorker({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      // In shadow mode the Kaspi client itself refuses every POST, whatever a workflow asks.
      dependencies: { db, kaspi, warehouseMapping, mode },
      tuning,
      priceList,
      ...(process.env.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH } } : {}),
    });
    console.log(`kaspi-sync worker: task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})`);
    // The price list is regenerated on every stock change (docs/operating.md, "Price list (stock feed)"). A shadow
    // worker publishes none: its ledger does not follow the orders yet, and Kaspi would sell by it.
    if (priceList && mode === 'shadow') {
      console.log('kaspi-sync worker: shadow mode publishes no price list (`feed diff` shows what it would be)');
    } else if (priceList) {
      clientConnection = await Connection.connect({ address: temporal.address, tls: temporal.tls, apiKey: temporal.apiKey });
      const client = new Client({ connection: clientConnection, namespace: temporal.namespace });
      priceListSignaller = await startPriceListSignaller({ databaseUrl, client, taskQueue: temporal.taskQueue, refresh: priceListRefresh });
    } else {
      console.log('kaspi-sync worker: no price list (KASPI_COMPANY and KASPI_MERCHANT_ID are not set)');
    }
    monitoring = await startMonitoring({ db, connection, temporal, scheduleId: scheduleSettingsFromEnv().scheduleId, processMetrics, kaspi, metrics, alerts, sdkMetricsPort, ...(process.env.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH } } : {}) });
    await Promise.all([worker.run(), monitoring.run()]);
  } finally {
    await monitoring?.stop();
    await priceListSignaller?.stop();
    await clientConnection?.close();
    await connection.close();
    await db.$disconnect();
  }
}

main().catch((error) => {
  if (error instanceof ConfigurationError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof MissingSearchAttributesError) console.error(`Cannot start: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
