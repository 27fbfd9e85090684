/**
 * The last line of shadow mode's defence. A shadow worker's workflows take the shadow path and its Kaspi
 * client refuses every POST; on top of that, the activities that change stock, orders or Kaspi refuse to run
 * on a shadow worker at all — so even a workflow that started on a live worker (a mixed deploy during the
 * switch) cannot change anything through it. Each refusal is a non-retryable failure that names the mode.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../domain/failure-types.js';
import type { SyncMode } from '../domain/sync-settings.js';

/** Activities with effects in live mode. Everything else only reads, or writes shadow_decisions / log_events. */
const LIVE_EFFECTS = [
  'reserveStockForOrder',
  'acceptOnKaspi',
  'reserveAndAccept',
  'cancelOnKaspiAsOutOfStock',
  'assembleOnKaspi',
  'assembleIfAllowed',
  'captureWaybill',
  'releaseReservation',
  'trackListedStatusChanges',
  'readDueOrderStatuses',
  'collectWaybill',
  'findStatusChanges',
  'applyStatusChanges',
] as const;

export function refusingLiveEffectsInShadow<T extends Record<string, unknown>>(activities: T, mode: SyncMode | undefined): T {
  if (mode !== 'shadow') return activities;
  const guarded: Record<string, unknown> = { ...activities };
  for (const name of LIVE_EFFECTS) {
    if (!(name in guarded)) continue;
    guarded[name] = async () => {
      throw ApplicationFailure.nonRetryable(
        `${name} refused: this worker runs in shadow mode (KASPI_SYNC_MODE=shadow) and changes nothing; run it on a live worker`,
        FailureTypes.shadowModeRefusal,
      );
    };
  }
  return guarded as T;
}
