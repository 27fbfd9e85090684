/**
 * Reads what the price list is made of — products, warehouses, stock per warehouse and the ledger position —
 * in one REPEATABLE READ transaction, so the figures are one consistent moment of the ledger even while
 * orders are being reserved.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Database } from '../../platform/prisma-client.js';
import type { ProductFacts } from '../../domain/price-list-offers.js';
import { MovementKind } from '../../domain/order-lifecycle.js';

export interface PriceListInputs {
  products: ProductFacts[];
  warehouses: string[];
  /** The newest stock_movements id included in the figures (0 on an empty ledger). */
  ledgerPosition: number;
}

export function readPriceListInputs(db: Database): Promise<PriceListInputs> {
  return db.$transaction(async (tx) => {
    const position = await tx.stockMovement.aggregate({ _max: { id: true } });
    const warehouses = await tx.stock.findMany({ select: { name: true }, orderBy: { name: 'asc' } });
    const products = await tx.product.findMany({
      orderBy: { id: 'asc' },
      include: { inventory: { include: { stock: { select: { name: true, isActive: true } } } } },
    });
    return {
      ledgerPosition: position._max.id ?? 0,
      warehouses: warehouses.map((w) => w.name),
      products: products.map((p) => ({
        sku: p.sku,
        model: p.model,
        brand: p.brand,
        price: p.price,
        preorder: p.preorder,
        isActive: p.isActive,
        safetyStock: p.safetyStock,
        // An inactive warehouse or inventory row still publishes, at 0: Kaspi keeps selling from a store
        // whose stock the feed stops mentioning.
        stock: p.inventory.map((row) => ({ warehouse: row.stock.name, quantity: row.quantity, sellable: row.isActive && row.stock.isActive })),
      })),
    };
  }, { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 30_000, maxWait: 30_000 });
}

/** Units orders took (reservations, `sale:` rows) after a ledger position: the expected part of a stock drop. */
export async function unitsReservedSince(db: Database, ledgerPosition: number): Promise<number> {
  const sum = await db.stockMovement.aggregate({ _sum: { quantityDelta: true }, where: { id: { gt: ledgerPosition }, kind: MovementKind.SALE } });
  return -(sum._sum.quantityDelta ?? 0);
}
