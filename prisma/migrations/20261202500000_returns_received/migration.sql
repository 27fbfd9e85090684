-- Returns received (docs/operating.md "Returns received"): damaged units apart from sellable stock, and when a
-- return started travelling back, was received, or was flagged as not received in time.

-- Returned units received damaged: in the shop, never sellable; every change a ledger row (damaged_delta).
ALTER TABLE "stock_inventory" ADD COLUMN "damaged_quantity" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "stock_movements" ADD COLUMN "damaged_delta" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "kaspi_orders" ADD COLUMN "returning_since" TIMESTAMP(6);
ALTER TABLE "kaspi_orders" ADD COLUMN "return_received_at" TIMESTAMP(6);
ALTER TABLE "kaspi_orders" ADD COLUMN "return_overdue_flagged_at" TIMESTAMP(6);

-- Orders already travelling back start their receipt clock now (their start was not recorded).
UPDATE "kaspi_orders" SET "returning_since" = CURRENT_TIMESTAMP WHERE "sync_state" = 'RETURNING';
