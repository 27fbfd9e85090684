import type { Prisma } from '../../generated/prisma/client.js';
import type { Database } from '../../platform/prisma-client.js';

export type Tx = Prisma.TransactionClient;

/**
 * Runs `work` in one database transaction. Everything that belongs together (stock movements, the order
 * row, its lines, the business event) commits together or not at all.
 */
export function inTransaction<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(work, { timeout: 30_000, maxWait: 30_000 });
}
