/**
 * Many rows into one table in one statement per chunk: `INSERT … SELECT FROM unnest(<one array per column>)`.
 * Prisma's createMany manages about a thousand rows a second here, too slow for a shop's month of orders
 * (40,000 rows); this takes well under a second for them. Timestamps are sent as ISO strings and stored as
 * UTC, the way the application's Prisma client writes its `timestamp without time zone` columns.
 */
import type pg from 'pg';

export type ColumnType = 'text' | 'int' | 'bool' | 'numeric' | 'timestamp' | 'bytea';

const CHUNK = 5_000;

export async function bulkInsert(client: pg.ClientBase, table: string, columns: Record<string, ColumnType>, rows: Record<string, unknown>[]): Promise<number> {
  const names = Object.keys(columns);
  const arrayTypes = names.map((name) => (columns[name] === 'timestamp' ? 'text' : columns[name]));
  const selected = names.map((name) => (columns[name] === 'timestamp' ? `("${name}"::timestamptz AT TIME ZONE 'UTC')` : `"${name}"`));
  const sql = `INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')})
    SELECT ${selected.join(', ')} FROM unnest(${arrayTypes.map((type, i) => `$${i + 1}::${type}[]`).join(', ')}) AS t(${names.map((n) => `"${n}"`).join(', ')})`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const values = names.map((name) =>
      chunk.map((row) => {
        const value = row[name] ?? null;
        return value instanceof Date ? value.toISOString() : value;
      }),
    );
    await client.query(sql, values);
  }
  return rows.length;
}
