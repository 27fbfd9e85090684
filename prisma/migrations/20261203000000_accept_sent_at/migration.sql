-- The acceptance's never-twice rule in the database (as ASSEMBLE's is in assemble_sent_at): recorded before
-- ACCEPTED_BY_MERCHANT is sent, so that any later attempt — a retry, or the acceptance run again by another
-- worker after a crash (it is a local activity, which does not carry its attempt number over) — reads the order
-- before it sends again.
ALTER TABLE "kaspi_orders" ADD COLUMN "accept_sent_at" TIMESTAMP(6);
