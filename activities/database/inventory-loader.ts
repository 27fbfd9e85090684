/**
 * Loads warehouses, products and quantities (demo data, tests, first installs). Quantities are absolute:
 * the loader records the difference to the current quantity as an ADJUSTMENT in the ledger, so the
 * ledger keeps agreeing with stock_inventory.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/prisma-client.js';
import { adjust } from './stock-ledger.js';
import { inTransaction } from './transaction.js';

export interface InventoryProduct {
  sku: string;
  model: string;
  brand?: string;
  price?: number;
  /** Parcels one unit ships in, whatever the parcel rule (a sofa in three boxes: 3); null clears it. */
  parcels?: number | null;
  /** Warehouse name → quantity on hand. */
  stock: Record<string, number>;
}

export interface InventoryData {
  warehouses?: string[];
  products: InventoryProduct[];
}

export interface LoadReport {
  warehouses: number;
  products: number;
  inventoryRows: number;
}

export function parseInventoryCsv(text: string): InventoryData {
  const rows = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const header = rows.shift()?.split(',').map((h) => h.trim().toLowerCase());
  const expected = ['sku', 'model', 'brand', 'price', 'warehouse', 'quantity'];
  if (!header || expected.some((h, i) => header[i] !== h)) {
    throw new Error(`inventory CSV must start with the header "${expected.join(',')}"`);
  }
  const bySku = new Map<string, InventoryProduct>();
  rows.forEach((row, index) => {
    const [sku, model, brand, price, warehouse, quantity] = row.split(',').map((c) => c.trim());
    if (!sku || !warehouse) throw new Error(`inventory CSV line ${index + 2}: sku and warehouse are required`);
    const product = bySku.get(sku) ?? { sku, model: model || sku, brand: brand || undefined, price: price ? Number(price) : undefined, stock: {} };
    product.stock[warehouse] = Number(quantity);
    bySku.set(sku, product);
  });
  return { products: [...bySku.values()] };
}

function validate(data: InventoryData): void {
  for (const product of data.products) {
    if (!product.sku?.trim()) throw new Error('every product needs a sku');
    if (product.parcels != null && !(Number.isInteger(product.parcels) && product.parcels >= 1)) {
      throw new Error(`parcels of ${product.sku} must be a whole number of at least 1 (or null), got ${product.parcels}`);
    }
    if ((product.brand ?? '').length > 15) throw new Error(`brand of ${product.sku} is longer than 15 characters (the seed's column limit)`);
    for (const [warehouse, quantity] of Object.entries(product.stock)) {
      if (!warehouse || warehouse.length > 10) throw new Error(`warehouse name "${warehouse}" must be 1–10 characters`);
      if (!Number.isInteger(quantity) || quantity < 0) throw new Error(`quantity of ${product.sku} at ${warehouse} must be a whole number ≥ 0, got ${quantity}`);
    }
  }
}

export async function loadInventory(db: Database, data: InventoryData, note = 'inventory load'): Promise<LoadReport> {
  validate(data);
  const loadId = randomUUID();
  const warehouseNames = new Set([...(data.warehouses ?? []), ...data.products.flatMap((p) => Object.keys(p.stock))]);
  return inTransaction(db, async (tx) => {
    const stockIds = new Map<string, number>();
    for (const name of warehouseNames) {
      const stock = await tx.stock.upsert({ where: { name }, create: { name }, update: { isActive: true } });
      stockIds.set(name, stock.id);
    }
    let inventoryRows = 0;
    for (const product of data.products) {
      const row = await tx.product.upsert({
        where: { sku: product.sku },
        create: { sku: product.sku, model: product.model, brand: product.brand ?? '', price: product.price ?? 0, parcels: product.parcels ?? null },
        update: {
          model: product.model,
          ...(product.brand !== undefined ? { brand: product.brand } : {}),
          ...(product.price !== undefined ? { price: product.price } : {}),
          ...(product.parcels !== undefined ? { parcels: product.parcels } : {}),
          isActive: true,
        },
      });
      for (const [warehouse, quantity] of Object.entries(product.stock)) {
        const stockId = stockIds.get(warehouse)!;
        const inventory = await tx.stockInventory.upsert({
          where: { productId_stockId: { productId: row.id, stockId } },
          create: { productId: row.id, stockId, quantity: 0 },
          update: {},
        });
        const delta = quantity - inventory.quantity;
        if (delta !== 0) await adjust(tx, `load:${loadId}:${row.id}:${stockId}`, row.id, stockId, delta, note);
        inventoryRows += 1;
      }
    }
    return { warehouses: warehouseNames.size, products: data.products.length, inventoryRows };
  });
}
