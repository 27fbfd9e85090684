-- Packing as Kaspi does it in 2026 (docs/operating.md "Packing desk"): ASSEMBLE only when Kaspi allows it and
-- never twice, and the waybill PDF captured while its short-lived link lives, stored in a table of its own.

-- When kaspi-sync sent ASSEMBLE (before the request left): a lost reply is followed by re-reading the order
-- for assembleConfirmMinutes before any repeat, because a second ASSEMBLE voids the first waybill.
ALTER TABLE "kaspi_orders" ADD COLUMN "assemble_sent_at" TIMESTAMP(6);
-- Why Kaspi does not allow ASSEMBLE yet (the buyer's signature, pre-order goods): shown to operators, re-examined later.
ALTER TABLE "kaspi_orders" ADD COLUMN "assembly_waiting_for" TEXT;
-- When kaspi-sync told Kaspi a pre-order's goods arrived (ARRIVED): from then on it may be assembled.
ALTER TABLE "kaspi_orders" ADD COLUMN "pre_order_arrived_at" TIMESTAMP(6);
-- The waybill link answered 404 after hand-over: expected (links die at hand-over), recorded, not retried.
ALTER TABLE "kaspi_orders" ADD COLUMN "waybill_link_expired_at" TIMESTAMP(6);

-- The PDFs themselves, apart from the order rows every update reads and writes; pruned after
-- the waybillRetentionDays setting (default 90) by the waybill step.
CREATE TABLE "waybill_documents" (
    "order_id" VARCHAR(100) NOT NULL,
    "order_code" VARCHAR(100) NOT NULL,
    "waybill_number" VARCHAR(64),
    "places" INTEGER,
    "pdf" BYTEA NOT NULL,
    "stored_at" TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "waybill_documents_pkey" PRIMARY KEY ("order_id")
);
CREATE INDEX "waybill_documents_stored_at_idx" ON "waybill_documents"("stored_at");
INSERT INTO "waybill_documents" ("order_id", "order_code", "waybill_number", "places", "pdf", "stored_at")
SELECT "order_id", "order_code", "waybill_number", "number_of_space", "waybill_pdf", COALESCE("updated_at", CURRENT_TIMESTAMP)
  FROM "kaspi_orders" WHERE "waybill_pdf" IS NOT NULL;
UPDATE "kaspi_orders" SET "waybill_pdf" = NULL WHERE "waybill_pdf" IS NOT NULL;
