/**
 * What one chaos run sells: an inventory over several warehouses (PP15 among them) with some shelves
 * nearly empty, and a batch of multi-line orders drawn from a seeded generator, so a seed reproduces the
 * same shop. Some orders cannot be served (too few units, an unknown SKU or warehouse) and must be held.
 */
import type { InventoryData } from '../../activities/database/inventory-loader.js';
import type { OrderSpec } from '../sandbox/index.js';
import { integerBetween, pick } from '../sandbox/prng.js';

export const WAREHOUSES = ['PP1', 'PP2', 'PP15'] as const;
export const SKUS = ['SKU-TEA-001', 'SKU-MUG-017', 'SKU-COFFEE-250', 'SKU-KETTLE-2L', 'SKU-PLATE-6', 'SKU-PAN-28'] as const;
const UNKNOWN_SKU = 'SKU-NOT-IN-CATALOGUE';
const UNKNOWN_WAREHOUSE = 'PP404';

export interface Scenario {
  inventory: InventoryData;
  /** Initial quantity by `${sku}@${warehouse}`. */
  initial: Map<string, number>;
  orders: OrderSpec[];
}

export const stockKey = (sku: string, warehouse: string) => `${sku}@${warehouse}`;

export function buildScenario(random: () => number): Scenario {
  const initial = new Map<string, number>();
  const products = SKUS.map((sku) => {
    const stock: Record<string, number> = {};
    for (const warehouse of WAREHOUSES) {
      // A quarter of the shelves hold one unit or none, so concurrent orders compete for the last units.
      const quantity = random() < 0.25 ? integerBetween(random, 0, 1) : integerBetween(random, 2, 8);
      stock[warehouse] = quantity;
      initial.set(stockKey(sku, warehouse), quantity);
    }
    return { sku, model: sku.toLowerCase(), stock };
  });

  const count = integerBetween(random, 10, 16);
  const orders: OrderSpec[] = Array.from({ length: count }, () => {
    const roll = random();
    const warehouse = roll < 0.04 ? UNKNOWN_WAREHOUSE : pick(random, WAREHOUSES);
    const lineCount = random() < 0.6 ? 1 : integerBetween(random, 2, 3);
    const skus = [...new Set(Array.from({ length: lineCount }, () => (random() < 0.04 ? UNKNOWN_SKU : pick(random, SKUS))))];
    const isKaspiDelivery = random() < 0.6;
    return {
      warehouse,
      lines: skus.map((sku) => ({ sku, quantity: random() < 0.75 ? 1 : integerBetween(random, 2, 4) })),
      isKaspiDelivery,
      deliveryMode: isKaspiDelivery ? 'DELIVERY_LOCAL' : 'DELIVERY_PICKUP',
      customer: { cellPhone: `70${integerBetween(random, 10_000_000, 99_999_999)}` },
    };
  });
  return { inventory: { warehouses: [...WAREHOUSES], products }, initial, orders };
}
