/**
 * Business settings of a sync run. They travel as workflow input (schedule action arguments or a manual
 * start), so every run records in its history the rules it applied. Unset fields take these defaults.
 */
export interface SyncSettings {
  /** How far back to look for new orders (Kaspi keeps NEW orders for hours, not days). */
  newOrderLookbackDays: number;
  /** How far back status changes (cancellations, returns) of processed orders are searched by list calls. */
  statusTrackingDays: number;
  /** Child workflows in flight at once. The seed processed 5 at a time. */
  maxOrdersInFlight: number;
  /** What to do when stock is short: hold for an operator (default) or cancel on Kaspi as out of stock. */
  outOfStockPolicy: 'hold' | 'cancel';
  /** Parcels per Kaspi Delivery order when assembling (one waybill label per parcel). */
  numberOfSpace: number;
  /** Goods cancelled after hand-over come back into stock when Kaspi archives the order, or already when
   * Kaspi reports them back at its warehouse (returnedToWarehouse). */
  restockAfterHandover: 'archive' | 'returned-to-warehouse';
  /** A held order re-checks its stock this often, until the operator fixes it or Kaspi cancels it. */
  heldRecheckMinutes: number;
  /** After this, a held order's workflow stops waiting; the order stays flagged in the database. */
  heldGiveUpHours: number;
  /** Waybills collected at once in the waybill phase. */
  maxWaybillsInFlight: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  newOrderLookbackDays: 3,
  statusTrackingDays: 30,
  maxOrdersInFlight: 20,
  outOfStockPolicy: 'hold',
  numberOfSpace: 1,
  restockAfterHandover: 'archive',
  heldRecheckMinutes: 10,
  heldGiveUpHours: 72,
  maxWaybillsInFlight: 10,
};

export function withDefaults(partial: Partial<SyncSettings> | undefined): SyncSettings {
  const merged = { ...DEFAULT_SYNC_SETTINGS, ...(partial ?? {}) };
  if (!(merged.maxOrdersInFlight >= 1)) throw new Error('maxOrdersInFlight must be at least 1');
  if (!(merged.numberOfSpace >= 1)) throw new Error('numberOfSpace must be at least 1');
  if (merged.outOfStockPolicy !== 'hold' && merged.outOfStockPolicy !== 'cancel') {
    throw new Error(`outOfStockPolicy must be "hold" or "cancel", got ${String(merged.outOfStockPolicy)}`);
  }
  return merged;
}
