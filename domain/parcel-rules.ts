/**
 * How many parcels a Kaspi Delivery order is packed in: ASSEMBLE's `numberOfSpace`, one waybill label per
 * parcel. The merchant picks a rule (the `parcelRule` setting); a product may override it with its own count
 * (`products.parcels`: a sofa in three boxes is 3 parcels per sofa, whatever the rule).
 *
 * - `fixed`: `numberOfSpace` parcels for the order (the behaviour before rules existed);
 * - `per-unit`: one parcel per unit sold;
 * - `per-sku`: one parcel per distinct SKU;
 * - `manual`: kaspi-sync accepts but never assembles; the packing desk does, with the count it packed
 *   (`kaspi-sync order assemble <code> --places N`).
 *
 * A line of goods sold by weight or length (`MEASURABLE`, `METERED`) is one unit however much of it was
 * sold: 2.5 m of cable is one coil, not three parcels.
 */

export const PARCEL_RULES = ['fixed', 'per-unit', 'per-sku', 'manual'] as const;
export type ParcelRule = (typeof PARCEL_RULES)[number];

/** The two settings the count depends on (domain/sync-settings.ts). */
export interface ParcelSettings {
  parcelRule: ParcelRule;
  numberOfSpace: number;
}

export interface ParcelLine {
  sku: string;
  quantity: number;
  /** Kaspi's `unitType` of the line (PIECES, MEASURABLE, METERED, …); null on rows from before it was kept. */
  unitType: string | null;
  /** The product's own parcel count per unit (`products.parcels`), or null to follow the rule. */
  productParcels: number | null;
}

/**
 * Activities scheduled before parcel rules existed pass the bare `numberOfSpace`; it meant "fixed".
 * (Activity arguments are not checked on replay, so both shapes reach the same activity.)
 */
export function parcelSettingsOf(argument: number | ParcelSettings): ParcelSettings {
  return typeof argument === 'number' ? { parcelRule: 'fixed', numberOfSpace: argument } : argument;
}

/** Units of a line for counting parcels: pieces count one by one, a weight or a length counts once. */
export function unitsOf(line: Pick<ParcelLine, 'quantity' | 'unitType'>): number {
  const byPiece = line.unitType === null || line.unitType === 'PIECES' || line.unitType.endsWith('_PIECES');
  return byPiece ? Math.max(1, Math.ceil(line.quantity - 1e-9)) : 1;
}

/** The parcel count for the order's lines, or null when the rule leaves assembling to the packing desk. */
export function parcelsFor(settings: ParcelSettings, lines: readonly ParcelLine[]): number | null {
  if (settings.parcelRule === 'manual') return null;
  const overridden = lines.filter((line) => line.productParcels !== null);
  const ordinary = lines.filter((line) => line.productParcels === null);
  const ownParcels = overridden.reduce((sum, line) => sum + unitsOf(line) * line.productParcels!, 0);
  const byRule = (() => {
    if (ordinary.length === 0) return 0;
    switch (settings.parcelRule) {
      case 'fixed':
        return settings.numberOfSpace;
      case 'per-unit':
        return ordinary.reduce((sum, line) => sum + unitsOf(line), 0);
      case 'per-sku':
        return new Set(ordinary.map((line) => line.sku)).size;
    }
  })();
  // An order always ships in at least one parcel (lines unknown here still leave the building in a box).
  return Math.max(1, ownParcels + byRule);
}

/** A count Kaspi can take: a whole number of at least 1 (its upper limit is undocumented). */
export function validPlaces(places: number): boolean {
  return Number.isInteger(places) && places >= 1;
}

/** Why the packing desk, not kaspi-sync, assembles an order (kaspi_orders.desk_assembly_reason). */
export const DeskAssemblyReasons = {
  manualRule: 'parcel rule "manual": the packing desk assembles it (kaspi-sync order assemble <code> --places N)',
  acceptedOutside:
    'accepted outside kaspi-sync (in the Kaspi cabinet): the packing desk assembles it (kaspi-sync order assemble <code> --places N)',
} as const;

/**
 * Whether kaspi-sync may assemble an order itself. Not one accepted outside kaspi-sync: whoever accepted it
 * there is packing it and may assemble it there too, and a second ASSEMBLE voids the first waybill.
 */
export function deskAssemblyReason(facts: { parcelRule: ParcelRule; acceptedOutside: boolean }): string | null {
  if (facts.acceptedOutside) return DeskAssemblyReasons.acceptedOutside;
  if (facts.parcelRule === 'manual') return DeskAssemblyReasons.manualRule;
  return null;
}
