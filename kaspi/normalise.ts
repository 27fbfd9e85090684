import type { EntryResource, OrderResource } from './schemas.js';
import type { KaspiCustomerContact, KaspiOrder, KaspiOrderEntry } from './types.js';

export function toKaspiOrder(resource: OrderResource): KaspiOrder {
  const a = resource.attributes;
  const nested = a.kaspiDelivery ?? undefined;
  const hasDeliveryInfo = nested !== undefined || a.waybill != null || a.waybillNumber != null;
  return {
    id: resource.id,
    code: a.code,
    state: a.state,
    status: a.status,
    creationDate: a.creationDate,
    totalPrice: a.totalPrice,
    pickupPointId: a.pickupPointId ?? null,
    isKaspiDelivery: a.isKaspiDelivery ?? false,
    deliveryMode: a.deliveryMode ?? null,
    preOrder: a.preOrder ?? false,
    signatureRequired: a.signatureRequired ?? false,
    assembled: a.assembled ?? false,
    express: nested?.express ?? a.express ?? false,
    cancellationReason: a.cancellationReason ?? null,
    kaspiDelivery: hasDeliveryInfo
      ? {
          waybill: nested?.waybill ?? a.waybill ?? null,
          waybillNumber: nested?.waybillNumber ?? a.waybillNumber ?? null,
          courierTransmissionDate: nested?.courierTransmissionDate ?? a.courierTransmissionDate ?? null,
          returnedToWarehouse: nested?.returnedToWarehouse ?? a.returnedToWarehouse ?? false,
        }
      : null,
  };
}

export function toKaspiOrderEntry(
  resource: EntryResource,
  position: number,
  fallback: { sku: string | null; name: string | null } = { sku: null, name: null },
): KaspiOrderEntry {
  const a = resource.attributes;
  return {
    id: resource.id,
    entryNumber: a.entryNumber ?? position,
    sku: a.offer?.code ?? fallback.sku,
    name: a.offer?.name ?? fallback.name,
    quantity: a.quantity,
    unitType: a.unitType ?? null,
    basePrice: a.basePrice,
    totalPrice: a.totalPrice,
    pointOfServiceId: resource.relationships?.deliveryPointOfService?.data?.id ?? null,
  };
}

export function toCustomerContact(customer: {
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  cellPhone?: string | null;
} | null | undefined, phoneAlias?: unknown): KaspiCustomerContact {
  const fullName = [customer?.firstName, customer?.lastName].filter((part) => part && part.trim()).join(' ');
  return {
    name: customer?.name?.trim() || fullName || null,
    // The 2026 guide's customer has no cellPhone; its phoneAlias is then the only number the shop has.
    phone: normaliseKazakhPhone(customer?.cellPhone ?? null) ?? phoneFromAlias(phoneAlias),
  };
}

/** The first number of a phoneAlias such as "+ 7 (705) 943-05-21,1111111111"; null for anything else. */
export function phoneFromAlias(phoneAlias: unknown): string | null {
  if (typeof phoneAlias !== 'string') return null;
  return normaliseKazakhPhone(phoneAlias.split(',')[0] ?? null);
}

/** Kaspi documents 10 digits without the country code; some shops report 11 digits with a leading 7 or 8. */
export function normaliseKazakhPhone(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null;
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 10) return `+7${digits}`;
  if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) return `+7${digits.slice(1)}`;
  return raw.trim();
}
