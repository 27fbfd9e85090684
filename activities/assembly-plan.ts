/**
 * Who sends an order's ASSEMBLE, and with how many parcels: kaspi-sync with the count of the parcel rule, or
 * the packing desk (domain/parcel-rules.ts). Both ASSEMBLE senders — the order workflow's assemble step and the
 * sync run's waybill step — ask here, so they agree; a desk decision is recorded on the order the first time,
 * and every later step and run follows it even if the rule setting has changed since.
 */
import { deskAssemblyReason, parcelSettingsOf, parcelsFor, type ParcelLine, type ParcelSettings } from '../domain/parcel-rules.js';
import type { Database } from '../platform/prisma-client.js';
import { deskAssemblyReasonOf, leaveToPackingDesk } from './database/desk-assembly.js';
import { parcelLinesOf } from './database/parcel-lines.js';

export type AssemblyPlan = { by: 'kaspi-sync'; places: number } | { by: 'packing-desk'; reason: string };

/** What the caller knows already; each field it read with the order row saves a statement here. */
export interface AssemblyPlanRequest {
  /** The run's parcel settings; a bare number from activities scheduled before parcel rules means "fixed". */
  parcels: number | ParcelSettings;
  /** Accepted in the Kaspi cabinet, not by kaspi-sync (the desk counts its parcels). */
  acceptedOutside?: boolean;
  /** The desk reason already on the order (null: none), when the caller read the row anyway. */
  recordedReason?: string | null;
  /** The order's lines, when the caller read them with the row. */
  lines?: ParcelLine[];
}

export async function planAssembly(db: Database, orderId: string, request: AssemblyPlanRequest): Promise<AssemblyPlan> {
  const { parcels, acceptedOutside = false, recordedReason, lines } = request;
  const recorded = recordedReason === undefined ? await deskAssemblyReasonOf(db, orderId) : recordedReason;
  if (recorded) return { by: 'packing-desk', reason: recorded };
  const settings = parcelSettingsOf(parcels);
  const reason = deskAssemblyReason({ parcelRule: settings.parcelRule, acceptedOutside });
  if (reason) {
    await leaveToPackingDesk(db, orderId, reason);
    return { by: 'packing-desk', reason };
  }
  return { by: 'kaspi-sync', places: parcelsFor(settings, lines ?? (await parcelLinesOf(db, orderId))) ?? settings.numberOfSpace };
}
