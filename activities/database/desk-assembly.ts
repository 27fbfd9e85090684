/**
 * Orders kaspi-sync never assembles itself: the packing desk sends their ASSEMBLE with the parcels it packed
 * (`kaspi-sync order assemble`). kaspi_orders.desk_assembly_reason says why; the order workflow's assemble
 * step and the sync run's waybill step both read it before they would send ASSEMBLE. The first reason stays.
 */
import type { Database } from '../../platform/prisma-client.js';

export async function leaveToPackingDesk(db: Database, orderId: string, reason: string): Promise<void> {
  await db.kaspiOrder.updateMany({ where: { orderId, deskAssemblyReason: null }, data: { deskAssemblyReason: reason } });
}

/** Why the packing desk assembles this order, or null when kaspi-sync does. */
export async function deskAssemblyReasonOf(db: Database, orderId: string): Promise<string | null> {
  const row = await db.kaspiOrder.findUnique({ where: { orderId }, select: { deskAssemblyReason: true } });
  return row?.deskAssemblyReason ?? null;
}
