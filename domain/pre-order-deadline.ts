/**
 * A pre-order's deadline: Kaspi cancels a pre-order (as the merchant's fault) whose goods are not marked
 * ARRIVED within its lead time — the `preorder` days the shop publishes for its products, at most 30. Pure.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
/** Kaspi's longest lead time, the deadline when a product's own is unknown. */
export const MAX_PRE_ORDER_DAYS = 30;
/** A pre-order is flagged this close to its deadline. */
export const PRE_ORDER_WARNING_DAYS = 3;

export function preOrderDeadline(createdAt: number, productLeadDays: readonly (number | null)[]): number {
  const known = productLeadDays.filter((d): d is number => typeof d === 'number' && d > 0);
  const days = known.length > 0 ? Math.min(MAX_PRE_ORDER_DAYS, Math.max(...known)) : MAX_PRE_ORDER_DAYS;
  return createdAt + days * DAY_MS;
}

export function preOrderDueSoon(deadline: number, now: number): boolean {
  return deadline - now <= PRE_ORDER_WARNING_DAYS * DAY_MS;
}
