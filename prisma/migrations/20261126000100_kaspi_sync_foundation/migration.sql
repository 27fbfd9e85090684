-- kaspi-sync's additions to the seed schema. On a merchant's seed database this is the adoption step:
-- it adds columns and tables, adds the constraints the seed lacked, and never drops a row.
--
-- Seed data can violate the new constraints. What happens then (docs/database.md):
--  * two stocks rows with the same name, or two stock_inventory rows for one product and warehouse:
--    the migration STOPS with a report, because which row holds the true quantity is a business decision;
--  * duplicate kaspi_canceled_orders rows for one order line (the seed wrote them on every retry):
--    the oldest row stays, the others are copied whole into adoption_quarantine and removed from the table.

DO $$
DECLARE
  report TEXT;
BEGIN
  SELECT string_agg(format('stocks.name %L is used by ids %s', name, ids), '; ')
    INTO report
    FROM (SELECT name, string_agg(id::text, ',' ORDER BY id) AS ids FROM stocks GROUP BY name HAVING count(*) > 1) d;
  IF report IS NOT NULL THEN
    RAISE EXCEPTION 'kaspi-sync adoption stopped: duplicate warehouse names (%). Merge or rename them so every stocks.name is unique, then run the migration again.', report;
  END IF;

  SELECT string_agg(format('product_id %s / stock_id %s in rows %s', product_id, stock_id, ids), '; ')
    INTO report
    FROM (SELECT product_id, stock_id, string_agg(id::text, ',' ORDER BY id) AS ids
            FROM stock_inventory GROUP BY product_id, stock_id HAVING count(*) > 1) d;
  IF report IS NOT NULL THEN
    RAISE EXCEPTION 'kaspi-sync adoption stopped: several stock_inventory rows for one product and warehouse (%). Keep one row per pair with the true quantity, then run the migration again.', report;
  END IF;
END $$;

-- AlterTable
ALTER TABLE "kaspi_canceled_orders" ADD COLUMN     "kaspi_status" VARCHAR(64),
ADD COLUMN     "quantity" INTEGER;

-- AlterTable
ALTER TABLE "kaspi_orders" ADD COLUMN     "accepted_at" TIMESTAMP(6),
ADD COLUMN     "assembled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "cancellation_reason" VARCHAR(64),
ADD COLUMN     "closed_at" TIMESTAMP(6),
ADD COLUMN     "handed_over_at" TIMESTAMP(6),
ADD COLUMN     "hold_reason" TEXT,
ADD COLUMN     "is_kaspi_delivery" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "kaspi_created_at" TIMESTAMP(6),
ADD COLUMN     "kaspi_state" VARCHAR(32),
ADD COLUMN     "number_of_space" INTEGER,
ADD COLUMN     "sync_state" VARCHAR(32) NOT NULL DEFAULT 'ACCEPTED',
ADD COLUMN     "waybill_number" VARCHAR(64),
ADD COLUMN     "waybill_pdf" BYTEA,
ADD COLUMN     "waybill_url" VARCHAR(512);

-- AlterTable
ALTER TABLE "kaspi_sold_products" ADD COLUMN     "entry_id" VARCHAR(100),
ADD COLUMN     "line_number" INTEGER,
ADD COLUMN     "unit_price" DECIMAL(12,2);

-- AlterTable
ALTER TABLE "stock_inventory" ADD COLUMN     "returning_quantity" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "stock_movements" (
    "id" SERIAL NOT NULL,
    "idempotency_key" VARCHAR(200) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "product_id" INTEGER NOT NULL,
    "stock_id" INTEGER NOT NULL,
    "quantity_delta" INTEGER NOT NULL,
    "returning_delta" INTEGER NOT NULL DEFAULT 0,
    "order_id" VARCHAR(100),
    "order_code" VARCHAR(100),
    "note" TEXT,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "adoption_quarantine" (
    "id" SERIAL NOT NULL,
    "source_table" VARCHAR(64) NOT NULL,
    "source_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "row" JSONB NOT NULL,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "adoption_quarantine_pkey" PRIMARY KEY ("id")
);

-- Adoption: duplicate cancellation records go to quarantine (oldest row kept), nothing is lost.
INSERT INTO "adoption_quarantine" ("source_table", "source_id", "reason", "row")
SELECT 'kaspi_canceled_orders', c.id,
       format('duplicate cancellation record for order %s, product %s (row %s kept)', c.order_id, c.product_code, k.keep_id),
       to_jsonb(c)
  FROM "kaspi_canceled_orders" c
  JOIN (SELECT order_id, product_code, min(id) AS keep_id FROM "kaspi_canceled_orders"
         WHERE product_code IS NOT NULL GROUP BY order_id, product_code HAVING count(*) > 1) k
    ON k.order_id = c.order_id AND k.product_code = c.product_code AND c.id <> k.keep_id;
DELETE FROM "kaspi_canceled_orders" c
 USING "adoption_quarantine" q
 WHERE q.source_table = 'kaspi_canceled_orders' AND q.source_id = c.id;

-- Adoption: seed orders were accepted on Kaspi before they were written; cancelled ones are final.
UPDATE "kaspi_orders" SET "sync_state" = 'CANCELLED', "closed_at" = "updated_at" WHERE "is_canceled" IS TRUE;

-- Adoption: the ledger opens with each inventory row's quantity, so ledger and stock_inventory agree.
INSERT INTO "stock_movements" ("idempotency_key", "kind", "product_id", "stock_id", "quantity_delta", "note")
SELECT 'opening:' || i.id, 'OPENING', i.product_id, i.stock_id, i.quantity, 'quantity found when kaspi-sync adopted the database'
  FROM "stock_inventory" i;

-- CreateIndex
CREATE UNIQUE INDEX "stock_movements_idempotency_key_key" ON "stock_movements"("idempotency_key");

-- CreateIndex
CREATE INDEX "stock_movements_order_id_idx" ON "stock_movements"("order_id");

-- CreateIndex
CREATE INDEX "stock_movements_product_id_stock_id_idx" ON "stock_movements"("product_id", "stock_id");

-- CreateIndex
CREATE UNIQUE INDEX "kaspi_canceled_orders_order_id_product_code_key" ON "kaspi_canceled_orders"("order_id", "product_code");

-- CreateIndex
CREATE INDEX "kaspi_orders_sync_state_idx" ON "kaspi_orders"("sync_state");

-- CreateIndex
CREATE UNIQUE INDEX "stock_inventory_product_id_stock_id_key" ON "stock_inventory"("product_id", "stock_id");

-- CreateIndex
CREATE UNIQUE INDEX "stocks_name_key" ON "stocks"("name");

-- AddForeignKey
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_stock_id_fkey" FOREIGN KEY ("stock_id") REFERENCES "stocks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "kaspi_orders"("order_id") ON DELETE RESTRICT ON UPDATE CASCADE;

