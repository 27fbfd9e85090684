/** An order's lines as the parcel count needs them: SKU, quantity, unit type, and the product's own parcels. */
import type { ParcelLine } from '../../domain/parcel-rules.js';
import type { Database } from '../../platform/prisma-client.js';
import { Prisma } from '../../generated/prisma/client.js';

export async function parcelLinesOf(db: Database, orderId: string): Promise<ParcelLine[]> {
  const [row] = await db.$queryRaw<{ lines: ParcelLine[] }[]>`SELECT ${parcelLinesColumn(Prisma.sql`${orderId}`)} AS lines`;
  return row.lines;
}

/**
 * The lines as one JSON column, in line order, for a statement that reads the order's row anyway (the ASSEMBLE
 * step: one round trip for the row and its lines).
 */
export function parcelLinesColumn(orderId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(
    SELECT COALESCE(json_agg(json_build_object('sku', l.product_code, 'quantity', l.quantity, 'unitType', l.unit_type, 'productParcels', p.parcels)
                             ORDER BY l.line_number NULLS LAST, l.id), '[]'::json)
      FROM kaspi_sold_products l LEFT JOIN products p ON p.sku = l.product_code
     WHERE l.order_id = ${orderId})`;
}
