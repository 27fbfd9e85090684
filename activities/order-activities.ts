/**
 * Activities of the per-order child workflow: reserve, accept, cancel as out of stock, assemble,
 * release. Each is safe to retry: Kaspi actions re-read the order before repeating themselves (a lost
 * response must not turn into a second action), and database effects go through the idempotent ledger.
 */
import { activityInfo, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { KaspiOrder } from '../kaspi/index.js';
import type { AcceptResult, NewOrderRef, OutOfStockCancelResult, ReservationResult } from '../domain/sync-types.js';
import { acceptanceShownBy as acceptanceOnKaspi } from '../domain/status-decisions.js';
import { FailureTypes } from '../domain/failure-types.js';
import type { ActivityDependencies } from './dependencies.js';
import { kaspiStep } from './kaspi-failures.js';
import { claimOwner } from './database/assemble-claim.js';
import { assembleWhenAllowed, type AssembleOutcome } from './assemble-when-allowed.js';
import { leaveToPackingDesk } from './database/desk-assembly.js';
import { DeskAssemblyReasons, type ParcelSettings } from '../domain/parcel-rules.js';
import { holdOrder, markAccepted, markCancelledByMerchant, releaseReservation as releaseReserved, reserveOrder, type ReservationOptions, type ReservationOutcome } from './database/reservations.js';
import { readReservationRequest } from './reservation-request.js';
import { recordAcceptanceSending } from './database/acceptance-sending.js';
import { tellSyncRun } from './tell-sync-run.js';

const APPROVED_BY_BANK = 'APPROVED_BY_BANK';
/** Re-read window for the previous release's assemble step (it predates the assembleConfirmMinutes setting). */
const LEGACY_CONFIRM_WINDOW_MS = 5 * 60_000;

function isRetry(): boolean {
  return activityInfo().attempt > 1;
}

/**
 * What Kaspi's status says about an order kaspi-sync has reserved (domain/status-decisions.ts). A status
 * kaspi-sync does not know stops the order rather than guess with stock: it stays RESERVED, in view.
 */
export function acceptanceShownBy(status: string): AcceptResult | undefined {
  const shown = acceptanceOnKaspi(status);
  if (shown === null) {
    throw ApplicationFailure.nonRetryable(`Kaspi reports status ${status}, unknown to kaspi-sync; the order keeps its reservation for an operator`, FailureTypes.orderDataInvalid);
  }
  return shown;
}

async function currentOrder({ kaspi }: ActivityDependencies, orderId: string): Promise<KaspiOrder> {
  const order = await kaspiStep(() => kaspi.getOrder(orderId));
  if (!order) throw ApplicationFailure.nonRetryable(`Kaspi does not know order ${orderId}`, FailureTypes.kaspiNotFound);
  return order;
}

/**
 * Reads the order's lines from Kaspi and reserves them at the order's warehouse, all or nothing.
 * An order Kaspi no longer offers for acceptance is left alone; unusable data flags the order.
 */
export async function reserveStockForOrder(deps: ActivityDependencies, ref: NewOrderRef, options: ReservationOptions = {}): Promise<ReservationOutcome> {
  const read = await readReservationRequest(deps, ref);
  if (read.kind === 'not-new') return read;
  if (read.kind === 'unusable') {
    // The order is flagged for an operator, and its workflow re-checks it later.
    log.warn('order held: Kaspi sent unusable data', { orderCode: ref.orderCode, error: read.reason });
    return holdOrder(deps.db, read.request, read.reason);
  }
  const result = await reserveOrder(deps.db, read.request, options);
  if (result.kind === 'held') log.info('order held', { orderCode: ref.orderCode, reason: result.reason });
  return result;
}

/** Which sync run to tell, right after the acceptance, that the order is accepted (a Kaspi Delivery order goes on to pack). */
export interface AcceptRequest {
  tellRun?: { workflowId: string; runId: string; warehouse: string };
  /** The reservation of the same step recorded the sending already (and whether an earlier attempt had). */
  sendingRecorded?: { sentBefore: boolean };
}

/**
 * Accepts the order on Kaspi (with its code) and records it. The order is read first whenever the acceptance
 * may have been sent before (a retry, or accept_sent_at already set: a lost reply, a crash), so a lost response
 * never turns into a second acceptance. With `tellRun` the sync run hears of the acceptance from here, at once.
 */
export async function acceptOnKaspi(deps: ActivityDependencies, ref: NewOrderRef, request: AcceptRequest = {}): Promise<AcceptResult> {
  const { db, kaspi } = deps;
  const order = { id: ref.orderId, code: ref.orderCode };
  const decide = async (): Promise<AcceptResult | undefined> => {
    const current = await currentOrder(deps, ref.orderId);
    // Kaspi lets a credit order be accepted only once the buyer has signed: nothing to send until then.
    if (current.state === 'SIGN_REQUIRED' && current.status === APPROVED_BY_BANK) return 'awaiting-signature';
    return acceptanceShownBy(current.status);
  };
  const readFirst = isRetry() || ref.acceptedOnKaspi === true || ref.awaitingSignature === true;
  let result = readFirst ? await decide() : undefined;
  // Recorded before the request leaves (activities/database/acceptance-sending.ts).
  if (!result) {
    const sentBefore = request.sendingRecorded ? request.sendingRecorded.sentBefore : await recordAcceptanceSending(db, ref.orderId);
    if (sentBefore && !readFirst) result = await decide();
  }
  if (!result) {
    try {
      await kaspiStep(() => kaspi.acceptOrder(order));
      result = 'accepted';
    } catch (error) {
      const refused = error instanceof ApplicationFailure && error.type === FailureTypes.kaspiBadRequest;
      result = refused ? await decide() : undefined;
      if (!result) throw error;
    }
  }
  if (result === 'accepted') await markAccepted(db, ref.orderId);
  // Someone accepted it in the Kaspi cabinet before kaspi-sync got to it: they pack it, so they assemble it.
  // Recorded now, so the sync run's waybill step knows too even if this workflow ends early.
  if (result === 'accepted' && ref.acceptedOnKaspi && ref.isKaspiDelivery) await leaveToPackingDesk(db, ref.orderId, DeskAssemblyReasons.acceptedOutside);
  if (result === 'accepted' && request.tellRun) await tellSyncRun(request.tellRun, { orderCode: ref.orderCode, outcome: 'ACCEPTED', warehouse: request.tellRun.warehouse });
  return result;
}

/** What the order's first step found: the reservation, and the acceptance when it was reserved. */
export interface FirstStepResult {
  reservation: ReservationResult;
  acceptance?: AcceptResult;
}

/**
 * The order's first step (order workflow revision 2026-12-03): reserve and, once reserved, accept at once — the
 * two always run together, so one local activity saves the workflow an activation and a history event. Each half
 * keeps its own never-twice rule (the ledger's idempotency keys; accept_sent_at), so running the whole step again
 * after a crash is safe. A cancellation that came in meanwhile is caught by the acceptance itself: Kaspi refuses
 * it, the order is read, and the workflow releases the reservation.
 */
export async function reserveAndAccept(deps: ActivityDependencies, ref: NewOrderRef, request: { tellRun?: { workflowId: string; runId: string } } = {}): Promise<FirstStepResult> {
  // The acceptance's sending is recorded with a fresh reservation (one statement fewer); what comes back to the
  // workflow is the reservation alone.
  const { acceptanceSending, ...reservation } = await reserveStockForOrder(deps, ref, { acceptanceFollows: true });
  if (reservation.kind !== 'reserved') return { reservation };
  const tellRun = request.tellRun && { ...request.tellRun, warehouse: reservation.warehouse };
  return { reservation, acceptance: await acceptOnKaspi(deps, ref, { tellRun, sendingRecorded: acceptanceSending }) };
}

/**
 * Out-of-stock policy "cancel": cancels on Kaspi with MERCHANT_OUT_OF_STOCK and records it. The order is
 * read first on every attempt: one already accepted (by hand in the cabinet, or listed as accepted) is
 * never cancelled by kaspi-sync; it is held for an operator instead.
 */
export async function cancelOnKaspiAsOutOfStock(deps: ActivityDependencies, ref: NewOrderRef, reason: string): Promise<OutOfStockCancelResult> {
  const { db, kaspi } = deps;
  const order = { id: ref.orderId, code: ref.orderCode };
  const current = await currentOrder(deps, ref.orderId);
  if (current.status === APPROVED_BY_BANK) {
    await kaspiStep(() => kaspi.cancelOrder(order, 'MERCHANT_OUT_OF_STOCK', reason.slice(0, 1000)));
  } else if (current.status === 'CANCELLED') {
    // On a retry this is most likely kaspi-sync's own cancellation whose reply was lost; on the first
    // attempt it is the buyer's or Kaspi's, and status tracking records it as such.
    if (!isRetry()) return 'cancelled-by-kaspi';
  } else {
    log.warn('not cancelling an order Kaspi shows as accepted; it is held instead', { orderCode: ref.orderCode, kaspiStatus: current.status });
    return 'not-cancelled';
  }
  await markCancelledByMerchant(db, ref.orderId, reason);
  return 'cancelled';
}

/**
 * ASSEMBLE for the order's own workflow, when Kaspi allows it and never twice (activities/assemble-when-allowed.ts).
 * The outcome says whether it is assembled, waiting (with the reason), left to someone else, or sent and not yet
 * shown by Kaspi (the workflow reads again later instead of repeating).
 */
export async function assembleIfAllowed(deps: ActivityDependencies, ref: NewOrderRef, request: { parcels: ParcelSettings; confirmMinutes: number }): Promise<AssembleOutcome> {
  const order = await currentOrder(deps, ref.orderId);
  return assembleWhenAllowed(deps, order, {
    parcels: request.parcels,
    acceptedOutside: ref.acceptedOnKaspi === true,
    owner: claimOwner(activityInfo()),
    confirmWindowMs: request.confirmMinutes * 60_000,
  });
}

/** The order workflow's assemble step before waybill capture (histories of the previous release): true when assembled. */
export async function assembleOnKaspi(deps: ActivityDependencies, ref: NewOrderRef, parcels: number | ParcelSettings): Promise<boolean> {
  const order = await currentOrder(deps, ref.orderId);
  const outcome = await assembleWhenAllowed(deps, order, { parcels, acceptedOutside: ref.acceptedOnKaspi === true, owner: claimOwner(activityInfo()), confirmWindowMs: LEGACY_CONFIRM_WINDOW_MS });
  if (outcome.kind !== 'assembled') log.info('not assembled by the order workflow', { orderCode: ref.orderCode, outcome: outcome.kind });
  return outcome.kind === 'assembled';
}

/** Compensation: Kaspi cancelled the order before it was accepted, so its reservation goes back. */
export async function releaseReservation({ db }: ActivityDependencies, ref: NewOrderRef, reason: string): Promise<number> {
  return releaseReserved(db, ref.orderId, reason);
}
