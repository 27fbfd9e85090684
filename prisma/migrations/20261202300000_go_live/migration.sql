-- Going live (docs/operating.md "Going live"): the cut-over from the old script, and shadow mode's decisions.

-- One row: orders created before cutover_at are history — kaspi-sync never takes stock for orders accepted
-- before it, nor assembles them. `npm run cli -- cutover set` moves it to the moment the old script stopped.
CREATE TABLE "kaspi_sync_cutover" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "cutover_at" TIMESTAMP(6) NOT NULL,
    "recorded_at" TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" VARCHAR(64) NOT NULL,
    CONSTRAINT "kaspi_sync_cutover_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "kaspi_sync_cutover_single_row" CHECK ("id" = 1)
);
-- The old script's rows: orders kaspi-sync never reserved (no sale in the ledger) and never accepted.
ALTER TABLE "kaspi_orders" ADD COLUMN "adopted_from_seed" BOOLEAN NOT NULL DEFAULT false;
UPDATE "kaspi_orders" o SET "adopted_from_seed" = true
 WHERE o."accepted_at" IS NULL
   AND o."sync_state" IN ('ACCEPTED', 'CANCELLED', 'COMPLETED', 'RESTOCKED')
   AND NOT EXISTS (SELECT 1 FROM "stock_movements" m WHERE m."order_id" = o."order_id");

-- An adopted seed database gets its cut-over at adoption: when kaspi-sync's foundation migration ran (for one
-- adopted today, now). It is recognised by what the old script left: stock the foundation migration opened
-- the ledger with, or order rows. A database created empty by kaspi-sync has no history to protect.
INSERT INTO "kaspi_sync_cutover" ("id", "cutover_at", "source")
SELECT 1,
       COALESCE((SELECT "finished_at" FROM "_prisma_migrations"
                  WHERE "migration_name" = '20261126000100_kaspi_sync_foundation' AND "finished_at" IS NOT NULL
                  ORDER BY "finished_at" LIMIT 1), CURRENT_TIMESTAMP),
       'adoption'
 WHERE EXISTS (SELECT 1 FROM "kaspi_orders" WHERE "adopted_from_seed")
    OR EXISTS (SELECT 1 FROM "stock_movements" WHERE "idempotency_key" LIKE 'opening:%');

-- The old script's flags carried over: a waybill link (on the order or a line) means Kaspi Delivery, assembled.
UPDATE "kaspi_orders" o
   SET "is_kaspi_delivery" = true,
       "assembled" = true,
       "waybill_url" = COALESCE(o."waybill_url", (SELECT p."waybill" FROM "kaspi_sold_products" p
                                                   WHERE p."order_id" = o."order_id" AND p."waybill" IS NOT NULL AND p."waybill" <> ''
                                                   ORDER BY p."id" LIMIT 1))
 WHERE o."adopted_from_seed"
   AND (o."invoice_generated" IS TRUE
        OR EXISTS (SELECT 1 FROM "kaspi_sold_products" p WHERE p."order_id" = o."order_id" AND p."waybill" IS NOT NULL AND p."waybill" <> ''));
-- is_canceled / is_returned without the state (rows written after the foundation migration by the old script).
UPDATE "kaspi_orders" SET "sync_state" = 'CANCELLED', "closed_at" = COALESCE("closed_at", CURRENT_TIMESTAMP)
 WHERE "adopted_from_seed" AND "sync_state" = 'ACCEPTED' AND ("is_canceled" IS TRUE OR "is_returned" IS TRUE);
-- Where the seed has no date at all, the row's own creation is the best there is.
UPDATE "kaspi_orders" SET "kaspi_created_at" = "created_at" WHERE "kaspi_created_at" IS NULL AND "created_at" IS NOT NULL;

-- Shadow mode (KASPI_SYNC_MODE=shadow): what kaspi-sync would have done, one row per order and action; the
-- only table a shadow run writes. `npm run cli -- shadow report` compares it with what Kaspi shows since.
CREATE TABLE "shadow_decisions" (
    "id" SERIAL NOT NULL,
    "order_id" VARCHAR(100) NOT NULL,
    "order_code" VARCHAR(100) NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "reason" TEXT,
    "warehouse" VARCHAR(255),
    "places" INTEGER,
    "kaspi_status" VARCHAR(64) NOT NULL,
    "kaspi_state" VARCHAR(64),
    "express" BOOLEAN NOT NULL DEFAULT false,
    "kaspi_created_at" TIMESTAMP(6),
    "decided_at" TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "run_id" VARCHAR(255),
    CONSTRAINT "shadow_decisions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "shadow_decisions_order_id_action_key" ON "shadow_decisions"("order_id", "action");
CREATE INDEX "shadow_decisions_decided_at_idx" ON "shadow_decisions"("decided_at");
