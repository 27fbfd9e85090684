-- Alerts (docs/operating.md "Alerts and metrics"): one row per condition and subject (an order code, a sync
-- step, the shop), so a condition alerts once however many evaluations see it; an outbox of the messages it
-- produced (fired, reminder, resolved); and one delivery row per message and channel, so a message is sent
-- until its channel took it, and never again after.
CREATE TABLE "alerts" (
    "condition" VARCHAR(64) NOT NULL,
    "subject" VARCHAR(100) NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "facts" JSONB NOT NULL,
    "fired_at" TIMESTAMP(6) NOT NULL,
    "last_notified_at" TIMESTAMP(6) NOT NULL,
    "resolved_at" TIMESTAMP(6),
    CONSTRAINT "alerts_pkey" PRIMARY KEY ("condition", "subject"),
    CONSTRAINT "alerts_state_known" CHECK ("state" IN ('FIRING', 'RESOLVED'))
);
CREATE INDEX "alerts_state_idx" ON "alerts"("state");

CREATE TABLE "alert_notifications" (
    "id" SERIAL NOT NULL,
    "condition" VARCHAR(64) NOT NULL,
    "subject" VARCHAR(100) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "facts" JSONB NOT NULL,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_notifications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alert_notifications_kind_known" CHECK ("kind" IN ('fired', 'reminder', 'resolved', 'summary'))
);

CREATE TABLE "alert_deliveries" (
    "notification_id" INTEGER NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "delivered_at" TIMESTAMP(6),
    "given_up_at" TIMESTAMP(6),
    "last_error" VARCHAR(300),
    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("notification_id", "channel"),
    CONSTRAINT "alert_deliveries_notification_fkey" FOREIGN KEY ("notification_id") REFERENCES "alert_notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- The outbox's open end: what is still to be sent.
CREATE INDEX "alert_deliveries_pending_idx" ON "alert_deliveries"("notification_id") WHERE "delivered_at" IS NULL AND "given_up_at" IS NULL;
