/**
 * `shadow report`: what kaspi-sync decided in shadow mode, set against what Kaspi shows for each order now —
 * whoever acted in the meantime (staff in the cabinet, the old script, Kaspi's own auto-cancellation). An
 * operator reads it before switching to live: agreements, disagreements (each worth a look: stock figures,
 * SKUs, the warehouse map), and orders kaspi-sync would have saved from Kaspi cancelling them unaccepted.
 * Reads only: shadow_decisions, and GET requests to Kaspi.
 */
import type { KaspiClient } from '../kaspi/index.js';
import { acceptanceShownBy } from '../domain/status-decisions.js';
import type { Database } from '../platform/prisma-client.js';
import { ShadowActions } from '../activities/database/shadow-decisions.js';

/** Kaspi cancels an order left unaccepted past its deadline as the merchant being out of stock. */
const AUTO_CANCELLATION_REASON = 'MERCHANT_OUT_OF_STOCK';

export type ShadowVerdict = 'agreement' | 'disagreement' | 'saved-from-auto-cancellation' | 'pending' | 'neutral' | 'unknown';

export interface ShadowReportOrder {
  orderCode: string;
  /** What live mode would have done first: ACCEPT, TAKE_STOCK, HOLD or CANCEL_OUT_OF_STOCK (a held order later accepted: ACCEPT). */
  decision: string;
  reason: string | null;
  decidedAt: string;
  /** Every recorded decision, in order (ASSEMBLE with its places, RESTOCK, RETURNING, …). */
  decisions: { action: string; reason: string | null; places: number | null; decidedAt: string }[];
  kaspiNow: { status: string; state: string; cancellationReason: string | null } | null;
  verdict: ShadowVerdict;
  explanation: string;
}

export interface ShadowReport {
  since: string;
  orders: ShadowReportOrder[];
  totals: Record<ShadowVerdict, number> & { orders: number; decisions: Record<string, number> };
}

const FIRST_PASS = new Set<string>([ShadowActions.accept, ShadowActions.takeStock, ShadowActions.hold, ShadowActions.cancelOutOfStock]);

export async function shadowReport(db: Database, kaspi: KaspiClient, since: Date): Promise<ShadowReport> {
  const rows = await db.shadowDecision.findMany({ where: { decidedAt: { gte: since } }, orderBy: [{ decidedAt: 'asc' }, { id: 'asc' }] });
  const byOrder = new Map<string, typeof rows>();
  for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);

  const orders: ShadowReportOrder[] = [];
  for (const [orderId, decisions] of byOrder) {
    const firstPass = decisions.filter((d) => FIRST_PASS.has(d.action));
    // A held order whose stock arrived would have been accepted then: the later decision is what live did.
    const decided = firstPass.find((d) => d.action !== ShadowActions.hold) ?? firstPass[0] ?? decisions[0];
    const current = await kaspi.getOrder(orderId).catch(() => undefined);
    const kaspiNow = current ? { status: current.status, state: current.state, cancellationReason: current.cancellationReason ?? null } : null;
    orders.push({
      orderCode: decided.orderCode,
      decision: decided.action,
      reason: decided.reason,
      decidedAt: decided.decidedAt.toISOString(),
      decisions: decisions.map((d) => ({ action: d.action, reason: d.reason, places: d.places, decidedAt: d.decidedAt.toISOString() })),
      kaspiNow,
      ...judge(decided.action, kaspiNow),
    });
  }
  const totals = { orders: orders.length, agreement: 0, disagreement: 0, 'saved-from-auto-cancellation': 0, pending: 0, neutral: 0, unknown: 0, decisions: {} as Record<string, number> };
  for (const order of orders) totals[order.verdict] += 1;
  for (const row of rows) totals.decisions[row.action] = (totals.decisions[row.action] ?? 0) + 1;
  return { since: since.toISOString(), orders, totals };
}

function judge(decision: string, now: ShadowReportOrder['kaspiNow']): { verdict: ShadowVerdict; explanation: string } {
  if (!now) return { verdict: 'unknown', explanation: 'Kaspi could not be asked about this order now' };
  const shown = acceptanceShownBy(now.status);
  const wouldTake = decision === ShadowActions.accept || decision === ShadowActions.takeStock;
  if (shown === undefined) return { verdict: 'pending', explanation: 'still waiting for acceptance on Kaspi' };
  if (shown === 'accepted') {
    return wouldTake
      ? { verdict: 'agreement', explanation: 'accepted on Kaspi (by staff or the old script), as kaspi-sync would have' }
      : { verdict: 'disagreement', explanation: `accepted on Kaspi, but kaspi-sync would have ${decision === ShadowActions.hold ? 'held it' : 'cancelled it as out of stock'}: check its stock, SKUs and warehouse` };
  }
  if (shown === 'cancelled-on-kaspi') {
    const autoCancelled = now.cancellationReason === AUTO_CANCELLATION_REASON;
    if (wouldTake && autoCancelled) return { verdict: 'saved-from-auto-cancellation', explanation: 'cancelled on Kaspi as out of stock (Kaspi\'s own cancellation of an unaccepted order counts the same) while kaspi-sync had the stock and would have accepted it' };
    if (!wouldTake && autoCancelled) return { verdict: 'agreement', explanation: 'cancelled on Kaspi as out of stock; kaspi-sync had no stock for it either' };
    return { verdict: 'neutral', explanation: `cancelled on Kaspi (${now.cancellationReason ?? 'no reason given'}): not the shop's decision` };
  }
  return { verdict: 'unknown', explanation: `Kaspi shows status ${now.status}, which kaspi-sync does not know` };
}

/** One line per order for the terminal; `--json` prints the report itself. */
export function describeShadowReport(report: ShadowReport): string[] {
  const t = report.totals;
  const lines = [
    `shadow decisions since ${report.since}: ${t.orders} orders — ${t.agreement} agreements, ${t.disagreement} disagreements, ${t['saved-from-auto-cancellation']} would have been saved from auto-cancellation, ${t.pending} pending, ${t.neutral} cancelled by the buyer or Kaspi, ${t.unknown} unknown`,
  ];
  for (const order of report.orders) {
    const extra = order.decisions.filter((d) => !FIRST_PASS.has(d.action)).map((d) => (d.places ? `${d.action} ${d.places}` : d.action));
    const now = order.kaspiNow ? `${order.kaspiNow.state}/${order.kaspiNow.status}` : 'unknown';
    lines.push(`  ${order.orderCode}  would ${order.decision}${order.reason ? ` (${order.reason})` : ''}${extra.length ? ` then ${extra.join(', ')}` : ''}; Kaspi now ${now} → ${order.verdict}: ${order.explanation}`);
  }
  return lines;
}
