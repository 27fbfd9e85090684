import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type Database = PrismaClient;

/**
 * A pg pool that gives back the slot of a checked-out connection the moment that connection dies.
 *
 * Found by the chaos run: when PostgreSQL restarts during interactive transactions, Prisma's transaction
 * manager fails on the dead connection and never releases it, so the pool stays "full" of dead clients
 * and every later transaction waits forever — the worker keeps running but can no longer reserve stock.
 * Reproduced in test/foundation/database-restart.test.ts.
 */
class SelfHealingPool extends pg.Pool {
  // pg's connect() has a callback form (used by pool.query) and a promise form (used by Prisma for
  // transactions); only the promise form is wrapped.
  override connect(callback?: any): any {
    if (callback) return super.connect(callback);
    return super.connect().then((client) => {
      const releaseToPool = client.release;
      let released = false;
      const discard = () => {
        if (released) return;
        released = true;
        releaseToPool(new Error('connection to PostgreSQL lost'));
      };
      client.once('error', discard);
      client.once('end', discard);
      client.release = ((error?: Error | boolean) => {
        client.off('error', discard);
        client.off('end', discard);
        if (released) return;
        released = true;
        releaseToPool(error);
      }) as typeof client.release;
      return client;
    });
  }
}

/**
 * The application's Prisma client: query compiler + the pg driver adapter, no native engine.
 * connectionTimeoutMillis bounds the wait for a pooled connection, so a database outage becomes an error
 * (and an activity retry) instead of a hang.
 */
export function createDatabase(databaseUrl: string, poolSize = 10): Database {
  const pool = new SelfHealingPool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 10_000 });
  // Errors of idle clients (e.g. the server restarting) are expected; pg-pool drops those clients itself.
  pool.on('error', () => undefined);
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}
