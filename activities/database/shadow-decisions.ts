/**
 * shadow_decisions: what kaspi-sync would have done in live mode, one row per order and action. Recording
 * the same decision again (a later run still sees the order) only refreshes last_seen_at.
 */
import type { Database } from '../../platform/prisma-client.js';

export const ShadowActions = {
  /** Would reserve the stock and accept on Kaspi. */
  accept: 'ACCEPT',
  /** Would hold for an operator (reason: out of stock, unknown SKU or warehouse, unusable data). */
  hold: 'HOLD',
  /** Would cancel on Kaspi as MERCHANT_OUT_OF_STOCK (outOfStockPolicy "cancel"). */
  cancelOutOfStock: 'CANCEL_OUT_OF_STOCK',
  /** Would send ASSEMBLE with `places` parcels (Kaspi Delivery). */
  assemble: 'ASSEMBLE',
  /** Would take stock for an order someone accepted outside kaspi-sync. */
  takeStock: 'TAKE_STOCK',
  /** Would put the stock back (cancelled before it left the shop, or returned and archived). */
  restock: 'RESTOCK',
  /** Would book the goods as on their way back (cancelled in delivery, return requested). */
  returning: 'RETURNING',
} as const;
export type ShadowAction = (typeof ShadowActions)[keyof typeof ShadowActions];

export interface ShadowDecisionInput {
  orderId: string;
  orderCode: string;
  action: ShadowAction;
  reason?: string | null;
  warehouse?: string | null;
  places?: number | null;
  kaspiStatus: string;
  kaspiState?: string | null;
  express?: boolean;
  kaspiCreatedAt?: number | null;
  runId?: string;
}

export async function recordShadowDecision(db: Database, decision: ShadowDecisionInput): Promise<void> {
  const data = {
    orderCode: decision.orderCode,
    reason: decision.reason ?? null,
    warehouse: decision.warehouse ?? null,
    places: decision.places ?? null,
    kaspiStatus: decision.kaspiStatus,
    kaspiState: decision.kaspiState ?? null,
    express: decision.express ?? false,
    kaspiCreatedAt: decision.kaspiCreatedAt ? new Date(decision.kaspiCreatedAt) : null,
    runId: decision.runId ?? null,
  };
  await db.shadowDecision.upsert({
    where: { orderId_action: { orderId: decision.orderId, action: decision.action } },
    create: { orderId: decision.orderId, action: decision.action, ...data },
    update: { lastSeenAt: new Date(), reason: data.reason, places: data.places, kaspiStatus: data.kaspiStatus, kaspiState: data.kaspiState },
  });
}

/** Orders shadow mode has made its first-pass decision for (accept, cancel, take stock): not decided again. */
export async function alreadyDecided(db: Database, orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await db.shadowDecision.findMany({
    where: { orderId: { in: [...orderIds] }, action: { in: [ShadowActions.accept, ShadowActions.cancelOutOfStock, ShadowActions.takeStock] } },
    select: { orderId: true },
  });
  return new Set(rows.map((r) => r.orderId));
}

/** Orders shadow mode would have taken stock for: the ones whose cancellations and returns it follows. */
export async function wouldHoldStock(db: Database, orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await db.shadowDecision.findMany({
    where: { orderId: { in: [...orderIds] }, action: { in: [ShadowActions.accept, ShadowActions.takeStock] } },
    select: { orderId: true },
  });
  return new Set(rows.map((r) => r.orderId));
}
