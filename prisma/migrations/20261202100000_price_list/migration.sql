-- The price list (stock feed): a per-product safety stock, the published versions, and a notification on
-- every change of the figures the feed is made of, so the feed is regenerated within seconds (issue 15).

-- AlterTable
ALTER TABLE "products" ADD COLUMN     "safety_stock" INTEGER;
ALTER TABLE "products" ADD CONSTRAINT "products_safety_stock_not_negative" CHECK ("safety_stock" IS NULL OR "safety_stock" >= 0);

-- CreateTable
CREATE TABLE "price_list_versions" (
    "id" SERIAL NOT NULL,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "content_hash" VARCHAR(64) NOT NULL,
    "xml" TEXT NOT NULL,
    "offer_count" INTEGER NOT NULL,
    "total_stock" INTEGER NOT NULL,
    "ledger_position" INTEGER NOT NULL,
    "figures" JSONB NOT NULL,
    "left_out" JSONB NOT NULL,

    CONSTRAINT "price_list_versions_pkey" PRIMARY KEY ("id")
);

-- Whatever writes stock or products (kaspi-sync's ledger, the inventory loader, an operator's SQL, the old
-- script) tells listeners when its transaction commits. Statement-level, and PostgreSQL folds identical
-- notifications of one transaction into one, so a large load costs one notification per table.
CREATE OR REPLACE FUNCTION kaspi_sync_notify_price_list_inputs() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('kaspi_sync_price_list_inputs', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER price_list_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON "stock_movements"
  FOR EACH STATEMENT EXECUTE FUNCTION kaspi_sync_notify_price_list_inputs();
CREATE TRIGGER price_list_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON "stock_inventory"
  FOR EACH STATEMENT EXECUTE FUNCTION kaspi_sync_notify_price_list_inputs();
CREATE TRIGGER price_list_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON "products"
  FOR EACH STATEMENT EXECUTE FUNCTION kaspi_sync_notify_price_list_inputs();
CREATE TRIGGER price_list_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON "stocks"
  FOR EACH STATEMENT EXECUTE FUNCTION kaspi_sync_notify_price_list_inputs();
