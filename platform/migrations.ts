/**
 * Applies the committed Prisma migrations to a database: the same command for an empty database, a seed
 * database being adopted, and an up-to-date one.
 *
 * Two steps around `prisma migrate deploy` make adoption a single command:
 *  - a seed database has tables but no migration history, which Prisma refuses (P3005); the baseline
 *    migration is the seed's own schema written with IF NOT EXISTS, so it is applied directly and then
 *    recorded as applied;
 *  - each migration script runs as one statement batch, which PostgreSQL executes atomically, so a
 *    migration that stopped (e.g. on duplicate warehouse names) left nothing behind; its failed record is
 *    marked rolled back so that the next run, after the data is fixed, simply tries again.
 */
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import pg from 'pg';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');

function runPrisma(databaseUrl: string, args: string[]): Promise<string> {
  const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  const preload = path.join(projectRoot, 'prisma', 'unref-long-timers.cjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', preload, prismaCli, ...args], {
      cwd: projectRoot,
      env: { ...process.env, DB_URL: databaseUrl, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`prisma ${args.join(' ')} failed (exit ${code}):\n${output}`))));
  });
}

async function baselineMigrationName(): Promise<string> {
  const names = (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return names[0];
}

async function prepare(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = async (table: string) =>
      ((await client.query(`SELECT to_regclass($1) IS NOT NULL AS found`, [`public.${table}`])).rows[0].found as boolean);
    const notes: string[] = [];
    if (!(await exists('_prisma_migrations'))) {
      if (await exists('kaspi_orders')) {
        const baseline = await baselineMigrationName();
        await client.query(await readFile(path.join(migrationsDir, baseline, 'migration.sql'), 'utf8'));
        await runPrisma(databaseUrl, ['migrate', 'resolve', '--applied', baseline]);
        notes.push(`Adopted the seed database: baseline ${baseline} recorded as applied.`);
      }
      return notes;
    }
    const stopped = await client.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL`);
    for (const { migration_name: name } of stopped.rows as { migration_name: string }[]) {
      await runPrisma(databaseUrl, ['migrate', 'resolve', '--rolled-back', name]);
      notes.push(`Migration ${name} had stopped earlier without changing anything; trying it again.`);
    }
    return notes;
  } finally {
    await client.end();
  }
}

export async function applyMigrations(databaseUrl: string): Promise<string> {
  const notes = await prepare(databaseUrl);
  const output = await runPrisma(databaseUrl, ['migrate', 'deploy']);
  return [...notes, output].join('\n');
}
