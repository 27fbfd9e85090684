import type { KaspiClient } from '../kaspi/index.js';
import type { WarehouseMapping } from '../domain/warehouse.js';
import type { SyncMode } from '../domain/sync-settings.js';
import type { Database } from '../platform/prisma-client.js';
import type { ListedOrders } from './listed-orders.js';

/** Everything activities touch, handed in by the worker (or a test) — no module-level singletons. */
export interface ActivityDependencies {
  db: Database;
  kaspi: KaspiClient;
  warehouseMapping: WarehouseMapping;
  /** KASPI_SYNC_MODE of this worker (default live). A shadow worker's Kaspi client refuses every POST too. */
  mode?: SyncMode;
  /** Epoch ms; injectable so tests can move time. */
  now?: () => number;
  /** NEW orders as the intake list served them, kept for the reservations (activities/listed-orders.ts); one per worker. */
  listedOrders?: ListedOrders;
}
