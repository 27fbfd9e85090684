import type { KaspiState, KaspiStatus } from '../../kaspi/types.js';

export type DeliveryMode = 'DELIVERY_LOCAL' | 'DELIVERY_PICKUP' | 'DELIVERY_REGIONAL_TODOOR' | 'DELIVERY_REGIONAL_PICKUP';

export interface OrderLineSpec {
  /** The merchant SKU; null = no offer and no merchant product (old data Kaspi cannot map). */
  sku: string | null;
  /** Fractional for goods sold by weight or length (e.g. 2.5 with unitType METERED). */
  quantity: number;
  /** Kaspi's unitType (default PIECES); 2026 adds METERED and METERED_PIECES. */
  unitType?: string;
  unitPrice?: number;
  name?: string;
  /** Old data: the entry has no `offer`, the SKU is only reachable via masterproducts/{id}/merchantProduct. */
  hideOffer?: boolean;
}

export interface OrderSpec {
  code?: string;
  /** Overrides the opaque id (default: base64 of the code), e.g. to exercise `=`, `+`, `/` in paths. */
  id?: string;
  warehouse: string;
  lines: OrderLineSpec[];
  deliveryMode?: DeliveryMode;
  isKaspiDelivery?: boolean;
  express?: boolean;
  creationDate?: number;
  state?: KaspiState;
  status?: KaspiStatus;
  preOrder?: boolean;
  signatureRequired?: boolean;
  /** With signatureRequired: whether the buyer has signed already (default false: the order waits in SIGN_REQUIRED once accepted). */
  signed?: boolean;
  customer?: { firstName?: string; lastName?: string; cellPhone?: string };
  /** Overrides the raw `<merchantId>_<warehouse>` value. */
  pickupPointId?: string;
  /**
   * An accepted Kaspi Delivery order that was packed long ago (history set up in bulk, e.g. by the
   * benchmark): it starts assembled and its waybill is already produced, so it can be handed over at once.
   */
  assembled?: boolean;
  /** Parcels of an `assembled` order (default 1). */
  numberOfSpace?: number;
}

export interface SandboxEntry {
  id: string;
  entryNumber: number;
  sku: string | null;
  offerVisible: boolean;
  name: string;
  quantity: number;
  unitType: string;
  basePrice: number;
  totalPrice: number;
  masterProductId: string;
  masterProductCode: string;
}

export interface SandboxKaspiDelivery {
  waybill: string | null;
  waybillNumber: string | null;
  courierTransmissionDate: number | null;
  courierTransmissionPlanningDate: number;
  express: boolean;
  returnedToWarehouse: boolean;
}

/** The sandbox's own record of an order; `order()`/`orders()` hand out copies. */
export interface SandboxOrder {
  id: string;
  code: string;
  warehouse: string;
  pickupPointId: string;
  pointOfServiceId: string;
  creationDate: number;
  approvedByBankDate: number;
  state: KaspiState;
  status: KaspiStatus;
  deliveryMode: DeliveryMode;
  isKaspiDelivery: boolean;
  preOrder: boolean;
  /** Pre-order goods marked ARRIVED by the merchant. */
  arrived: boolean;
  signatureRequired: boolean;
  /** The buyer has signed the credit agreement (only meaningful with signatureRequired). */
  signed: boolean;
  assembled: boolean;
  numberOfSpace: number | null;
  cancellationReason: string | null;
  cancellationComment: string | null;
  /** When the order was completed (2026 guide's completionDate); null before. */
  completionDate: number | null;
  totalPrice: number;
  /** The code Kaspi would text the buyer for COMPLETED (two-step completion). */
  securityCode: string;
  securityCodeSent: boolean;
  customer: { id: string; firstName: string; lastName: string; cellPhone: string };
  kaspiDelivery: SandboxKaspiDelivery | null;
  /** When the waybill of an assembled order becomes visible; null when none is pending. */
  waybillDueAt: number | null;
  /** Waybills issued so far (a second ASSEMBLE may issue another, reassembleBehaviour `new-waybill`). */
  waybillsIssued: number;
  entries: SandboxEntry[];
}

/**
 * Derives the bucket Kaspi puts an accepted order in from its delivery mode. A credit order the buyer has not
 * signed yet waits in SIGN_REQUIRED (the partner guide: NEW → accepted → SIGN_REQUIRED → signed → a delivery
 * bucket, Q10); Kaspi refuses to assemble it there.
 */
export function acceptedStateOf(order: Pick<SandboxOrder, 'isKaspiDelivery' | 'deliveryMode'> & Partial<Pick<SandboxOrder, 'signatureRequired' | 'signed'>>): KaspiState {
  if (order.signatureRequired && !order.signed) return 'SIGN_REQUIRED';
  if (order.isKaspiDelivery) return 'KASPI_DELIVERY';
  return order.deliveryMode === 'DELIVERY_PICKUP' ? 'PICKUP' : 'DELIVERY';
}
