// `npm run worker`: a long-running kaspi-sync worker against any Temporal cluster (local dev server,
// self-hosted, or Temporal Cloud with TEMPORAL_API_KEY or mTLS). Stops gracefully on SIGTERM/SIGINT.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { KaspiClient } from '../kaspi/index.js';
import {
  ConfigurationError,
  databaseUrlOrThrow,
  kaspiSettingsFromEnv,
  temporalSettingsFromEnv,
  warehouseMappingFromEnv,
  workerTuningFromEnv,
} from '../platform/config.js';
import { createDatabase } from '../platform/prisma-client.js';
import { createKaspiSyncWorker } from './create-worker.js';

async function main(): Promise<void> {
  const temporal = temporalSettingsFromEnv();
  const kaspiConfig = kaspiSettingsFromEnv();
  const warehouseMapping = warehouseMappingFromEnv();
  const tuning = workerTuningFromEnv();
  const db = createDatabase(databaseUrlOrThrow(), Math.min(tuning.maxConcurrentActivities, 20));

  Runtime.install({ logger: new DefaultLogger((process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO') });
  const connection = await NativeConnection.connect({ address: temporal.address, tls: temporal.tls, apiKey: temporal.apiKey });
  try {
    const worker = await createKaspiSyncWorker({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      dependencies: { db, kaspi: new KaspiClient(kaspiConfig), warehouseMapping },
      tuning,
      ...(process.env.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH } } : {}),
    });
    console.log(`kaspi-sync worker: task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})`);
    await worker.run();
  } finally {
    await connection.close();
    await db.$disconnect();
  }
}

main().catch((error) => {
  if (error instanceof ConfigurationError) console.error(`Configuration error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
