/**
 * A sale-day backlog: N NEW orders in the sandbox, spread over three warehouses and eight SKUs (60 % Kaspi
 * Delivery), and enough stock at every warehouse that none of them is held.
 */
import type { Database } from '../../platform/prisma-client.js';
import type { KaspiSandbox } from '../sandbox/index.js';
import { loadInventory } from '../../activities/database/inventory-loader.js';

const WAREHOUSES = ['PP1', 'PP2', 'PP15'];
const SKUS = ['SKU-TEA-001', 'SKU-MUG-017', 'SKU-COFFEE-250', 'SKU-KETTLE-2L', 'SKU-PLATE-6', 'SKU-SPOON-12', 'SKU-PAN-28', 'SKU-TOWEL-3'];
/** The generator puts at most 4 units of a SKU on one order. */
const MAX_UNITS_PER_LINE = 4;

export interface Backlog {
  orderCodes: string[];
  kaspiDeliveryOrders: number;
  oldestCreatedAt: number;
}

export async function createBacklog(sandbox: KaspiSandbox, db: Database, orders: number): Promise<Backlog> {
  const stock = Object.fromEntries(WAREHOUSES.map((w) => [w, orders * MAX_UNITS_PER_LINE]));
  await loadInventory(db, { products: SKUS.map((sku) => ({ sku, model: sku, stock })) }, 'benchmark stock');
  const created = sandbox.generateOrders(orders, { seed: 7, warehouses: WAREHOUSES, skus: SKUS, kaspiDeliveryShare: 0.6 });
  return {
    orderCodes: created.map((o) => o.code),
    kaspiDeliveryOrders: created.filter((o) => o.isKaspiDelivery).length,
    oldestCreatedAt: Math.min(...created.map((o) => o.creationDate)),
  };
}
