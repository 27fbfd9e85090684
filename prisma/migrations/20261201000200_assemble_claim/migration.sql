-- Who may send ASSEMBLE for an order: a second ASSEMBLE makes Kaspi issue a second waybill and voids the
-- first label, so the order workflow and the sync run's waybill step (or two overlapping runs) claim it here,
-- compare-and-set, before the POST (activities/database/assemble-claim.ts).
ALTER TABLE "kaspi_orders" ADD COLUMN "assemble_claimed_by" VARCHAR(200);
ALTER TABLE "kaspi_orders" ADD COLUMN "assemble_claimed_at" TIMESTAMP(6);
