export type KaspiState = 'NEW' | 'SIGN_REQUIRED' | 'PICKUP' | 'DELIVERY' | 'KASPI_DELIVERY' | 'ARCHIVE';

export type KaspiStatus =
  | 'APPROVED_BY_BANK'
  | 'ACCEPTED_BY_MERCHANT'
  | 'COMPLETED'
  | 'CANCELLED'
  | 'CANCELLING'
  | 'KASPI_DELIVERY_RETURN_REQUESTED'
  | 'RETURN_ACCEPTED_BY_MERCHANT'
  | 'RETURNED';

export type CancellationReason = 'BUYER_CANCELLATION_BY_MERCHANT' | 'BUYER_NOT_REACHABLE' | 'MERCHANT_OUT_OF_STOCK';

export interface KaspiDeliveryInfo {
  waybill: string | null;
  waybillNumber: string | null;
  courierTransmissionDate: number | null;
  returnedToWarehouse: boolean;
}

/**
 * A Kaspi order reduced to what the workflows need. Plain JSON so it can cross Temporal boundaries;
 * customer data is deliberately absent to keep buyer PII out of workflow histories.
 */
export interface KaspiOrder {
  id: string;
  code: string;
  state: KaspiState | string;
  status: KaspiStatus | string;
  creationDate: number;
  totalPrice: number;
  pickupPointId: string | null;
  isKaspiDelivery: boolean;
  deliveryMode: string | null;
  preOrder: boolean;
  signatureRequired: boolean;
  assembled: boolean;
  express: boolean;
  cancellationReason: string | null;
  kaspiDelivery: KaspiDeliveryInfo | null;
}

export interface KaspiOrderEntry {
  id: string;
  entryNumber: number;
  /** The merchant's SKU (`offer.code`, or the merchant product code on old data); null when Kaspi has none. */
  sku: string | null;
  name: string | null;
  /** May be fractional for goods sold by weight or length (unitType MEASURABLE, METERED). */
  quantity: number;
  /** Kaspi's unitType (PIECES, MEASURABLE, METERED, …), or null when Kaspi sends none. */
  unitType: string | null;
  basePrice: number;
  totalPrice: number;
  pointOfServiceId: string | null;
}

export interface KaspiCustomerContact {
  name: string | null;
  /** `+7XXXXXXXXXX` when Kaspi sends 10 or 11 digits; otherwise as sent. */
  phone: string | null;
}

export interface KaspiOrderRef {
  id: string;
  code: string;
}
