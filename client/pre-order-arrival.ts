/**
 * A pre-order's goods have arrived. Kaspi refuses to assemble a pre-order until it is told (ARRIVED, T6), and
 * auto-cancels one whose lead time passes without it; kaspi-sync records the moment, and from then on the order
 * may be assembled (domain/assembly-readiness.ts). Sent at most once: a repeat finds it recorded.
 */
import type { KaspiClient } from '../kaspi/index.js';
import type { Database } from '../platform/prisma-client.js';
import { recordEvent } from '../activities/database/business-events.js';
import { NotFoundError } from './errors.js';

export type ArrivalOutcome = { kind: 'sent' } | { kind: 'already' } | { kind: 'refused'; reason: string };

export async function markPreOrderArrived(db: Database, kaspi: KaspiClient, orderCode: string): Promise<ArrivalOutcome> {
  const row = await db.kaspiOrder.findFirst({ where: { orderCode }, orderBy: { id: 'desc' }, select: { orderId: true, preOrderArrivedAt: true } });
  if (!row) throw new NotFoundError(`kaspi-sync has no record of order ${orderCode}`);
  if (row.preOrderArrivedAt) return { kind: 'already' };
  const order = await kaspi.getOrder(row.orderId);
  if (!order) throw new NotFoundError(`Kaspi does not know order ${orderCode}`);
  if (!order.preOrder) return { kind: 'refused', reason: 'it is not a pre-order; nothing to mark' };
  if (order.status !== 'ACCEPTED_BY_MERCHANT') return { kind: 'refused', reason: `it is ${order.status}; only an accepted pre-order can be marked arrived` };
  await kaspi.markArrived({ id: order.id, code: order.code });
  await db.kaspiOrder.update({ where: { orderId: order.id }, data: { preOrderArrivedAt: new Date(), assemblyWaitingFor: null } });
  await recordEvent(db, { message: 'pre-order goods arrived (ARRIVED sent)', orderCode, extra: {} });
  return { kind: 'sent' };
}
