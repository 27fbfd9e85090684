/**
 * An order's lines as Kaspi shows them now, in the numbering and whole stock units the reservation used
 * (activities/reservation-request.ts), so they compare line by line with what the ledger took.
 */
import type { KaspiClient, KaspiOrderEntry } from '../kaspi/index.js';
import { stockUnitsOf } from '../domain/stock-units.js';
import type { KaspiLineNow } from './database/line-reductions.js';

export function linesNowOf(entries: readonly KaspiOrderEntry[]): KaspiLineNow[] {
  return entries.map((entry, index) => ({
    lineNumber: Number.isInteger(entry.entryNumber) ? entry.entryNumber : index,
    units: stockUnitsOf(entry.quantity, entry.unitType),
  }));
}

export async function readLinesNow(kaspi: Pick<KaspiClient, 'getOrderEntries'>, order: { orderId: string; orderCode: string }): Promise<KaspiLineNow[]> {
  return linesNowOf(await kaspi.getOrderEntries(order.orderId, order.orderCode));
}
