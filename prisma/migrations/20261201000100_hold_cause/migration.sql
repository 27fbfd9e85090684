-- Why an order that someone accepted by hand while it was held could not be taken (its original hold reason),
-- kept as its own value so the lifecycle never parses hold_reason's text back (domain/status-decisions.ts).
-- NULL for every other order.
ALTER TABLE "kaspi_orders" ADD COLUMN "hold_cause" TEXT;

-- Orders flagged that way by the previous release carry the cause only inside their hold_reason text.
UPDATE "kaspi_orders"
SET "hold_cause" = regexp_replace("hold_reason", '^.*? but its stock was not taken: ', '')
WHERE "sync_state" = 'HELD' AND "hold_reason" LIKE 'accepted on Kaspi outside kaspi-sync%';
