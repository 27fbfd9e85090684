/**
 * `npm start`: the whole of kaspi-sync on one machine, with nothing configured.
 *   - Temporal: a dev server with its Web UI, state in .data/temporal.db (or TEMPORAL_ADDRESS: any cluster);
 *   - PostgreSQL: embedded, data in .data/postgres (or DB_URL), migrated; demo warehouses, products and
 *     stock on its first start;
 *   - Kaspi: the sandbox with demo orders from tools/demo/orders.json (or KASPI_AUTH_TOKEN + KASPI_API_URL: real Kaspi);
 *   - a worker, the schedule (create-or-update), and one run triggered now, whose summary is printed;
 *   - the price list served at http://<FEED_ADDRESS>/<FEED_TOKEN>/kaspi.xml (a demo shop and a random token
 *     when nothing is configured; with real Kaspi only when KASPI_COMPANY and KASPI_MERCHANT_ID are set).
 * Ctrl-C (SIGINT) or SIGTERM stops everything it started. `startLocal` is exported so tests can run the
 * same thing on free ports in a temporary directory.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
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
import { startTemporalDevServer } from './dev-stack/temporal-dev-server.js';
import { startEmbeddedPostgres } from './dev-stack/embedded-postgres.js';
import { applyMigrations } from '../platform/migrations.js';
import { createDatabase, type Database } from '../platform/prisma-client.js';
import { loadInventory, type InventoryData } from '../activities/database/inventory-loader.js';
import { startKaspiSandbox, type GenerateOptions, type OrderSpec } from './sandbox/index.js';
import { createKaspiSyncWorker } from '../worker/create-worker.js';
import { buildWorkflowBundleFile } from '../worker/prebuilt-bundle.js';
import type { SyncSummary } from '../domain/sync-types.js';
import { scheduleSettingsFromEnv, syncModeFromEnv } from '../platform/config.js';
import { ensureSchedule, triggerSchedule } from '../client/schedule.js';
import { describeErrors, describeSummary } from '../client/manual-sync.js';
import { randomBytes } from 'node:crypto';
import { feedServerSettingsFromEnv, priceListRefreshFromEnv, priceListSettingsFromEnv, type PriceListSettings } from '../platform/feed-config.js';
import { startFeedServer } from '../price-list/feed-server.js';
import { startPriceListSignaller } from '../price-list/change-signaller.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface StartLocalOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the dev server's and the embedded PostgreSQL's state live. */
  dataDir?: string;
  temporalPort?: number;
  uiPort?: number;
  postgresPort?: number;
  /** The price list's port (default: FEED_ADDRESS's, 8090). */
  feedPort?: number;
  log?: (line: string) => void;
}

export interface LocalStack {
  /** The dev server's Web UI; undefined when TEMPORAL_ADDRESS points at another cluster. */
  uiUrl?: string;
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  scheduleId: string;
  /** The triggered run's result. */
  summary: SyncSummary;
  /** Where the price list is served; undefined when no feed is configured. */
  priceListUrl?: string;
  stop(): Promise<void>;
}

interface DemoOrders {
  generated: GenerateOptions & { count: number };
  orders: OrderSpec[];
}

