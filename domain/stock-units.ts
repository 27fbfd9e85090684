/**
 * Stock is counted in whole units (stock_inventory.quantity, the seed's integer column). Kaspi sells goods by
 * weight or length (unitType MEASURABLE, METERED, …) in fractional quantities — 2.5 m of cable. Such a line
 * takes the next whole number of units from stock (3): kaspi-sync never promises goods it may not have, the
 * order is accepted without waiting for an operator, and the merchant's next inventory load (`db:load`)
 * corrects the half metre. A cancellation or return gives back exactly what was taken.
 * A fractional count of PIECES (or of a line without a unit type) is broken data and stays as it is: the
 * reservation holds that order for an operator.
 */
export function stockUnitsOf(quantity: number, unitType: string | null): number {
  if (unitType === null || unitType === 'PIECES' || !(quantity > 0)) return quantity;
  // A tolerance, so 3.0000000001 from a float sum is 3, not 4.
  return Math.ceil(quantity - 1e-9);
}
