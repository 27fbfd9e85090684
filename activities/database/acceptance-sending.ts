/**
 * The acceptance's never-twice rule, kept in the database: the time ACCEPTED_BY_MERCHANT is sent is recorded
 * before the request leaves. The acceptance is a local activity, and one run again by another worker after a
 * crash starts from attempt 1 — so "was it maybe sent already?" cannot rest on the attempt number. A second
 * acceptance is not harmful on Kaspi's side (it is refused or ignored), but kaspi-sync reads the order before it
 * repeats itself, so that a lost reply turns into a read, never into a second action.
 */
import type { Database } from '../../platform/prisma-client.js';

/** Records that the acceptance is being sent now; true when an earlier attempt recorded it already. */
export async function recordAcceptanceSending(db: Database, orderId: string, now = new Date()): Promise<boolean> {
  // One statement: the previous value (read under the row lock) and the new one.
  const rows = await db.$queryRaw<{ before: Date | null }[]>`
    UPDATE kaspi_orders AS o SET accept_sent_at = ${now}
    FROM (SELECT order_id, accept_sent_at FROM kaspi_orders WHERE order_id = ${orderId} FOR UPDATE) AS previous
    WHERE o.order_id = previous.order_id
    RETURNING previous.accept_sent_at AS before`;
  return rows.length > 0 && rows[0].before !== null;
}
