-- Parcel-count rules (domain/parcel-rules.ts): a product's own parcel count per unit, the unit type of each
-- order line (goods sold by weight or length count as one unit), and why an order's ASSEMBLE is left to the
-- packing desk (parcel rule manual, or accepted outside kaspi-sync). All nullable: existing rows keep today's
-- behaviour.
ALTER TABLE "products" ADD COLUMN "parcels" INTEGER;
ALTER TABLE "products" ADD CONSTRAINT "products_parcels_positive" CHECK ("parcels" IS NULL OR "parcels" >= 1);
ALTER TABLE "kaspi_sold_products" ADD COLUMN "unit_type" VARCHAR(32);
ALTER TABLE "kaspi_orders" ADD COLUMN "desk_assembly_reason" TEXT;
