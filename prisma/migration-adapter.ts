/**
 * The driver adapter Prisma's CLI uses for migrations (prisma.config.ts). The application runtime does not
 * use this file: it uses a plain PrismaPg adapter (platform/prisma-client.ts).
 *
 * It works around four defects of @prisma/adapter-pg 6.19.3's migration path (seen in 7.10.1 as well):
 *  1. catalog columns of type "char" (OID 18) and name (OID 19) are rejected -> reported as text (OID 25);
 *  2. the shadow database pool silently reconnects to the main database when given a connection string
 *     -> the shadow pool is built from discrete fields;
 *  3. the shadow database is dropped while its pool is still open -> the pool is closed first;
 *  4. idle clients keep the CLI alive for ~10 s -> allowExitOnIdle.
 * It also runs a migration script as one simple-protocol query, because adapter-pg splits scripts on ";",
 * which breaks PL/pgSQL blocks such as the adoption checks.
 */
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

const TEXT_OID = 25;
const CATALOG_TEXT_LIKE_OIDS = new Set([18, 19]);

type QueryResultLike = { fields?: { dataTypeID: number }[] };

function reportCatalogTypesAsText(result: unknown): unknown {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results as QueryResultLike[]) {
    for (const field of r?.fields ?? []) {
      if (CATALOG_TEXT_LIKE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

class CatalogFriendlyClient extends pg.Client {
  // pg.Client.query has many overloads; this wrapper only post-processes results and passes everything on.
  override query(...args: unknown[]): any {
    const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as (e: unknown, r?: unknown) => void) : undefined;
    const pending = (super.query as (...a: unknown[]) => Promise<unknown>)(...args).then(reportCatalogTypesAsText);
    if (!callback) return pending;
    pending.then((r) => callback(null, r), (e) => callback(e));
    return undefined;
  }
}

function poolConfig(url: string, database?: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: database ?? decodeURIComponent(parsed.pathname.replace(/^\//, '')),
    allowExitOnIdle: true,
    Client: CatalogFriendlyClient as unknown as typeof pg.Client,
  };
}

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

function runScriptsWhole(adapter: Adapter, pool: pg.Pool): Adapter {
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      // The schema engine reports script failures only as "external connector error"; the database's own
      // message (e.g. an adoption check's report) is what the operator needs.
      process.stderr.write(`Migration script failed: ${(error as Error).message}\n`);
      throw error;
    }
  };
  return adapter;
}

export function createMigrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const main = new PrismaPg(poolConfig(url));
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    async connect() {
      const pool = new pg.Pool(poolConfig(url));
      return runScriptsWhole(await new PrismaPg(pool, { disposeExternalPool: true }).connect(), pool);
    },
    async connectToShadowDb() {
      const admin = new pg.Pool(poolConfig(url));
      const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replace(/-/g, '')}`;
      await admin.query(`CREATE DATABASE "${database}"`);
      const shadowPool = new pg.Pool(poolConfig(url, database));
      const shadow = runScriptsWhole(await new PrismaPg(shadowPool).connect(), shadowPool);
      const disposeShadow = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await disposeShadow();
        await shadowPool.end().catch(() => undefined);
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.end();
      };
      return shadow;
    },
  } as SqlMigrationAwareDriverAdapterFactory;
}
