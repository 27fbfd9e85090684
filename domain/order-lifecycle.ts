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
  // Past acceptance the goods have left or are leaving (completed, in return): sold without stock.
  const sold = kaspiStatus !== 'ACCEPTED_BY_MERCHANT' && KASPI_STATUSES_AFTER_ACCEPTANCE.has(kaspiStatus) ? ' — sold on Kaspi without stock' : '';
  return `accepted on Kaspi outside kaspi-sync (Kaspi: ${kaspiStatus}) but its stock was not taken${sold}: ${why}`;
}

/** Stock movement kinds in the ledger (stock_movements.kind). */
export const MovementKind = {
  OPENING: 'OPENING',
  SALE: 'SALE',
  RETURNING: 'RETURNING',
  RESTOCK: 'RESTOCK',
  ADJUSTMENT: 'ADJUSTMENT',
  /** Kaspi shows fewer units of a line than were taken (a line cancelled, a quantity or weight corrected). */
  LINE_REDUCED: 'LINE_REDUCED',
  /** Returned units received damaged: out of "returning" (or sellable stock) into damaged_quantity. */
  DAMAGED: 'DAMAGED',
  /** Returned units that did not come back with the receipt. */
  RETURN_MISSING: 'RETURN_MISSING',
} as const;

export const ledgerKeys = {
  sale: (orderId: string, line: number) => `sale:${orderId}:${line}`,
  returning: (orderId: string, line: number) => `returning:${orderId}:${line}`,
  /** One key for every way stock of a line comes back (release before acceptance, cancellation, return). */
  back: (orderId: string, line: number) => `back:${orderId}:${line}`,
  /** Once per line: the units Kaspi no longer shows on it (re-read at COMPLETED and on every cancelling/return event). */
  reduced: (orderId: string, line: number) => `reduced:${orderId}:${line}`,
  /** The receipt of a return (`order received`): damaged units, and units that did not come back. */
  damaged: (orderId: string, line: number) => `damaged:${orderId}:${line}`,
  missing: (orderId: string, line: number) => `missing:${orderId}:${line}`,
};

/** The line number of a ledger key (`sale:<order id>:<line>`; order ids may hold ':' only before it). */
export function lineOfLedgerKey(key: string): number {
  return Number(key.slice(key.lastIndexOf(':') + 1));
}
