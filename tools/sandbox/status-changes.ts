import type { CancellationReason } from '../../kaspi/types.js';
import { acceptedStateOf, type SandboxOrder } from './model.js';
import type { SandboxOptions } from './options.js';
import type { OrderStore } from './store.js';

export type StatusChangeOutcome =
  | { ok: true; echo: Record<string, unknown>; changed: boolean }
  | { ok: false; title: string };

export interface StatusChangeRequest {
  attributes: Record<string, unknown>;
  /** `X-Security-Code` header of a COMPLETED request; undefined or '' asks Kaspi to text the buyer a code. */
  securityCode: string | undefined;
}

const CANCELLATION_REASONS: readonly CancellationReason[] = [
  'BUYER_CANCELLATION_BY_MERCHANT',
  'BUYER_NOT_REACHABLE',
  'MERCHANT_OUT_OF_STOCK',
];
const MAX_CANCELLATION_COMMENT = 1000;

/** POST /orders: the merchant actions T1–T7 of the spec, with their documented preconditions. */
export function applyStatusChange(
  order: SandboxOrder,
  request: StatusChangeRequest,
  options: SandboxOptions,
  store: OrderStore,
): StatusChangeOutcome {
  const { attributes } = request;
  if (attributes.code !== undefined && String(attributes.code) !== order.code) {
    return refuse('Order code does not match the order id.');
  }
  switch (attributes.status) {
    case 'ACCEPTED_BY_MERCHANT':
      return accept(order, options);
    case 'CANCELLED':
      return cancel(order, attributes, options);
    case 'ASSEMBLE':
      return assemble(order, attributes, options, store);
    case 'COMPLETED':
      return complete(order, request.securityCode);
    case 'ARRIVED':
      return arrived(order);
    case 'ARRIVED_BACKWARD':
      return arrivedBackward(order);
    default:
      return refuse(`Status ${String(attributes.status)} can not be set by the merchant.`);
  }
}

function accept(order: SandboxOrder, options: SandboxOptions): StatusChangeOutcome {
  if (order.status === 'ACCEPTED_BY_MERCHANT' && options.reacceptBehaviour === 'ok') {
    return done({ code: order.code, status: 'ACCEPTED_BY_MERCHANT' }, false);
  }
  if (order.status !== 'APPROVED_BY_BANK') return refuse(`Order is ${describe(order)}, so it can't be accepted.`);
  // A credit order created as SIGN_REQUIRED (the buyer signs before acceptance, Q10) waits for the signature.
  if (order.state === 'SIGN_REQUIRED') return refuse('Order is waiting for the buyer\'s signature, so it can\'t be accepted.');
  order.status = 'ACCEPTED_BY_MERCHANT';
  order.state = acceptedStateOf(order);
  return done({ code: order.code, status: 'ACCEPTED_BY_MERCHANT' });
}

function cancel(order: SandboxOrder, attributes: Record<string, unknown>, options: SandboxOptions): StatusChangeOutcome {
  const reason = attributes.cancellationReason;
  const comment = attributes.cancellationComment;
  if (reason === undefined) return refuse('Cancellation reason is required.');
  if (!CANCELLATION_REASONS.includes(reason as CancellationReason)) return refuse(`Cancellation reason ${String(reason)} is not valid.`);
  if (comment !== undefined && (typeof comment !== 'string' || comment.length > MAX_CANCELLATION_COMMENT)) {
    return refuse(`Cancellation comment must be a text of at most ${MAX_CANCELLATION_COMMENT} characters.`);
  }
  if (order.status !== 'APPROVED_BY_BANK' && order.status !== 'ACCEPTED_BY_MERCHANT') {
    return refuse(`Order is ${describe(order)}, so it can't be cancelled.`);
  }
  if (order.kaspiDelivery?.courierTransmissionDate != null) {
    return refuse('Order has been handed over to the courier, so it can\'t be cancelled.');
  }
  if (order.assembled && !options.cancelAfterAssembleAllowed) return refuse('Order is assembled, so it can\'t be cancelled.');
  order.status = 'CANCELLED';
  order.state = 'ARCHIVE';
  order.cancellationReason = String(reason);
  order.cancellationComment = typeof comment === 'string' ? comment : null;
  return done({ cancellationReason: reason, status: 'CANCELLED' });
}

