/**
 * Database cost of a run, counted by PostgreSQL itself (pg_stat_statements): every statement the worker
 * executed in the run's database, BEGIN/COMMIT included — each is one round trip from the pg driver.
 */
import type { BenchPostgres } from './postgres.js';

export interface StatementCount {
  total: number;
  /** The most frequent statements, shortened, for the report. */
  top: { calls: number; query: string }[];
}

export async function resetStatementCounts(postgres: BenchPostgres): Promise<void> {
  await postgres.query('SELECT pg_stat_statements_reset()');
}

export async function statementCounts(postgres: BenchPostgres, database: string): Promise<StatementCount> {
  const rows = await postgres.query<{ calls: string; query: string }>(
    `SELECT s.calls, s.query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 ORDER BY s.calls DESC`,
    [database],
  );
  const total = rows.reduce((sum, row) => sum + Number(row.calls), 0);
  const top = rows.slice(0, 40).map((row) => ({ calls: Number(row.calls), query: row.query.replace(/\s+/g, ' ').slice(0, 110) }));
  return { total, top };
}

/** How many orders are ACCEPTED in kaspi-sync's own records, and when the last of them was recorded. */
export async function acceptedOrders(postgres: BenchPostgres, database: string): Promise<{ count: number; lastAcceptedAt: number | null }> {
  // accepted_at is written by the worker as a UTC timestamp without time zone, so EPOCH reads it as UTC.
  const [row] = await postgres.query<{ count: string; last: string | null }>(
    `SELECT count(*) AS count, EXTRACT(EPOCH FROM max(accepted_at)) * 1000 AS last
       FROM kaspi_orders WHERE sync_state = 'ACCEPTED'`,
    [],
    database,
  );
  return { count: Number(row.count), lastAcceptedAt: row.last === null ? null : Number(row.last) };
}

/** Orders accepted in each `bucketSeconds` after `startedAt`: shows whether the pace holds over the run. */
export async function acceptedTimeline(postgres: BenchPostgres, database: string, startedAt: number, bucketSeconds: number): Promise<number[]> {
  const rows = await postgres.query<{ bucket: number; count: string }>(
    `SELECT floor((EXTRACT(EPOCH FROM accepted_at) * 1000 - $1) / ($2 * 1000))::int AS bucket, count(*) AS count
       FROM kaspi_orders WHERE sync_state = 'ACCEPTED' GROUP BY 1 ORDER BY 1`,
    [startedAt, bucketSeconds],
    database,
  );
  const timeline: number[] = [];
  for (const row of rows) timeline[Math.max(0, row.bucket)] = (timeline[Math.max(0, row.bucket)] ?? 0) + Number(row.count);
  return Array.from(timeline, (count) => count ?? 0);
}
