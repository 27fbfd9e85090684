/**
 * Which Kaspi warehouse name (the price list's `storeId`) each of the merchant's warehouses publishes as:
 * KASPI_WAREHOUSE_MAP read backwards, so orders and the feed always agree. The map goes from Kaspi's
 * pickupPointId (`30123456_PP1`) or its warehouse part (`Store7`) to a `stocks.name`; a warehouse no entry
 * names publishes under its own name, exactly as an order's pickupPointId without an entry resolves to it.
 */
import { storeIdProblem } from './price-list.js';
import type { WarehouseMapping } from './warehouse.js';

export type StoreIdResolution = { storeId: string } | { problem: string };

/** The Kaspi warehouse name inside a map key: the part after the first "_" of a pickupPointId. */
function kaspiNameOfKey(key: string): string {
  const separator = key.indexOf('_');
  return separator > 0 && separator < key.length - 1 ? key.slice(separator + 1) : key;
}

export function kaspiStoreIds(warehouses: readonly string[], mapping: WarehouseMapping = {}): Map<string, StoreIdResolution> {
  const namesByWarehouse = new Map<string, Set<string>>();
  const warehouseByKaspiName = new Map<string, Set<string>>();
  for (const [key, warehouse] of Object.entries(mapping)) {
    const kaspiName = kaspiNameOfKey(key.trim());
    if (!namesByWarehouse.has(warehouse)) namesByWarehouse.set(warehouse, new Set());
    namesByWarehouse.get(warehouse)!.add(kaspiName);
    if (!warehouseByKaspiName.has(kaspiName)) warehouseByKaspiName.set(kaspiName, new Set());
    warehouseByKaspiName.get(kaspiName)!.add(warehouse);
  }

  const candidates = new Map<string, StoreIdResolution>();
  for (const warehouse of warehouses) {
    const mapped = [...(namesByWarehouse.get(warehouse) ?? [])].sort();
    if (mapped.length > 1) {
      candidates.set(warehouse, { problem: `KASPI_WAREHOUSE_MAP gives warehouse ${warehouse} several Kaspi names (${mapped.join(', ')})` });
      continue;
    }
    if (mapped.length === 0) {
      const ownerOfName = [...(warehouseByKaspiName.get(warehouse) ?? [])].filter((w) => w !== warehouse);
      if (ownerOfName.length > 0) {
        candidates.set(warehouse, { problem: `Kaspi's ${warehouse} is warehouse ${ownerOfName.join(', ')} in KASPI_WAREHOUSE_MAP, and no entry names warehouse ${warehouse}` });
        continue;
      }
    }
    const storeId = mapped[0] ?? warehouse;
    const problem = storeIdProblem(storeId);
    candidates.set(warehouse, problem ? { problem: `warehouse ${warehouse}: ${problem}` } : { storeId });
  }

  // Two warehouses under one Kaspi name would each overwrite the other's stock on Kaspi: neither is published.
  const byStoreId = new Map<string, string[]>();
  for (const [warehouse, resolution] of candidates) {
    if ('storeId' in resolution) byStoreId.set(resolution.storeId, [...(byStoreId.get(resolution.storeId) ?? []), warehouse]);
  }
  for (const [storeId, sharing] of byStoreId) {
    if (sharing.length < 2) continue;
    for (const warehouse of sharing) candidates.set(warehouse, { problem: `warehouses ${sharing.sort().join(' and ')} would both publish as Kaspi's ${storeId}` });
  }
  return candidates;
}
