/**
 * The real parts every integration test runs on, started once per mocha process and shared:
 * an embedded PostgreSQL (one fresh database per suite, cloned from a migrated template) and a
 * `temporal server start-dev` process. Started lazily, so suites that need neither pay nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startEmbeddedPostgres, type RunningPostgres } from '../../tools/dev-stack/embedded-postgres.js';
import { applyMigrations } from '../../platform/migrations.js';
import { startTemporalDevServer, type RunningDevServer } from '../../tools/dev-stack/temporal-dev-server.js';
import { createDatabase, type Database } from '../../platform/prisma-client.js';
import { freePort } from '../../tools/dev-stack/free-port.js';
import { workflowsPath } from '../../worker/workflows-path.js';

const TEMPLATE_DATABASE = 'kaspi_sync_template';

let postgres: Promise<{ server: RunningPostgres; dataDir: string; port: number }> | undefined;
let template: Promise<void> | undefined;
let temporal: Promise<RunningDevServer> | undefined;
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
const cleanups: (() => Promise<void>)[] = [];
let databaseCounter = 0;

async function sharedPostgres() {
  postgres ??= (async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kaspi-sync-test-pg-'));
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port, database: 'postgres', ephemeral: true });
    cleanups.push(async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    return { server, dataDir, port };
  })();
  return postgres;
}

export async function adminQuery(sql: string): Promise<void> {
  const { server } = await sharedPostgres();
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function urlFor(database: string, serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** An empty database (no tables), e.g. to test migrations. */
export async function createEmptyDatabase(prefix: string): Promise<string> {
  const { server } = await sharedPostgres();
  const name = `${prefix}_${process.pid}_${++databaseCounter}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return urlFor(name, server.url);
}

/** A fresh, fully migrated database for one suite. */
export async function createMigratedDatabase(prefix = 'suite'): Promise<{ url: string; db: Database }> {
  const { server } = await sharedPostgres();
  template ??= (async () => {
    await adminQuery(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
    await applyMigrations(urlFor(TEMPLATE_DATABASE, server.url));
  })();
  await template;
  const name = `${prefix}_${process.pid}_${++databaseCounter}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  const url = urlFor(name, server.url);
  const db = createDatabase(url, 20);
  cleanups.unshift(() => db.$disconnect());
  return { url, db };
}

export async function sharedTemporal(): Promise<RunningDevServer> {
  temporal ??= (async () => {
    const server = await startTemporalDevServer({ withUi: process.env.KASPI_SYNC_TEST_UI === '1' });
    cleanups.push(() => server.stop());
    return server;
  })();
  return temporal;
}

export async function temporalClient(): Promise<Client> {
  const server = await sharedTemporal();
  const connection = await Connection.connect({ address: server.address });
  cleanups.unshift(() => connection.close());
  return new Client({ connection, namespace: server.namespace });
}

export async function workerConnection(): Promise<NativeConnection> {
  const server = await sharedTemporal();
  const connection = await NativeConnection.connect({ address: server.address });
  cleanups.unshift(() => connection.close());
  return connection;
}

/** Workflow code bundled once per test run (bundling costs 1–2 s). */
export function sharedWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined,
  warn: (message: string) => console.warn(message), error: (message: string) => console.error(message),
};

export async function stopInfrastructure(): Promise<void> {
  for (const cleanup of cleanups.splice(0)) await cleanup().catch((e) => console.error('cleanup failed:', e));
}
