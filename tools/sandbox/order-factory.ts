import type { KaspiState, KaspiStatus } from '../../kaspi/types.js';
import { entryIdFor, kaspiId, orderIdFor, pickupPointIdFor, pointOfServiceIdFor, stableHash } from './ids.js';
import { acceptedStateOf, type OrderSpec, type SandboxEntry, type SandboxOrder } from './model.js';

const HOUR_MS = 60 * 60 * 1000;

/** Builds a complete, self-consistent sandbox order from a (possibly sparse) spec. */
export function buildOrder(spec: OrderSpec, code: string, merchantId: string, now: number): SandboxOrder {
  if (spec.lines.length === 0) throw new Error(`Order ${code} needs at least one line`);
  const isKaspiDelivery = spec.isKaspiDelivery ?? true;
  const deliveryMode = spec.deliveryMode ?? (isKaspiDelivery ? 'DELIVERY_LOCAL' : 'DELIVERY_PICKUP');
  const creationDate = spec.creationDate ?? now;
  const status: KaspiStatus = spec.status ?? 'APPROVED_BY_BANK';
  const express = isKaspiDelivery && (spec.express ?? false);
  const entries = spec.lines.map((line, entryNumber) => buildEntry(code, entryNumber, line));
  const cellPhone = spec.customer?.cellPhone ?? `70${code.padStart(8, '0').slice(-8)}`;
  const assembled = spec.assembled ?? false;
  if (assembled && !isKaspiDelivery) throw new Error(`Order ${code} is not a Kaspi Delivery order, so it can't be assembled`);

  return {
    id: spec.id ?? orderIdFor(code),
    code,
    warehouse: spec.warehouse,
    pickupPointId: spec.pickupPointId ?? pickupPointIdFor(merchantId, spec.warehouse),
    pointOfServiceId: pointOfServiceIdFor(merchantId, spec.warehouse),
    creationDate,
    approvedByBankDate: creationDate,
    state: spec.state ?? stateFor(status, { isKaspiDelivery, deliveryMode, signatureRequired: spec.signatureRequired ?? false, signed: spec.signed ?? false }),
    status,
    deliveryMode,
    isKaspiDelivery,
    preOrder: spec.preOrder ?? false,
    arrived: false,
    signatureRequired: spec.signatureRequired ?? false,
    signed: spec.signed ?? false,
    assembled,
    numberOfSpace: assembled ? (spec.numberOfSpace ?? 1) : null,
    cancellationReason: null,
    cancellationComment: null,
    completionDate: null,
    totalPrice: entries.reduce((sum, entry) => sum + entry.totalPrice, 0),
    securityCode: String(1000 + (stableHash(code) % 9000)),
    securityCodeSent: false,
    customer: {
      id: kaspiId(cellPhone),
      firstName: spec.customer?.firstName ?? 'Айгерим',
      lastName: spec.customer?.lastName ?? 'Серикова',
      cellPhone,
    },
    kaspiDelivery: isKaspiDelivery
      ? {
          waybill: null,
          waybillNumber: null,
          courierTransmissionDate: null,
          courierTransmissionPlanningDate: creationDate + (express ? 2 : 24) * HOUR_MS,
          express,
          returnedToWarehouse: false,
        }
      : null,
    // Due since its creation: the store produces the waybill on the order's first read.
    waybillDueAt: assembled ? creationDate : null,
    waybillsIssued: 0,
    entries,
  };
}

function buildEntry(code: string, entryNumber: number, line: OrderSpec['lines'][number]): SandboxEntry {
  const productKey = line.sku ?? `${code}##${entryNumber}`;
  const masterProductCode = String(100_000_000 + (stableHash(productKey) % 900_000_000));
  const basePrice = line.unitPrice ?? 1000 + (stableHash(productKey) % 20) * 500;
  return {
    id: entryIdFor(code, entryNumber),
    entryNumber,
    sku: line.sku,
    offerVisible: line.sku !== null && !line.hideOffer,
    name: line.name ?? `Товар ${line.sku ?? masterProductCode}`,
    quantity: line.quantity,
    unitType: line.unitType ?? 'PIECES',
    basePrice,
    totalPrice: Math.round(basePrice * line.quantity),
    masterProductId: kaspiId(masterProductCode),
    masterProductCode,
  };
}

function stateFor(status: KaspiStatus, order: Parameters<typeof acceptedStateOf>[0]): KaspiState {
  switch (status) {
    case 'APPROVED_BY_BANK':
      return 'NEW';
    case 'ACCEPTED_BY_MERCHANT':
      return acceptedStateOf(order);
    case 'CANCELLING':
    case 'KASPI_DELIVERY_RETURN_REQUESTED':
    case 'RETURN_ACCEPTED_BY_MERCHANT':
      return 'KASPI_DELIVERY';
    default:
      return 'ARCHIVE';
  }
}
