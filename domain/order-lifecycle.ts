/**
 * kaspi-sync's own lifecycle of an order, stored in kaspi_orders.sync_state. Kaspi's status says where
 * the order is on Kaspi; this says what kaspi-sync has done about it (and therefore about stock).
 */
export const SyncState = {
  /** Flagged for an operator (out of stock, unknown SKU or warehouse, bad data); nothing reserved. */
  HELD: 'HELD',
  /** Stock taken from the warehouse, not yet accepted on Kaspi. */
  RESERVED: 'RESERVED',
  /** Accepted on Kaspi; stock stays taken. */
  ACCEPTED: 'ACCEPTED',
  /** Delivered to the buyer; watched for returns. */
  COMPLETED: 'COMPLETED',
  /** Cancelled or returned after hand-over; goods are travelling back (stock_inventory.returning_quantity). */
  RETURNING: 'RETURNING',
  /** Cancelled or returned and the stock is back where it was taken from. */
  RESTOCKED: 'RESTOCKED',
  /** Cancelled with nothing to put back (it was never reserved). */
  CANCELLED: 'CANCELLED',
} as const;
export type SyncState = (typeof SyncState)[keyof typeof SyncState];

/** Orders whose Kaspi status must still be watched. */
export const OPEN_SYNC_STATES: readonly SyncState[] = [
  SyncState.HELD,
  SyncState.RESERVED,
  SyncState.ACCEPTED,
  SyncState.COMPLETED,
  SyncState.RETURNING,
];

/**
 * Kaspi statuses an order can only reach after it was accepted (by kaspi-sync, a reply kaspi-sync lost, or by
 * hand in the Kaspi cabinet). CANCELLED is not one: it also ends orders that were never accepted.
 */
export const KASPI_STATUSES_AFTER_ACCEPTANCE: ReadonlySet<string> = new Set([
  'ACCEPTED_BY_MERCHANT',
  'COMPLETED',
  'CANCELLING',
  'KASPI_DELIVERY_RETURN_REQUESTED',
  'RETURN_ACCEPTED_BY_MERCHANT',
  'RETURNED',
]);

/**
 * The hold reason of an order someone accepted on Kaspi (by hand in the cabinet) while kaspi-sync could not
 * take its stock: the goods may already be leaving, so the operator must know the stock was not taken.
 */
export function acceptedElsewhereHoldReason(kaspiStatus: string, why: string): string {
  return `accepted on Kaspi outside kaspi-sync (Kaspi: ${kaspiStatus}) but its stock was not taken: ${why}`;
}

/** Stock movement kinds in the ledger (stock_movements.kind). */
export const MovementKind = {
  OPENING: 'OPENING',
  SALE: 'SALE',
  RETURNING: 'RETURNING',
  RESTOCK: 'RESTOCK',
  ADJUSTMENT: 'ADJUSTMENT',
} as const;

export const ledgerKeys = {
  sale: (orderId: string, line: number) => `sale:${orderId}:${line}`,
  returning: (orderId: string, line: number) => `returning:${orderId}:${line}`,
  /** One key for every way stock of a line comes back (release before acceptance, cancellation, return). */
  back: (orderId: string, line: number) => `back:${orderId}:${line}`,
};
