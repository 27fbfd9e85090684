// `npm run db:load -- <file.json|file.csv>`: loads warehouses, products and quantities into DB_URL.
// JSON: {"products":[{"sku":"SKU-1","model":"Tea","brand":"Acme","price":2990,"stock":{"PP1":12}}]}
// CSV:  sku,model,brand,price,warehouse,quantity
import { readFile } from 'node:fs/promises';
import { loadInventory, parseInventoryCsv, type InventoryData } from '../activities/database/inventory-loader.js';
import { databaseUrlOrThrow } from '../platform/config.js';
import { createDatabase } from '../platform/prisma-client.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run db:load -- <inventory.json|inventory.csv>');
  process.exit(2);
}
const text = await readFile(file, 'utf8');
const data: InventoryData = file.endsWith('.csv') ? parseInventoryCsv(text) : JSON.parse(text);
const db = createDatabase(databaseUrlOrThrow());
try {
  const report = await loadInventory(db, data, `loaded from ${file}`);
  console.log(`loaded ${report.products} products, ${report.warehouses} warehouses, ${report.inventoryRows} inventory rows`);
} finally {
  await db.$disconnect();
}
