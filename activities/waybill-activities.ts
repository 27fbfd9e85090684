/**
 * Waybills: capturing an order's waybill while its short-lived link lives, and the sync run's waybill step
 * (the safety net for orders whose own workflow ended without one). Both re-read the order for a fresh link
 * right before downloading, and store the PDF at once (waybill_documents).
 */
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { activityInfo } from '@temporalio/activity';
import { KaspiNotFoundError, KaspiResourceUnavailableError, type KaspiOrder } from '../kaspi/index.js';
import type { NewOrderRef, WaybillCandidate, WaybillResult } from '../domain/sync-types.js';
import { FailureTypes } from '../domain/failure-types.js';
import type { ParcelSettings } from '../domain/parcel-rules.js';
import type { ActivityDependencies } from './dependencies.js';
import { kaspiStep } from './kaspi-failures.js';
import { claimOwner } from './database/assemble-claim.js';
import { assembleWhenAllowed } from './assemble-when-allowed.js';
import { markWaybillLinkExpired, ordersAwaitingWaybill, pruneWaybillDocuments, storeWaybill } from './database/waybills.js';

const MINUTE_MS = 60_000;
/** The re-read window of runs scheduled before it was a setting (and its default). */
const DEFAULT_CONFIRM_MINUTES = 5;

/** What one look at an assembled order's waybill found. */
export type WaybillCapture =
  | { kind: 'stored'; waybillNumber: string | null }
  /** Kaspi has not produced it yet (or the link died before it could be read): look again later. */
  | { kind: 'not-ready' }
  /** The link answered 404 after hand-over: it died as links do then; recorded, never retried. */
  | { kind: 'link-expired' }
  /** No waybill will come here: the order is not accepted any more. */
  | { kind: 'not-here'; reason: string };

/**
 * At most `limit` candidates (oldest first), so one run's waybill step stays bounded. Also the place where
 * PDFs older than `retentionDays` are deleted, once a run.
 */
export async function listWaybillCandidates({ db }: ActivityDependencies, limit?: number, retentionDays?: number): Promise<WaybillCandidate[]> {
  if (retentionDays !== undefined) await pruneWaybillDocuments(db, retentionDays);
  return ordersAwaitingWaybill(db, limit);
}

/** One look at the order on Kaspi: a fresh link, downloaded and stored at once. */
async function captureFrom(deps: ActivityDependencies, order: KaspiOrder): Promise<WaybillCapture> {
  if (order.status !== 'ACCEPTED_BY_MERCHANT') return { kind: 'not-here', reason: `order is ${order.status}` };
  const url = order.kaspiDelivery?.waybill;
  if (!url) return { kind: 'not-ready' };
  let pdf: Buffer;
  try {
    pdf = await deps.kaspi.downloadWaybill(url);
  } catch (error) {
    const gone = error instanceof KaspiNotFoundError || error instanceof KaspiResourceUnavailableError;
    if (!gone) return kaspiStep(() => Promise.reject(error));
    if (order.kaspiDelivery?.courierTransmissionDate != null) {
      await markWaybillLinkExpired(deps.db, order.id);
      return { kind: 'link-expired' };
    }
    // Expired before hand-over: the next read of the order gives a fresh link.
    return { kind: 'not-ready' };
  }
  const waybillNumber = order.kaspiDelivery?.waybillNumber ?? null;
  await storeWaybill(deps.db, order.id, { url, number: waybillNumber, pdf });
  return { kind: 'stored', waybillNumber };
}

async function currentOrder({ kaspi }: ActivityDependencies, orderId: string): Promise<KaspiOrder | null> {
  return kaspiStep(() => kaspi.getOrder(orderId));
}

/** The order's own workflow, after ASSEMBLE: one look for the waybill (the workflow waits between looks). */
export async function captureWaybill(deps: ActivityDependencies, ref: NewOrderRef): Promise<WaybillCapture> {
  const order = await currentOrder(deps, ref.orderId);
  if (!order) return { kind: 'not-here', reason: 'Kaspi does not know the order' };
  return captureFrom(deps, order);
}

/**
 * The sync run's waybill step: assembles the order if Kaspi allows it and no one else does, then stores the
 * waybill. While Kaspi has not produced it yet this fails with the retryable WaybillNotReady, and the declared
 * retry policy decides how long to wait (a later run looks again).
 */
export async function collectWaybill(
  deps: ActivityDependencies,
  candidate: WaybillCandidate,
  parcels: number | ParcelSettings,
  assembleConfirmMinutes = DEFAULT_CONFIRM_MINUTES,
): Promise<WaybillResult> {
  let order = await currentOrder(deps, candidate.orderId);
  if (!order) return { stored: false, reason: 'Kaspi does not know the order' };
  if (order.status !== 'ACCEPTED_BY_MERCHANT') return { stored: false, reason: `order is ${order.status}` };
  if (!order.assembled) {
    const outcome = await assembleWhenAllowed(deps, order, { parcels, owner: claimOwner(activityInfo()), confirmWindowMs: assembleConfirmMinutes * MINUTE_MS });
    if (outcome.kind === 'waiting' || outcome.kind === 'not-here') return { stored: false, reason: outcome.reason };
    if (outcome.kind === 'claimed-elsewhere') return { stored: false, reason: 'another step is assembling the order' };
    if (outcome.kind === 'unconfirmed') return { stored: false, reason: 'ASSEMBLE sent, not shown by Kaspi yet; a later run reads it again' };
    // Just sent: Kaspi takes seconds to produce the waybill, so the declared retry (which reads the order
    // afresh) looks, not a read in the same moment. Shown assembled already: its waybill may be there now.
    if (outcome.places !== null) throw waybillNotReady(order.code);
    order = (await currentOrder(deps, candidate.orderId)) ?? order;
  }
  const captured = await captureFrom(deps, order);
  if (captured.kind === 'stored') return { stored: true, waybillNumber: captured.waybillNumber };
  if (captured.kind === 'link-expired') return { stored: false, reason: 'the waybill link died at hand-over' };
  if (captured.kind === 'not-here') return { stored: false, reason: captured.reason };
  throw waybillNotReady(order.code);
}

/** BENIGN: an expected wait, not an error worth a warning in the worker's log. */
function waybillNotReady(orderCode: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureTypes.waybillNotReady,
    message: `Kaspi has not produced the waybill of order ${orderCode} yet`,
    category: ApplicationFailureCategory.BENIGN,
  });
}
