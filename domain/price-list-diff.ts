/**
 * What publishing a candidate price list would change on Kaspi, compared with the published one: offers
 * added and removed, price changes, and stock up or down per warehouse. `feed diff` prints it before a first
 * publish (everything is "added") and any time after.
 */
import type { PriceListFigures } from './price-list-offers.js';

export interface StockChange {
  sku: string;
  storeId: string;
  from: number;
  to: number;
}

export interface WarehouseChange {
  storeId: string;
  unitsUp: number;
  unitsDown: number;
  offersUp: number;
  offersDown: number;
}

export interface PriceListDiff {
  added: string[];
  removed: string[];
  priceChanges: { sku: string; from: number; to: number }[];
  stockChanges: StockChange[];
  byWarehouse: WarehouseChange[];
}

export function diffPriceLists(published: PriceListFigures | undefined, candidate: PriceListFigures): PriceListDiff {
  const before = published ?? {};
  const skus = [...new Set([...Object.keys(before), ...Object.keys(candidate)])].sort();
  const diff: PriceListDiff = { added: [], removed: [], priceChanges: [], stockChanges: [], byWarehouse: [] };
  const warehouses = new Map<string, WarehouseChange>();
  const warehouse = (storeId: string) => {
    if (!warehouses.has(storeId)) warehouses.set(storeId, { storeId, unitsUp: 0, unitsDown: 0, offersUp: 0, offersDown: 0 });
    return warehouses.get(storeId)!;
  };

  for (const sku of skus) {
    const old = before[sku];
    const now = candidate[sku];
    if (!old) diff.added.push(sku);
    else if (!now) diff.removed.push(sku);
    else if (old.price !== now.price) diff.priceChanges.push({ sku, from: old.price, to: now.price });
    const storeIds = new Set([...Object.keys(old?.stores ?? {}), ...Object.keys(now?.stores ?? {})]);
    for (const storeId of [...storeIds].sort()) {
      const from = old?.stores[storeId] ?? 0;
      const to = now?.stores[storeId] ?? 0;
      if (from === to) continue;
      diff.stockChanges.push({ sku, storeId, from, to });
      const change = warehouse(storeId);
      if (to > from) {
        change.unitsUp += to - from;
        change.offersUp += 1;
      } else {
        change.unitsDown += from - to;
        change.offersDown += 1;
      }
    }
  }
  diff.byWarehouse = [...warehouses.values()].sort((a, b) => a.storeId.localeCompare(b.storeId));
  return diff;
}

export function isUnchanged(diff: PriceListDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.priceChanges.length === 0 && diff.stockChanges.length === 0;
}
