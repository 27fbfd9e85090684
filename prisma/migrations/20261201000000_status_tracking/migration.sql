-- Status tracking whose cost follows what changed, not the shop's history (docs/status-tracking.md).
-- next_status_check_at: when an order that no Kaspi list covers (HELD, RESERVED, or created before the
-- tracking window) is read on its own next; NULL = due now. status_check_problem: why the last such read
-- could not be used (an operator sees it in `orders flagged`); NULL when the last read was fine.
ALTER TABLE "kaspi_orders" ADD COLUMN "next_status_check_at" TIMESTAMP(6);
ALTER TABLE "kaspi_orders" ADD COLUMN "status_check_problem" TEXT;
CREATE INDEX "kaspi_orders_next_status_check_at_idx" ON "kaspi_orders"("next_status_check_at");
CREATE INDEX "kaspi_orders_kaspi_created_at_idx" ON "kaspi_orders"("kaspi_created_at");

-- Rows the old script wrote carry no Kaspi creation date; the time it wrote the row (it processed orders
-- within minutes of their creation) is the best date there is, so the tracking window applies to them too.
UPDATE "kaspi_orders" SET "kaspi_created_at" = "created_at" WHERE "kaspi_created_at" IS NULL;

-- Recent events are looked up (a malformed Kaspi element is logged once an hour, not once a run).
CREATE INDEX "log_events_timestamp_idx" ON "log_events"("timestamp");

-- Orders this release's predecessor accepted are read on their own once to record their delivery; spread
-- over a day (two minutes apart per id slot) so the first runs after the upgrade do not all read them at once.
UPDATE "kaspi_orders" SET "next_status_check_at" = now() + (("id" % 720) * interval '2 minutes')
WHERE "sync_state" = 'ACCEPTED' AND "accepted_at" IS NOT NULL;
