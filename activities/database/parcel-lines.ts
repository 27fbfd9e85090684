/** An order's lines as the parcel count needs them: SKU, quantity, unit type, and the product's own parcels. */
import type { ParcelLine } from '../../domain/parcel-rules.js';
import type { Database } from '../../platform/prisma-client.js';

export async function parcelLinesOf(db: Database, orderId: string): Promise<ParcelLine[]> {
  const rows = await db.$queryRaw<{ sku: string; quantity: number; unit_type: string | null; parcels: number | null }[]>`
    SELECT l.product_code AS sku, l.quantity, l.unit_type, p.parcels
      FROM kaspi_sold_products l LEFT JOIN products p ON p.sku = l.product_code
     WHERE l.order_id = ${orderId}
     ORDER BY l.line_number NULLS LAST, l.id`;
  return rows.map((row) => ({ sku: row.sku, quantity: row.quantity, unitType: row.unit_type, productParcels: row.parcels }));
}
