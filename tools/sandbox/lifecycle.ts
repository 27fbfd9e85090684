import type { KaspiStatus } from '../../kaspi/types.js';
import { acceptedStateOf, type SandboxOrder } from './model.js';

/**
 * Kaspi-side and buyer-side events (spec §3.4 S-transitions). They throw when the order is not in a state
 * where the event can happen, so a test that drives an impossible lifecycle fails at once.
 */
export class LifecycleError extends Error {
  override name = 'LifecycleError';
}

const BUYER_CANCELLATION = 'BUYER_CANCELLATION';
const ACTIVE: readonly KaspiStatus[] = ['APPROVED_BY_BANK', 'ACCEPTED_BY_MERCHANT'];

/** Staff accept the order by hand in the Kaspi cabinet (not through the API, so not in the request log). */
export function acceptInCabinet(order: SandboxOrder): void {
  expectStatus(order, ['APPROVED_BY_BANK'], 'be accepted in the cabinet');
  order.status = 'ACCEPTED_BY_MERCHANT';
  order.state = acceptedStateOf(order);
}

/** The buyer signs the credit agreement: an accepted order moves from SIGN_REQUIRED to its delivery bucket. */
export function sign(order: SandboxOrder): void {
  if (!order.signatureRequired || order.signed) throw new LifecycleError(`Order ${order.code} is not waiting for a signature`);
  order.signed = true;
  if (order.status === 'ACCEPTED_BY_MERCHANT') order.state = acceptedStateOf(order);
  // Signed before acceptance (an order created as SIGN_REQUIRED): now it can be accepted like any new order.
  if (order.status === 'APPROVED_BY_BANK') order.state = 'NEW';
}

export function buyerCancel(order: SandboxOrder): void {
  expectStatus(order, ACTIVE, 'be cancelled by the buyer');
  if (order.kaspiDelivery?.courierTransmissionDate != null) {
    throw new LifecycleError(`Order ${order.code} is with the courier; use cancelInDelivery`);
  }
  archive(order, 'CANCELLED', BUYER_CANCELLATION);
}

/**
 * Kaspi cancels the order itself with a reason of its own (2026 sightings: TIMEOUT_MERCHANT_DELIVERY,
 * RFO_REJECTED, TECHNICAL_PROBLEM_CANCELLATION, … — an open set, Q11).
 */
export function kaspiCancel(order: SandboxOrder, reason: string): void {
  expectStatus(order, ACTIVE, 'be cancelled by Kaspi');
  archive(order, 'CANCELLED', reason);
}

/** Kaspi shows a status (and state) kaspi-sync has never heard of: its lists are open sets too. */
export function showUnlistedStatus(order: SandboxOrder, status: string, state: string = order.state): void {
  // The sandbox's types name the known statuses; the point here is one that is not among them.
  order.status = status as KaspiStatus;
  order.state = state as SandboxOrder['state'];
}

export function handOverToCourier(order: SandboxOrder, at: number): void {
  const delivery = kaspiDeliveryOf(order);
  expectStatus(order, ['ACCEPTED_BY_MERCHANT'], 'be handed over');
  if (!order.assembled) throw new LifecycleError(`Order ${order.code} is not assembled, so it can't be handed over`);
  delivery.courierTransmissionDate = at;
}

export function cancelInDelivery(order: SandboxOrder): void {
  kaspiDeliveryOf(order);
  expectStatus(order, ['ACCEPTED_BY_MERCHANT'], 'be cancelled in delivery');
  order.status = 'CANCELLING';
  order.state = 'KASPI_DELIVERY';
  order.cancellationReason = BUYER_CANCELLATION;
}

export function markReturnedToWarehouse(order: SandboxOrder): void {
  const delivery = kaspiDeliveryOf(order);
  expectStatus(order, ['CANCELLING', 'KASPI_DELIVERY_RETURN_REQUESTED', 'RETURN_ACCEPTED_BY_MERCHANT'], 'return to the warehouse');
  delivery.returnedToWarehouse = true;
}

export function archiveCancelled(order: SandboxOrder): void {
  expectStatus(order, ['CANCELLING'], 'be archived as cancelled');
  archive(order, 'CANCELLED', order.cancellationReason);
}

export function complete(order: SandboxOrder, at: number): void {
  expectStatus(order, ['ACCEPTED_BY_MERCHANT'], 'be completed');
  archive(order, 'COMPLETED', null);
  order.completionDate = at;
}

export function requestReturn(order: SandboxOrder): void {
  expectStatus(order, ['COMPLETED'], 'be returned');
  order.status = 'KASPI_DELIVERY_RETURN_REQUESTED';
  order.state = 'KASPI_DELIVERY';
}

export function completeReturn(order: SandboxOrder): void {
  expectStatus(order, ['KASPI_DELIVERY_RETURN_REQUESTED', 'RETURN_ACCEPTED_BY_MERCHANT'], 'complete a return');
  archive(order, 'RETURNED', null);
}

/**
 * A line changed in the Kaspi cabinet after acceptance (spec T8: one line cancelled, a quantity or weight
 * corrected): the entry shows `quantity` from now on; 0 removes the line from the order's entries. The order's
 * status does not change — no API event tells the merchant.
 */
export function changeLine(order: SandboxOrder, entryNumber: number, quantity: number): void {
  expectStatus(order, ['ACCEPTED_BY_MERCHANT'], 'have a line changed');
  const entry = order.entries.find((candidate) => candidate.entryNumber === entryNumber);
  if (!entry) throw new LifecycleError(`Order ${order.code} has no entry ${entryNumber}`);
  if (!(quantity >= 0 && quantity < entry.quantity)) throw new LifecycleError(`Entry ${entryNumber} of order ${order.code} has ${entry.quantity}; a change lowers it`);
  order.totalPrice -= entry.totalPrice - entry.basePrice * quantity;
  if (quantity === 0) {
    order.entries = order.entries.filter((candidate) => candidate !== entry);
    return;
  }
  entry.quantity = quantity;
  entry.totalPrice = entry.basePrice * quantity;
}

/** Kaspi cancels orders not accepted in time (3 working hours, 60 min Express) as "out of stock". */
export function autoCancelIfUnaccepted(order: SandboxOrder, olderThanMs: number, now: number): boolean {
  if (order.status !== 'APPROVED_BY_BANK' || now - order.approvedByBankDate < olderThanMs) return false;
  archive(order, 'CANCELLED', 'MERCHANT_OUT_OF_STOCK');
  return true;
}

function archive(order: SandboxOrder, status: KaspiStatus, reason: string | null): void {
  order.status = status;
  order.state = 'ARCHIVE';
  order.cancellationReason = reason;
}

function expectStatus(order: SandboxOrder, allowed: readonly KaspiStatus[], action: string): void {
  if (!allowed.includes(order.status)) {
    throw new LifecycleError(`Order ${order.code} is ${order.state}/${order.status}, so it can't ${action}`);
  }
}

function kaspiDeliveryOf(order: SandboxOrder): NonNullable<SandboxOrder['kaspiDelivery']> {
  if (!order.kaspiDelivery) throw new LifecycleError(`Order ${order.code} is not a Kaspi Delivery order`);
  return order.kaspiDelivery;
}
