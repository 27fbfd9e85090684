/**
 * Partial cancellations and quantity changes (issue 13 §3): a line cancelled in the Kaspi cabinet after
 * acceptance, or a weight corrected, never reaches kaspi-sync as an event of its own. So when an order reaches
 * COMPLETED, and at every cancelling or return event, its lines are read again and every line Kaspi now shows
 * with fewer units than were taken gives the difference back — once per line (ledger key `reduced:`), so a
 * second look, a retried activity or an overlapping run changes nothing.
 */
import { recordEvent } from './business-events.js';
import { restockReduction, salesOf } from './stock-ledger.js';
import type { Tx } from './transaction.js';

/** One line as Kaspi shows it now, in whole stock units (domain/stock-units.ts), by kaspi-sync's line number. */
export interface KaspiLineNow {
  lineNumber: number;
  units: number;
}

/** Puts back what Kaspi no longer shows on each line; a line Kaspi no longer lists at all gives back all of it. */
export async function restockReducedLines(tx: Tx, order: { orderId: string; orderCode: string }, linesNow: readonly KaspiLineNow[], kaspiStatus: string): Promise<number> {
  // No lines at all is not "every line cancelled" (that comes as a status): never give a whole order back on it.
  if (linesNow.length === 0) return 0;
  const shown = new Map(linesNow.map((line) => [line.lineNumber, line.units]));
  const restored: { line: number; units: number }[] = [];
  for (const sale of await salesOf(tx, order.orderId)) {
    const units = await restockReduction(tx, order, sale, shown.get(sale.line) ?? 0, `Kaspi shows ${shown.get(sale.line) ?? 0} of ${sale.taken} unit(s) on line ${sale.line} now (${kaspiStatus})`);
    if (units > 0) restored.push({ line: sale.line, units });
  }
  if (restored.length > 0) {
    await recordEvent(tx, { message: 'stock restored: lines reduced on Kaspi', orderCode: order.orderCode, extra: { kaspiStatus, lines: restored } });
  }
  return restored.reduce((sum, r) => sum + r.units, 0);
}
