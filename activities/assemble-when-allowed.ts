/**
 * ASSEMBLE, only when Kaspi allows it and never twice — the one path every sender takes (the order's
 * workflow, the sync run's waybill step). A second ASSEMBLE makes Kaspi issue a second waybill and voids the
 * first label, so, in order:
 *   1. the order as Kaspi shows it now: already assembled → nothing to send;
 *   2. Kaspi would refuse it now (unsigned credit order, pre-order goods not in) → *waiting*, with the reason
 *      on the order (`assembly_waiting_for`), no request;
 *   3. the parcel rule may leave it to the packing desk;
 *   4. the compare-and-set claim (activities/database/assemble-claim.ts): one sender per order; in the same
 *      statement, sent before and not confirmed yet (a lost reply, a time-out) → re-read only, for
 *      assembleConfirmMinutes, before any repeat, the claim left free since nothing is being sent; otherwise the
 *      time of sending is recorded before the request leaves;
 *   5. ASSEMBLE with the parcel count.
 */
import { ApplicationFailure } from '@temporalio/common';
import { log } from '@temporalio/activity';
import type { KaspiOrder } from '../kaspi/index.js';
import { assemblyReadiness } from '../domain/assembly-readiness.js';
import { FailureTypes } from '../domain/failure-types.js';
import type { ParcelSettings } from '../domain/parcel-rules.js';
import type { Database } from '../platform/prisma-client.js';
import type { ActivityDependencies } from './dependencies.js';
import { kaspiStep } from './kaspi-failures.js';
import { claimToSend, releaseAssembleClaim } from './database/assemble-claim.js';
import { planAssembly } from './assembly-plan.js';
import { markAssembled } from './database/reservations.js';
import { parcelLinesColumn } from './database/parcel-lines.js';
import type { ParcelLine } from '../domain/parcel-rules.js';
import { Prisma } from '../generated/prisma/client.js';

export type AssembleOutcome =
  /** Kaspi shows the order assembled: by this call, an earlier one, or someone in the cabinet. */
  | { kind: 'assembled'; places: number | null }
  /** Kaspi does not allow it yet; re-examined later. */
  | { kind: 'waiting'; reason: string }
  /** Nothing will ever be assembled here (the order moved on, or the packing desk assembles it). */
  | { kind: 'not-here'; reason: string }
  /** Another step holds the claim and assembles it. */
  | { kind: 'claimed-elsewhere' }
  /** ASSEMBLE was sent at `sentAt` and Kaspi does not show it yet: read again later, do not repeat. */
  | { kind: 'unconfirmed'; sentAt: number };

export interface AssembleRequest {
  parcels: number | ParcelSettings;
  /** Accepted in the cabinet before kaspi-sync got to it: the packing desk assembles it. */
  acceptedOutside?: boolean;
  owner: string;
  /** How long after sending a repeat is ruled out while Kaspi does not show the ASSEMBLE yet. */
  confirmWindowMs: number;
}

export async function assembleWhenAllowed(deps: ActivityDependencies, order: KaspiOrder, request: AssembleRequest): Promise<AssembleOutcome> {
  const { db, kaspi, now = Date.now } = deps;
  if (order.assembled) {
    await markAssembled(db, order.id);
    return { kind: 'assembled', places: null };
  }
  // What kaspi-sync knows of the order and its lines (for the parcel count), in one plain statement (this runs
  // for every Kaspi Delivery order).
  const [local] = await db.$queryRaw<{ pre_order_arrived_at: Date | null; assembly_waiting_for: string | null; desk_assembly_reason: string | null; lines: ParcelLine[] }[]>`
    SELECT pre_order_arrived_at, assembly_waiting_for, desk_assembly_reason, ${parcelLinesColumn(Prisma.sql`o.order_id`)} AS lines
      FROM kaspi_orders AS o WHERE o.order_id = ${order.id}`;
  const readiness = assemblyReadiness({
    state: order.state,
    status: order.status,
    preOrder: order.preOrder,
    preOrderArrived: local?.pre_order_arrived_at != null,
    handedOver: order.kaspiDelivery?.courierTransmissionDate != null,
  });
  if (!readiness.ready) {
    if ('never' in readiness) return { kind: 'not-here', reason: readiness.never };
    if (local?.assembly_waiting_for !== readiness.waitingFor) {
      await db.kaspiOrder.update({ where: { orderId: order.id }, data: { assemblyWaitingFor: readiness.waitingFor } });
      log.info('ASSEMBLE waits: Kaspi does not allow it yet', { orderCode: order.code, waitingFor: readiness.waitingFor });
    }
    return { kind: 'waiting', reason: `waiting for ${readiness.waitingFor}` };
  }
  const plan = await planAssembly(db, order.id, {
    parcels: request.parcels,
    acceptedOutside: request.acceptedOutside === true,
    ...(local ? { recordedReason: local.desk_assembly_reason, lines: local.lines } : {}),
  });
  if (plan.by === 'packing-desk') return { kind: 'not-here', reason: plan.reason };
  // Claimed, and the time of sending recorded before the request leaves (a lost reply is known to have maybe
  // arrived), in one statement — or, sent inside the confirm window, only read: the claim stays free, or the step
  // that looks after the window (a later run has another owner) would be refused until it went stale.
  const claim = await claimToSend(db, order.id, request.owner, request.confirmWindowMs, now());
  if (claim.kind === 'claimed-elsewhere') return { kind: 'claimed-elsewhere' };
  if (claim.kind === 'unconfirmed') {
    log.info('ASSEMBLE sent before and not shown by Kaspi yet: reading again, not repeating', { orderCode: order.code, sentAt: claim.sentAt.toISOString() });
    return { kind: 'unconfirmed', sentAt: claim.sentAt.getTime() };
  }
  try {
    await kaspiStep(() => kaspi.assembleOrder({ id: order.id, code: order.code }, plan.places));
  } catch (error) {
    if (!(error instanceof ApplicationFailure && error.type === FailureTypes.kaspiBadRequest)) throw error;
    // Refused outright: not sent, nothing to wait for. Someone may have assembled it meanwhile.
    const current = await kaspiStep(() => kaspi.getOrder(order.id));
    if (current?.assembled) {
      await markAssembled(db, order.id);
      return { kind: 'assembled', places: null };
    }
    await db.kaspiOrder.update({ where: { orderId: order.id }, data: { assembleSentAt: null } });
    await releaseAssembleClaim(db, order.id, request.owner);
    log.info('Kaspi refused ASSEMBLE; a later run looks again', { orderCode: order.code, error: error.message });
    return { kind: 'waiting', reason: `Kaspi refused ASSEMBLE: ${error.message}` };
  }
  await markAssembled(db, order.id, plan.places);
  return { kind: 'assembled', places: plan.places };
}
