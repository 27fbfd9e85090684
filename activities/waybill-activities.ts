/** The waybill step: which orders still need their waybill, and collecting one (ASSEMBLE if needed, link, PDF). */
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { WaybillCandidate, WaybillResult } from '../domain/sync-types.js';
import { FailureTypes } from '../domain/failure-types.js';
import type { ActivityDependencies } from './dependencies.js';
import { kaspiStep } from './kaspi-failures.js';
import { activityInfo } from '@temporalio/activity';
import { claimAssemble, claimOwner } from './database/assemble-claim.js';
import { markAssembled } from './database/reservations.js';
import { planAssembly } from './assembly-plan.js';
import type { ParcelSettings } from '../domain/parcel-rules.js';
import { ordersAwaitingWaybill, storeWaybill } from './database/waybills.js';

/** At most `limit` candidates (oldest first), so one run's waybill step stays bounded. */
export async function listWaybillCandidates({ db }: ActivityDependencies, limit?: number): Promise<WaybillCandidate[]> {
  return ordersAwaitingWaybill(db, limit);
}

/**
 * Assembles the order if needed, then stores the waybill link and PDF. While Kaspi has not produced the
 * waybill yet this fails with the retryable WaybillNotReady, and the workflow's declared retry policy decides
 * how long to wait.
 */
export async function collectWaybill({ db, kaspi }: ActivityDependencies, candidate: WaybillCandidate, parcels: number | ParcelSettings): Promise<WaybillResult> {
  const order = await kaspiStep(() => kaspi.getOrder(candidate.orderId));
  if (!order) return { stored: false, reason: 'Kaspi does not know the order' };
  if (order.status !== 'ACCEPTED_BY_MERCHANT') return { stored: false, reason: `order is ${order.status}` };
  if (!order.assembled) {
    // The packing desk assembles some orders itself; this step then only collects the waybill afterwards.
    const plan = await planAssembly(db, order.id, parcels);
    if (plan.by === 'packing-desk') return { stored: false, reason: plan.reason };
    // One sender of ASSEMBLE per order (activities/database/assemble-claim.ts): the order's workflow may hold it.
    if (!(await claimAssemble(db, order.id, claimOwner(activityInfo())))) return { stored: false, reason: 'another step is assembling the order' };
    await kaspiStep(() => kaspi.assembleOrder({ id: order.id, code: order.code }, plan.places));
    await markAssembled(db, order.id, plan.places);
  }
  const url = order.kaspiDelivery?.waybill;
  if (!url) {
    // BENIGN: an expected wait, not an error worth a warning in the worker's log.
    throw ApplicationFailure.create({
      type: FailureTypes.waybillNotReady,
      message: `Kaspi has not produced the waybill of order ${order.code} yet`,
      category: ApplicationFailureCategory.BENIGN,
    });
  }
  const pdf = await kaspiStep(() => kaspi.downloadWaybill(url));
  await storeWaybill(db, order.id, { url, number: order.kaspiDelivery?.waybillNumber ?? null, pdf });
  return { stored: true, waybillNumber: order.kaspiDelivery?.waybillNumber ?? null };
}
