/**
 * Activity stubs for the workflows, each group with the retry policy that fits it. Workflows import
 * activity types only; the implementations live in activities/ and run on the worker.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { databaseStep, kaspiCall, kaspiListing, runStep, waybillWait } from './retry-policies.js';

export const kaspiActions = proxyActivities<Pick<Activities, 'reserveStockForOrder' | 'acceptOnKaspi' | 'cancelOnKaspiAsOutOfStock' | 'assembleOnKaspi' | 'assembleIfAllowed' | 'captureWaybill'>>(kaspiCall);

/** Legacy sync path only (workflows/legacy/). */
export const kaspiListings = proxyActivities<Pick<Activities, 'listNewOrders' | 'findStatusChanges'>>(kaspiListing);

/** The steady-state sync run's bounded steps. */
export const runSteps = proxyActivities<Pick<Activities, 'resolveRunSettings' | 'findNewOrders' | 'trackListedStatusChanges' | 'readDueOrderStatuses'>>(runStep);

export const databaseSteps = proxyActivities<Pick<Activities, 'releaseReservation' | 'applyStatusChanges' | 'listWaybillCandidates'>>(databaseStep);

export const waybills = proxyActivities<Pick<Activities, 'collectWaybill'>>(waybillWait);

/** Shadow mode's steps: Kaspi reads and shadow_decisions writes only, retried like the run's steps. */
export const shadowSteps = proxyActivities<Pick<Activities, 'decideNewOrdersInShadow' | 'trackInShadow'>>(runStep);
