/**
 * Which merchant warehouse an order ships from. Kaspi's pickupPointId is `<merchantId>_<warehouse>`
 * (e.g. `30123456_PP15`); the seed took the last three characters and broke on PP10+, numeric names and
 * ids like `Merchant_00005678`. An explicit mapping (KASPI_WAREHOUSE_MAP) wins over parsing.
 */
export type WarehouseMapping = Readonly<Record<string, string>>;

export function warehouseFromPickupPoint(pickupPointId: string | null | undefined, mapping: WarehouseMapping = {}): string | null {
  const raw = pickupPointId?.trim();
  if (!raw) return null;
  if (mapping[raw]) return mapping[raw];
  const separator = raw.indexOf('_');
  if (separator <= 0 || separator === raw.length - 1) return null;
  const name = raw.slice(separator + 1);
  return mapping[name] ?? name;
}
