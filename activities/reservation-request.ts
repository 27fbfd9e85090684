/**
 * What kaspi-sync needs from Kaspi to reserve an order: the order (status, warehouse, delivery), its lines and
 * the customer. Shared by the live reservation and shadow mode's rehearsal of it, so both judge the same data.
 */
import { ApplicationFailure } from '@temporalio/common';
import { KaspiBadPayloadError, KaspiResourceUnavailableError } from '../kaspi/index.js';
import type { NewOrderRef } from '../domain/sync-types.js';
import { FailureTypes } from '../domain/failure-types.js';
import { warehouseFromPickupPoint } from '../domain/warehouse.js';
import { stockUnitsOf } from '../domain/stock-units.js';
import type { ActivityDependencies } from './dependencies.js';
import { kaspiStep } from './kaspi-failures.js';
import type { ReservationRequest } from './database/reservations.js';

const APPROVED_BY_BANK = 'APPROVED_BY_BANK';
const ACCEPTED_BY_MERCHANT = 'ACCEPTED_BY_MERCHANT';
/**
 * Sold outside kaspi-sync and already past acceptance (completed at the counter, cancelled on its way, being
 * returned): the goods left, so the stock is taken as for an accepted order (issue 13 §4); status tracking then
 * follows the order on. Cancelled and returned orders are not among them: nothing of theirs is out.
 */
const SOLD_PAST_ACCEPTANCE: ReadonlySet<string> = new Set(['COMPLETED', 'CANCELLING', 'KASPI_DELIVERY_RETURN_REQUESTED', 'RETURN_ACCEPTED_BY_MERCHANT']);

export type ReservationRead =
  | { kind: 'request'; request: ReservationRequest }
  /** Kaspi no longer offers the order for acceptance (cancelled, or further along). */
  | { kind: 'not-new'; kaspiStatus: string }
  /** Kaspi's answer for this one order is unusable (bad data, 403, HTML 404, a redirect): hold it. */
  | { kind: 'unusable'; request: ReservationRequest; reason: string };

export async function readReservationRequest({ kaspi, warehouseMapping, listedOrders }: ActivityDependencies, ref: NewOrderRef): Promise<ReservationRead> {
  try {
    // The order as the intake list served it, lines included (activities/listed-orders.ts): no request. Otherwise
    // the order (with its buyer) and its lines are read at once.
    const listed = listedOrders?.take(ref.orderId);
    const [found, entries] = listed ? [listed, listed.entries] : await Promise.all([kaspi.getOrderWithCustomer(ref.orderId), kaspi.getOrderEntries(ref.orderId, ref.orderCode)]);
    if (!found) {
      // Listed a moment ago, unknown now: Kaspi's list and its order store disagree for a while. Failing the
      // order's workflow (not completing it as "already processed") lets a later run start it again.
      throw ApplicationFailure.nonRetryable(
        `Kaspi listed order ${ref.orderCode} but does not know it when asked; a later run takes it again`,
        FailureTypes.orderNotVisibleYet,
      );
    }
    const { order, customer } = found;
    if (order.status !== APPROVED_BY_BANK && order.status !== ACCEPTED_BY_MERCHANT && !SOLD_PAST_ACCEPTANCE.has(order.status)) return { kind: 'not-new', kaspiStatus: order.status };
    return {
      kind: 'request',
      request: {
        orderId: ref.orderId,
        orderCode: ref.orderCode,
        kaspiStatus: order.status,
        kaspiState: order.state,
        isKaspiDelivery: order.isKaspiDelivery,
        kaspiCreatedAt: order.creationDate,
        pickupPointId: order.pickupPointId,
        warehouse: warehouseFromPickupPoint(order.pickupPointId, warehouseMapping),
        lines: entries.map((entry, index) => ({
          lineNumber: Number.isInteger(entry.entryNumber) ? entry.entryNumber : index,
          entryId: entry.id,
          sku: entry.sku,
          name: entry.name,
          quantity: stockUnitsOf(entry.quantity, entry.unitType),
          unitType: entry.unitType,
          unitPrice: entry.basePrice,
          totalPrice: entry.totalPrice,
        })),
        customer,
        preOrder: order.preOrder,
      },
    };
  } catch (error) {
    if (error instanceof ApplicationFailure) throw error;
    const unusable = error instanceof KaspiBadPayloadError || error instanceof KaspiResourceUnavailableError;
    if (!unusable) return kaspiStep(() => Promise.reject(error));
    // Unusable data or an odd answer for this one order will not improve by retrying at once.
    return {
      kind: 'unusable',
      reason: `Kaspi sent unusable data: ${error.message}`,
      request: {
        orderId: ref.orderId, orderCode: ref.orderCode, kaspiStatus: APPROVED_BY_BANK, kaspiState: 'NEW',
        isKaspiDelivery: ref.isKaspiDelivery, kaspiCreatedAt: ref.creationDate, pickupPointId: ref.pickupPointId,
        warehouse: warehouseFromPickupPoint(ref.pickupPointId, warehouseMapping), lines: [], customer: { name: null, phone: null },
      },
    };
  }
}
