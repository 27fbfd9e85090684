-- The raw pickupPointId of an order, so an operator can re-process it (order retry) without Kaspi's list.
ALTER TABLE "kaspi_orders" ADD COLUMN "pickup_point_id" VARCHAR(100);
