/**
 * A pre-order's goods have arrived. Load them first (`npm run db:load`): a pre-order accepted without stock
 * has its lines taken from stock now, all or nothing — while they are still short nothing is sent. Then Kaspi is
 * told (ARRIVED, T6; it refuses to assemble a pre-order before, and cancels one whose lead time passes without
 * it), the moment is recorded, and from then on the order is assembled like any other
 * (domain/assembly-readiness.ts). A repeat finds it recorded and sends nothing.
 */
import type { KaspiClient } from '../kaspi/index.js';
import type { Database } from '../platform/prisma-client.js';
import { recordEvent } from '../activities/database/business-events.js';
import { NotFoundError } from './errors.js';
import { takeAwaitedGoods } from '../activities/database/reservations.js';
import { InsufficientStock } from '../activities/database/stock-ledger.js';

export type ArrivalOutcome = { kind: 'sent' } | { kind: 'already' } | { kind: 'refused'; reason: string };

export async function markPreOrderArrived(db: Database, kaspi: KaspiClient, orderCode: string): Promise<ArrivalOutcome> {
  const row = await db.kaspiOrder.findFirst({ where: { orderCode }, orderBy: { id: 'desc' }, select: { orderId: true, preOrderArrivedAt: true } });
  if (!row) throw new NotFoundError(`kaspi-sync has no record of order ${orderCode}`);
  if (row.preOrderArrivedAt) return { kind: 'already' };
  const order = await kaspi.getOrder(row.orderId);
  if (!order) throw new NotFoundError(`Kaspi does not know order ${orderCode}`);
  if (!order.preOrder) return { kind: 'refused', reason: 'it is not a pre-order; nothing to mark' };
  if (order.status !== 'ACCEPTED_BY_MERCHANT') return { kind: 'refused', reason: `it is ${order.status}; only an accepted pre-order can be marked arrived` };
  try {
    await takeAwaitedGoods(db, order.id);
  } catch (error) {
    if (error instanceof InsufficientStock) {
      const short = error.shortages.map((s) => `${s.sku} needs ${s.wanted}, has ${s.available}`).join('; ');
      return { kind: 'refused', reason: `its goods are not in stock yet (${short}); load them (npm run db:load) and run this again — nothing was sent` };
    }
    throw error;
  }
  await kaspi.markArrived({ id: order.id, code: order.code });
  await db.kaspiOrder.update({ where: { orderId: order.id }, data: { preOrderArrivedAt: new Date(), assemblyWaitingFor: null } });
  await recordEvent(db, { message: 'pre-order goods arrived (ARRIVED sent)', orderCode, extra: {} });
  return { kind: 'sent' };
}
