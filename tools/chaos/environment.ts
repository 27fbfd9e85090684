/**
 * The long-lived parts a chaos invocation runs on, each restartable in place: an embedded PostgreSQL whose
 * data directory and port survive a restart, and a Temporal dev server whose SQLite state file and port
 * survive one. Every run gets its own database (cloned from a migrated template) on the shared server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { startEmbeddedPostgres, type RunningPostgres } from '../dev-stack/embedded-postgres.js';
import { startTemporalDevServer, type RunningDevServer } from '../dev-stack/temporal-dev-server.js';
import { applyMigrations } from '../../platform/migrations.js';
import { freePort } from '../dev-stack/free-port.js';

const TEMPLATE = 'chaos_template';

export interface ChaosEnvironment {
  readonly temporalAddress: string;
  readonly namespace: string;
  readonly client: Client;
  /** A fresh, migrated database for one run. */
  createDatabase(name: string): Promise<string>;
  /** Stops PostgreSQL and starts it again on the same data directory and port. */
  restartPostgres(downMs: number): Promise<void>;
  /** Stops the Temporal dev server and starts it again on the same state file and port. */
  restartTemporal(downMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startChaosEnvironment(): Promise<ChaosEnvironment> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'kaspi-sync-chaos-'));
  const dataDir = path.join(workDir, 'pg', 'data');
  const pgPort = await freePort();
  const temporalPort = await freePort();
  const dbFilename = path.join(workDir, 'temporal.sqlite');

  const startPostgres = () => startEmbeddedPostgres({ dataDir, port: pgPort, database: 'postgres' });
  const startTemporal = () => startTemporalDevServer({ port: temporalPort, dbFilename });
  let postgres: RunningPostgres = await startPostgres();
  let temporal: RunningDevServer = await startTemporal();
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });

  const adminQuery = async (sql: string) => {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  const urlFor = (database: string) => {
    const url = new URL(postgres.url);
    url.pathname = `/${database}`;
    return url.toString();
  };
  await adminQuery(`CREATE DATABASE "${TEMPLATE}"`);
  await applyMigrations(urlFor(TEMPLATE));

  return {
    temporalAddress: temporal.address,
    namespace: temporal.namespace,
    client,
    async createDatabase(name) {
      await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
      return urlFor(name);
    },
    async restartPostgres(downMs) {
      await postgres.stop();
      await sleep(downMs);
      postgres = await startPostgres();
    },
    async restartTemporal(downMs) {
      await temporal.stop();
      await sleep(downMs);
      temporal = await startTemporal();
    },
    async close() {
      await connection.close().catch(() => undefined);
      await temporal.stop().catch(() => undefined);
      await postgres.stop().catch(() => undefined);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
