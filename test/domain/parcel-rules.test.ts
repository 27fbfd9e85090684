import assert from 'node:assert/strict';
import { parcelsFor, parcelSettingsOf, deskAssemblyReason, DeskAssemblyReasons, type ParcelLine } from '../../domain/parcel-rules.js';
import { stockUnitsOf } from '../../domain/stock-units.js';

const line = (sku: string, quantity: number, extra: Partial<ParcelLine> = {}): ParcelLine => ({ sku, quantity, unitType: 'PIECES', productParcels: null, ...extra });
const fixed = (numberOfSpace: number) => ({ parcelRule: 'fixed' as const, numberOfSpace });

describe('parcel rules: how many parcels (waybill labels) an order is assembled in', () => {
  it('fixed: the configured count for the order, whatever it holds', () => {
    assert.equal(parcelsFor(fixed(2), [line('A', 5), line('B', 1)]), 2);
  });

  it('per-unit: one parcel per unit sold, duplicate lines of one SKU included', () => {
    assert.equal(parcelsFor({ parcelRule: 'per-unit', numberOfSpace: 1 }, [line('A', 2), line('B', 1), line('A', 1)]), 4);
  });

  it('per-sku: one parcel per distinct SKU', () => {
    assert.equal(parcelsFor({ parcelRule: 'per-sku', numberOfSpace: 1 }, [line('A', 2), line('B', 1), line('A', 1)]), 2);
  });

  it('a product with its own count ships in that many parcels per unit under every rule (two sofas of 3 boxes: 6)', () => {
    const sofas = line('SOFA', 2, { productParcels: 3 });
    assert.equal(parcelsFor(fixed(1), [sofas]), 6, 'the sofas alone');
    assert.equal(parcelsFor(fixed(1), [sofas, line('CUSHION', 4)]), 7, 'the sofas plus one fixed parcel for the rest');
    assert.equal(parcelsFor({ parcelRule: 'per-unit', numberOfSpace: 1 }, [sofas, line('CUSHION', 4)]), 10);
    assert.equal(parcelsFor({ parcelRule: 'per-sku', numberOfSpace: 1 }, [sofas, line('CUSHION', 4)]), 7);
  });

  it('goods sold by weight or length count as one unit: 2.5 m of cable is one coil', () => {
    const cable = line('CABLE', 3, { unitType: 'METERED' });
    const flour = line('FLOUR', 2, { unitType: 'MEASURABLE' });
    assert.equal(parcelsFor({ parcelRule: 'per-unit', numberOfSpace: 1 }, [cable, flour, line('BOLT', 2, { unitType: 'METERED_PIECES' })]), 4);
  });

  it('manual: no count; the packing desk decides and assembles', () => {
    assert.equal(parcelsFor({ parcelRule: 'manual', numberOfSpace: 1 }, [line('A', 1)]), null);
  });

  it('an order always ships in at least one parcel, even when its lines are unknown', () => {
    assert.equal(parcelsFor({ parcelRule: 'per-unit', numberOfSpace: 1 }, []), 1);
  });

  it('reads a bare number from activities scheduled before parcel rules as "fixed"', () => {
    assert.deepEqual(parcelSettingsOf(3), { parcelRule: 'fixed', numberOfSpace: 3 });
  });

  it('leaves orders accepted outside kaspi-sync and the manual rule to the packing desk, and no others', () => {
    assert.equal(deskAssemblyReason({ parcelRule: 'per-unit', acceptedOutside: true }), DeskAssemblyReasons.acceptedOutside);
    assert.equal(deskAssemblyReason({ parcelRule: 'manual', acceptedOutside: false }), DeskAssemblyReasons.manualRule);
    assert.equal(deskAssemblyReason({ parcelRule: 'fixed', acceptedOutside: false }), null);
  });

  it('takes whole units from stock for goods sold by length or weight: 2.5 m takes 3, a float sum of 3 takes 3', () => {
    assert.deepEqual([stockUnitsOf(2.5, 'METERED'), stockUnitsOf(0.1 + 0.2 + 2.7, 'MEASURABLE'), stockUnitsOf(2, 'METERED_PIECES'), stockUnitsOf(0, 'METERED')], [3, 3, 2, 0]);
  });

  it('leaves a fractional count of pieces as it is (broken data: the order is held)', () => {
    assert.deepEqual([stockUnitsOf(1.5, 'PIECES'), stockUnitsOf(1.5, null)], [1.5, 1.5]);
  });
});
