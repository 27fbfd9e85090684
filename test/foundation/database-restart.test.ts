import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../tools/dev-stack/embedded-postgres.js';
import { createDatabase } from '../../platform/prisma-client.js';
import { inTransaction } from '../../activities/database/transaction.js';
import { freePort } from '../../tools/dev-stack/free-port.js';

describe('the database client across a PostgreSQL restart', function () {
  this.timeout(120_000);
  let dir: string;
  let server: RunningPostgres;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kaspi-sync-restart-'));
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails the transactions cut off by the restart and serves new ones afterwards (chaos-run finding)', async () => {
    const options = { dataDir: path.join(dir, 'data'), port: await freePort(), database: 'restart' };
    server = await startEmbeddedPostgres(options);
    const db = createDatabase(server.url, 3);
    // More transactions than pooled connections, so some wait for a connection when the server goes away.
    const cutOff = Array.from({ length: 6 }, () =>
      inTransaction(db, (tx) => tx.$executeRawUnsafe('SELECT pg_sleep(2)')).then(() => 'committed', () => 'failed'),
    );
    await new Promise((r) => setTimeout(r, 300));
    await server.stop();
    server = await startEmbeddedPostgres(options);

    const outcomes = await Promise.all(cutOff);
    assert.ok(outcomes.includes('failed'), 'transactions on the dead connections fail instead of hanging');
    const after = await Promise.all(Array.from({ length: 6 }, (_, i) => inTransaction(db, (tx) => tx.$queryRawUnsafe<{ n: number }[]>(`SELECT ${i} AS n`))));
    assert.deepEqual(after.map((rows) => rows[0].n), [0, 1, 2, 3, 4, 5]);
    await db.$disconnect();
  });
});
