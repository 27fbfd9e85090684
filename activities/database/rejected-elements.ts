/**
 * Malformed elements of a Kaspi list: each is written to log_events (once an hour per order, not once a
 * run) and, when kaspi-sync knows the order, onto the order itself, where `orders flagged` shows it.
 */
import type { RejectedElement } from '../../kaspi/index.js';
import type { Database } from '../../platform/prisma-client.js';
import { recordEvent } from './business-events.js';

const REPEAT_AFTER_MS = 60 * 60 * 1000;
const MESSAGE = 'Kaspi listed an order whose data cannot be used; it is skipped and the rest of the list is processed';

export async function recordRejectedElements(db: Database, rejected: RejectedElement[], list: string, now = Date.now()): Promise<void> {
  for (const element of rejected) {
    const orderCode = element.orderCode ?? undefined;
    const problem = `${list}: ${element.problem}`;
    if (element.orderId) {
      await db.kaspiOrder.updateMany({ where: { orderId: element.orderId }, data: { statusCheckProblem: `Kaspi's data for this order cannot be used (${problem})` } });
    }
    if (orderCode && (await loggedRecently(db, orderCode, now))) continue;
    await recordEvent(db, { level: 'WARNING', message: MESSAGE, orderCode, extra: { orderId: element.orderId, list, problem: element.problem } });
  }
}

async function loggedRecently(db: Database, orderCode: string, now: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM log_events
    WHERE message = ${MESSAGE} AND extra_data->>'orderCode' = ${orderCode} AND "timestamp" > ${new Date(now - REPEAT_AFTER_MS)}`;
  return Number(rows[0]?.n ?? 0) > 0;
}
