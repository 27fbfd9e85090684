/**
 * What `sync run --take-stock-for-accepted` would take stock for, before it starts: intake's own listing
 * (activities/intake-activities.ts, with the same cut-over rule), run here with a read-only Kaspi client and
 * in shadow mode so it writes nothing — only the orders accepted outside kaspi-sync.
 */
import { KaspiClient } from '../kaspi/index.js';
import { kaspiSettingsFromEnv, warehouseMappingFromEnv } from '../platform/config.js';
import { findNewOrders } from '../activities/intake-activities.js';
import type { NewOrderRef } from '../domain/sync-types.js';
import type { CommandContext } from './cli-context.js';

export async function previewStockTaking(context: CommandContext, window: { createdFrom: number; createdTo: number }): Promise<NewOrderRef[]> {
  const kaspi = new KaspiClient({ ...kaspiSettingsFromEnv(context.io.env), readOnly: true });
  const deps = { db: context.database(), kaspi, warehouseMapping: warehouseMappingFromEnv(context.io.env), mode: 'shadow' as const };
  const found = await findNewOrders(deps, { ...window, takeStockForAccepted: true });
  return found.orders.filter((order) => order.acceptedOnKaspi);
}
