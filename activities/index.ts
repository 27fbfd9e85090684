/**
 * Every activity the worker registers, by concern. Each is a named function taking its dependencies first
 * (database, Kaspi client, warehouse mapping, clock); here they are bound to one set of dependencies, and the
 * object's keys are the activity names Temporal records in histories — never rename one (running workflows
 * call it by that name).
 */
import type { ActivityDependencies } from './dependencies.js';
import * as orders from './order-activities.js';
import * as intake from './intake-activities.js';
import * as tracking from './status-tracking-activities.js';
import * as waybills from './waybill-activities.js';
import * as runSettings from './run-settings-activities.js';
import * as shadow from './shadow-activities.js';
import { refusingLiveEffectsInShadow } from './shadow-guard.js';
import { ListedOrders } from './listed-orders.js';
import * as legacyTracking from './legacy/status-activities-2026-11.js';

export type { ActivityDependencies } from './dependencies.js';

type Bound<F> = F extends (deps: ActivityDependencies, ...args: infer A) => infer R ? (...args: A) => R : never;

function bind<T extends Record<string, (deps: ActivityDependencies, ...args: never[]) => unknown>>(deps: ActivityDependencies, functions: T): { [K in keyof T]: Bound<T[K]> } {
  return Object.fromEntries(Object.entries(functions).map(([name, f]) => [name, (...args: never[]) => f(deps, ...args)])) as { [K in keyof T]: Bound<T[K]> };
}

/** All activities, built from their dependencies (the worker registers this object). */
export function createActivities(deps: ActivityDependencies) {
  return refusingLiveEffectsInShadow(allActivities({ ...deps, listedOrders: deps.listedOrders ?? new ListedOrders() }), deps.mode);
}

function allActivities(deps: ActivityDependencies) {
  return {
    // One order's workflow: reserve, accept, cancel as out of stock, assemble, release.
    ...bind(deps, {
      reserveStockForOrder: orders.reserveStockForOrder,
      acceptOnKaspi: orders.acceptOnKaspi,
      reserveAndAccept: orders.reserveAndAccept,
      cancelOnKaspiAsOutOfStock: orders.cancelOnKaspiAsOutOfStock,
      assembleOnKaspi: orders.assembleOnKaspi,
      assembleIfAllowed: orders.assembleIfAllowed,
      releaseReservation: orders.releaseReservation,
    }),
    // The sync run: its settings, intake, status tracking, waybills.
    ...bind(deps, { resolveRunSettings: runSettings.resolveRunSettings }),
    ...bind(deps, { findNewOrders: intake.findNewOrders, listNewOrders: intake.listNewOrders }),
    ...bind(deps, { trackListedStatusChanges: tracking.trackListedStatusChanges, readDueOrderStatuses: tracking.readDueOrderStatuses }),
    ...bind(deps, { listWaybillCandidates: waybills.listWaybillCandidates, collectWaybill: waybills.collectWaybill, captureWaybill: waybills.captureWaybill }),
    // Shadow mode: what live mode would do, recorded in shadow_decisions (activities/shadow-activities.ts).
    ...bind(deps, { decideNewOrdersInShadow: shadow.decideNewOrdersInShadow, trackInShadow: shadow.trackInShadow }),
    // Sync runs that began on the previous release (workflows/legacy/).
    ...bind(deps, { findStatusChanges: legacyTracking.findStatusChanges, applyStatusChanges: legacyTracking.applyStatusChanges }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