export async function startLocal(options: StartLocalOptions = {}): Promise<LocalStack> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = path.resolve(options.dataDir ?? path.join(projectRoot, '.data'));
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const stop = async () => {
    for (const part of stops.splice(0).reverse()) {
      await part.stop().catch((error) => log(`stopping ${part.name} failed: ${(error as Error).message}`));
    }
  };

  try {
    // All configuration is read (and rejected, naming the variable) before anything starts.
    const temporalSettings = temporalSettingsFromEnv(env);
    const schedule = scheduleSettingsFromEnv(env);
    const useRealKaspi = Boolean(env.KASPI_AUTH_TOKEN?.trim() || env.KASPI_API_URL?.trim());
    const realKaspiConfig = useRealKaspi ? kaspiSettingsFromEnv(env) : undefined;
    const useOwnDatabase = Boolean(env.DB_URL?.trim() || env.DATABASE_URL?.trim());
    const ownDatabaseUrl = useOwnDatabase ? databaseUrlOrThrow(env) : undefined;
    const warehouseMapping = warehouseMappingFromEnv(env);
    const mode = syncModeFromEnv(env);
    if (mode === 'shadow') log('SHADOW MODE (KASPI_SYNC_MODE=shadow): nothing is sent to Kaspi, no stock changes; decisions go to shadow_decisions');
    const tuning = workerTuningFromEnv(env);
    // A shadow run's ledger does not follow the orders, so it publishes no price list (as the worker).
    const priceList = mode === 'shadow' ? undefined : (priceListSettingsFromEnv(env) ?? (useRealKaspi ? undefined : DEMO_PRICE_LIST));
    const priceListRefresh = priceListRefreshFromEnv(env);
    const feedServer = priceList ? feedServerSettingsFromEnv({ ...env, FEED_TOKEN: env.FEED_TOKEN?.trim() || randomBytes(16).toString('hex') }) : undefined;
    await mkdir(dataDir, { recursive: true });

    let temporal = { address: temporalSettings.address, namespace: temporalSettings.namespace, uiUrl: undefined as string | undefined };
    if (!env.TEMPORAL_ADDRESS?.trim()) {
      const devServer = await startTemporalDevServer({
        port: options.temporalPort ?? 7233,
        uiPort: options.uiPort ?? 8233,
        dbFilename: path.join(dataDir, 'temporal.db'),
        namespace: temporalSettings.namespace,
      });
      stops.push({ name: 'the Temporal dev server', stop: devServer.stop });
      temporal = { address: devServer.address, namespace: devServer.namespace, uiUrl: devServer.uiUrl };
    }
    log(`Temporal Web UI: ${temporal.uiUrl ?? `the Web UI of your cluster at ${temporal.address} (namespace ${temporal.namespace})`}`);

    let databaseUrl = ownDatabaseUrl;
    if (!databaseUrl) {
      const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: options.postgresPort ?? 54329, database: 'kaspi_sync' });
      stops.push({ name: 'PostgreSQL', stop: postgres.stop });
      databaseUrl = postgres.url;
    }
    await applyMigrations(databaseUrl);
    const db = createDatabase(databaseUrl, 10);
    stops.push({ name: 'the database connection', stop: () => db.$disconnect() });

    let kaspiConfig = realKaspiConfig;
    if (!kaspiConfig) {
      const demo = JSON.parse(await readFile(path.join(projectRoot, 'tools', 'demo', 'orders.json'), 'utf8')) as DemoOrders;
      // Codes from the clock: with the dev server's state kept between starts, each start's orders are new.
      const sandbox = await startKaspiSandbox({ firstOrderCode: 100_000_000 + (Math.floor(Date.now() / 100) % 800_000_000), waybillDelayMs: 2000 });
      stops.push({ name: 'the Kaspi sandbox', stop: () => sandbox.close() });
      sandbox.generateOrders(demo.generated.count, demo.generated);
      for (const order of demo.orders) sandbox.createOrder(order);
      kaspiConfig = kaspiSettingsFromEnv({ ...env, KASPI_API_URL: sandbox.ordersUrl, KASPI_AUTH_TOKEN: sandbox.token });
      log(`Kaspi: the sandbox at ${sandbox.baseUrl} with ${sandbox.orders().length} new demo orders`);
      // Demo stock only ever goes into the embedded demo database, never into a merchant's own.
      if (!useOwnDatabase) await loadDemoInventoryOnce(db, log);
    } else {
      log(`Kaspi: ${kaspiConfig.baseUrl}`);
    }

    const workerConnection = await NativeConnection.connect({ address: temporal.address, tls: temporalSettings.tls, apiKey: temporalSettings.apiKey });
    stops.push({ name: 'the worker connection', stop: () => workerConnection.close() });
    const worker = await createKaspiSyncWorker({
      connection: workerConnection,
      namespace: temporal.namespace,
      taskQueue: temporalSettings.taskQueue,
      dependencies: { db, kaspi: new KaspiClient({ ...kaspiConfig, readOnly: mode === 'shadow' }), warehouseMapping, mode },
      tuning,
      priceList,
      // The prebuilt bundle (WORKFLOW_BUNDLE_PATH, or one built now in a child process): no webpack in this process.
      workflowBundle: { codePath: env.WORKFLOW_BUNDLE_PATH?.trim() || (await buildWorkflowBundleFile(path.join(dataDir, 'workflow-bundle.js'))) },
    });
    const running = worker.run();
    stops.push({
      name: 'the worker',
      stop: async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      },
    });

    const connection = await Connection.connect({ address: temporal.address, tls: temporalSettings.tls, apiKey: temporalSettings.apiKey });
    stops.push({ name: 'the client connection', stop: () => connection.close() });
    const client = new Client({ connection, namespace: temporal.namespace });
    let priceListUrl: string | undefined;
    if (priceList && feedServer) {
      const signaller = await startPriceListSignaller({ databaseUrl, client, taskQueue: temporalSettings.taskQueue, refresh: priceListRefresh, log });
      stops.push({ name: 'the price-list listener', stop: signaller.stop });
      const served = await startFeedServer(db, { ...feedServer, port: options.feedPort ?? feedServer.port }, log);
      stops.push({ name: 'the price-list server', stop: served.close });
      priceListUrl = served.url;
      log(`Price list (stock feed) for ${priceList.company}: ${served.url}${feedServer.basicAuth ? ' (basic auth)' : ''}`);
    } else {
      log('Price list: not served (set KASPI_COMPANY and KASPI_MERCHANT_ID to publish one)');
    }
    const ensured = await ensureSchedule(client, { ...schedule, taskQueue: temporalSettings.taskQueue });
    log(`schedule ${schedule.scheduleId} ${ensured}: a sync every ${schedule.interval}`);
    if (temporal.uiUrl) log(`  ${temporal.uiUrl}/namespaces/${temporal.namespace}/schedules/${schedule.scheduleId}`);

    const triggered = await triggerSchedule(client, schedule.scheduleId);
    const runId = triggered.kind === 'started' ? triggered.workflowId : triggered.runningWorkflowIds[0];
    log(triggered.kind === 'started' ? `triggered ${runId}; waiting for it to finish` : `a scheduled sync is already running (${runId}); waiting for it`);
    const summary = (await client.workflow.getHandle(runId).result()) as SyncSummary;
    log(describeSummary(summary));
    for (const line of describeErrors(summary)) log(line);
    if (!useOwnDatabase) {
      log(`For the CLI in another shell: export TEMPORAL_ADDRESS=${temporal.address} DB_URL=${databaseUrl}`);
    }
    return { uiUrl: temporal.uiUrl, temporalAddress: temporal.address, namespace: temporal.namespace, databaseUrl, scheduleId: schedule.scheduleId, summary, priceListUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The demo's shop in the price list when the sandbox stands in for Kaspi and nothing is configured. */
const DEMO_PRICE_LIST: PriceListSettings = { company: 'kaspi-sync demo shop', merchantId: '00000000', safetyStock: 0, maxDropShare: 0.3 };

/** The first start on an empty database gets demo products and stock; later starts keep what was sold. */
async function loadDemoInventoryOnce(db: Database, log: (line: string) => void): Promise<void> {
  if ((await db.product.count()) > 0) return;
  const inventory = JSON.parse(await readFile(path.join(projectRoot, 'tools', 'demo', 'inventory.json'), 'utf8')) as InventoryData;
  const report = await loadInventory(db, inventory, 'demo stock (npm start)');
  log(`demo stock loaded: ${report.products} products in ${report.warehouses} warehouses`);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  let stack: LocalStack;
  try {
    stack = await startLocal();
  } catch (error) {
    console.error(error instanceof ConfigurationError ? `Configuration error: ${error.message}` : error);
    process.exit(error instanceof ConfigurationError ? 3 : 1);
  }
  console.log('Running: the schedule starts the next sync on time. Press Ctrl-C to stop.');
  const shutdown = () => {
    console.log('stopping…');
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