function assemble(
  order: SandboxOrder,
  attributes: Record<string, unknown>,
  options: SandboxOptions,
  store: OrderStore,
): StatusChangeOutcome {
  const numberOfSpace = Number(attributes.numberOfSpace);
  if (attributes.numberOfSpace === undefined) return refuse('Number of space is required.');
  if (!Number.isInteger(numberOfSpace) || numberOfSpace < 1) return refuse('Number of space must be a positive number.');
  if (!order.isKaspiDelivery || !order.kaspiDelivery) return refuse('Order is not a Kaspi Delivery order, so it can\'t be assembled.');
  if (order.state !== 'KASPI_DELIVERY' || order.status !== 'ACCEPTED_BY_MERCHANT') {
    return refuse(`Order is ${describe(order)}, so it can't be assembled.`);
  }
  if (order.kaspiDelivery.courierTransmissionDate !== null) {
    return refuse('Order has been handed over to the courier, so it can\'t be assembled.');
  }
  if (order.preOrder && !order.arrived) return refuse('Pre-order goods have not arrived, so it can\'t be assembled.');
  if (order.assembled) {
    if (options.reassembleBehaviour === 'error') return refuse('Order is already assembled.');
    if (options.reassembleBehaviour === 'ok') return done({ numberOfSpace: order.numberOfSpace, status: 'ASSEMBLE' }, false);
    // 'new-waybill': a second waybill with a new number replaces the first, whose label is now void.
  }
  order.assembled = true;
  order.numberOfSpace = numberOfSpace;
  store.scheduleWaybill(order);
  return done({ numberOfSpace, status: 'ASSEMBLE' });
}

/** Two-step completion (T3/T4): an empty security code makes Kaspi text one to the buyer. */
function complete(order: SandboxOrder, securityCode: string | undefined): StatusChangeOutcome {
  if (order.status === 'CANCELLED') return refuse('Order is cancelled, so it can\'t be completed.');
  if (order.status === 'COMPLETED') return refuse('Order already has been completed, so it can\'t be completed again.');
  if (order.status !== 'ACCEPTED_BY_MERCHANT' || order.isKaspiDelivery) return refuse('Order is not may complete allowed');
  if (!securityCode) {
    order.securityCodeSent = true;
    return done({ code: order.code, status: 'COMPLETED' }, false);
  }
  if (!order.securityCodeSent || securityCode !== order.securityCode) {
    return refuse('Security code is not valid. And the order cannot be completed without it');
  }
  order.status = 'COMPLETED';
  order.state = 'ARCHIVE';
  return done({ code: order.code, status: 'COMPLETED' });
}

function arrived(order: SandboxOrder): StatusChangeOutcome {
  if (!order.preOrder || order.status !== 'ACCEPTED_BY_MERCHANT' || order.arrived) {
    return refuse('Order is not an accepted pre-order awaiting goods, so it can\'t be marked as arrived.');
  }
  order.arrived = true;
  return done({ code: order.code, status: 'ARRIVED' });
}

function arrivedBackward(order: SandboxOrder): StatusChangeOutcome {
  if (order.status === 'CANCELLING') {
    order.status = 'CANCELLED';
  } else if (order.status === 'KASPI_DELIVERY_RETURN_REQUESTED' || order.status === 'RETURN_ACCEPTED_BY_MERCHANT') {
    order.status = 'RETURNED';
  } else {
    return refuse(`Order is ${describe(order)}, so it can't be marked as arrived backward.`);
  }
  order.state = 'ARCHIVE';
  return done({ code: order.code, status: 'ARRIVED_BACKWARD' });
}

function describe(order: SandboxOrder): string {
  return order.status.toLowerCase().replace(/_/g, ' ');
}

function refuse(title: string): StatusChangeOutcome {
  return { ok: false, title };
}

function done(echo: Record<string, unknown>, changed = true): StatusChangeOutcome {
  return { ok: true, echo, changed };
}
