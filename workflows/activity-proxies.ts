/**
 * Activity stubs for the workflows, each group with the retry policy that fits it. Workflows import
 * activity types only; the implementations live in activities/ and run on the worker.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { databaseStep, kaspiCall, kaspiCallLocal, kaspiListing, runStep, waybillWait } from './retry-policies.js';

export const kaspiActions = proxyActivities<Pick<Activities, 'reserveStockForOrder' | 'acceptOnKaspi' | 'cancelOnKaspiAsOutOfStock' | 'assembleOnKaspi' | 'assembleIfAllowed' | 'captureWaybill'>>(kaspiCall);

/**
 * The reservation and the acceptance as local activities: no activity task round trip, 1 history event instead
 * of 3 plus a workflow task. (The reservation since Patches.localReservation; since order workflow revision
 * 2026-12-03 both in one step, reserveAndAccept, the acceptance's never-twice rule on accept_sent_at in the
 * database rather than the attempt number.)
 */
export const localKaspiActions = proxyLocalActivities<Pick<Activities, 'reserveStockForOrder' | 'acceptOnKaspi' | 'reserveAndAccept'>>(kaspiCallLocal);

/**
 * A Kaspi Delivery order's packing steps as local activities (Patches.localReservation). Safe to run again after
 * a crash: ASSEMBLE's never-twice rule rests on assemble_sent_at in the database, not on the attempt number, and
 * a waybill look reads and stores idempotently.
 */
export const localPackingActions = proxyLocalActivities<Pick<Activities, 'assembleIfAllowed' | 'captureWaybill'>>(kaspiCallLocal);

/** Legacy sync path only (workflows/legacy/). */
export const kaspiListings = proxyActivities<Pick<Activities, 'listNewOrders' | 'findStatusChanges'>>(kaspiListing);

/** The steady-state sync run's bounded steps. */
export const runSteps = proxyActivities<Pick<Activities, 'resolveRunSettings' | 'findNewOrders' | 'trackListedStatusChanges' | 'readDueOrderStatuses'>>(runStep);

export const databaseSteps = proxyActivities<Pick<Activities, 'releaseReservation' | 'applyStatusChanges' | 'listWaybillCandidates'>>(databaseStep);

export const waybills = proxyActivities<Pick<Activities, 'collectWaybill'>>(waybillWait);

/** Shadow mode's steps: Kaspi reads and shadow_decisions writes only, retried like the run's steps. */
export const shadowSteps = proxyActivities<Pick<Activities, 'decideNewOrdersInShadow' | 'trackInShadow'>>(runStep);
