-- Pre-orders (docs/operating.md "Pre-orders"): accepted within Kaspi's deadline without stock on hand; the goods
-- are awaited, their stock is taken when they arrive (`order arrived`), and only then may the order be assembled.
ALTER TABLE "kaspi_orders" ADD COLUMN "awaiting_goods_since" TIMESTAMP(6);
CREATE INDEX "kaspi_orders_awaiting_goods_since_idx" ON "kaspi_orders"("awaiting_goods_since");
