-- The seed service's seven tables, exactly as its SQLAlchemy models created them
-- (armagedon-white/sara_kas models.py). IF NOT EXISTS everywhere: on a merchant's existing seed database
-- this migration finds everything in place and changes nothing; on an empty database it creates the
-- seed's schema, which the next migration then extends.

CREATE TABLE IF NOT EXISTS "products" (
    "id" SERIAL NOT NULL,
    "sku" VARCHAR(255),
    "model" VARCHAR(255) NOT NULL,
    "brand" VARCHAR(15) NOT NULL,
    "price" DOUBLE PRECISION NOT NULL,
    "preorder" INTEGER DEFAULT 0,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "ix_products_sku" ON "products"("sku");

CREATE TABLE IF NOT EXISTS "stocks" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(10) NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    CONSTRAINT "stocks_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "stock_inventory" (
    "id" SERIAL NOT NULL,
    "product_id" INTEGER NOT NULL,
    "stock_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 0,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    CONSTRAINT "stock_inventory_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "stock_inventory_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id"),
    CONSTRAINT "stock_inventory_stock_id_fkey" FOREIGN KEY ("stock_id") REFERENCES "stocks"("id")
);

CREATE TABLE IF NOT EXISTS "kaspi_orders" (
    "id" SERIAL NOT NULL,
    "order_id" VARCHAR(100) NOT NULL,
    "order_code" VARCHAR(100) NOT NULL,
    "stock_name" VARCHAR(100) NOT NULL,
    "status" VARCHAR(100) NOT NULL,
    "invoice_generated" BOOLEAN DEFAULT false,
    "is_returned" BOOLEAN DEFAULT false,
    "is_canceled" BOOLEAN DEFAULT false,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    CONSTRAINT "kaspi_orders_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "ix_kaspi_orders_order_id" ON "kaspi_orders"("order_id");
CREATE INDEX IF NOT EXISTS "ix_kaspi_orders_order_code" ON "kaspi_orders"("order_code");
CREATE INDEX IF NOT EXISTS "ix_kaspi_orders_is_canceled" ON "kaspi_orders"("is_canceled");

CREATE TABLE IF NOT EXISTS "kaspi_sold_products" (
    "id" SERIAL NOT NULL,
    "order_id" VARCHAR(100) NOT NULL,
    "order_code" VARCHAR(100) NOT NULL,
    "product_code" VARCHAR(100) NOT NULL,
    "product_name" VARCHAR(255),
    "quantity" INTEGER NOT NULL,
    "price" DECIMAL(10,2) NOT NULL,
    "customer_name" VARCHAR(255),
    "customer_phone" VARCHAR(32),
    "waybill" VARCHAR(512),
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    CONSTRAINT "kaspi_sold_products_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "kaspi_sold_products_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "kaspi_orders"("order_id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS "ix_kaspi_sold_products_order_id" ON "kaspi_sold_products"("order_id");
CREATE INDEX IF NOT EXISTS "ix_kaspi_sold_products_order_code" ON "kaspi_sold_products"("order_code");
CREATE INDEX IF NOT EXISTS "ix_kaspi_sold_products_product_code" ON "kaspi_sold_products"("product_code");

CREATE TABLE IF NOT EXISTS "kaspi_canceled_orders" (
    "id" SERIAL NOT NULL,
    "order_id" VARCHAR(100) NOT NULL,
    "order_code" VARCHAR(100) NOT NULL,
    "product_code" VARCHAR(100),
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP(6) NOT NULL DEFAULT now(),
    CONSTRAINT "kaspi_canceled_orders_pkey" PRIMARY KEY ("id")
);
CREATE INDEX IF NOT EXISTS "ix_kaspi_canceled_orders_order_id" ON "kaspi_canceled_orders"("order_id");
CREATE INDEX IF NOT EXISTS "ix_kaspi_canceled_orders_order_code" ON "kaspi_canceled_orders"("order_code");

CREATE TABLE IF NOT EXISTS "log_events" (
    "id" SERIAL NOT NULL,
    "timestamp" TIMESTAMP(6) NOT NULL DEFAULT now(),
    "level" VARCHAR(32) NOT NULL DEFAULT 'INFO',
    "message" VARCHAR NOT NULL,
    "extra_data" JSON,
    CONSTRAINT "log_events_pkey" PRIMARY KEY ("id")
);
