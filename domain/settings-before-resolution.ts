/**
 * The settings of workflows that began before runs resolved their settings in an activity (before December
 * 2026). Those workflows filled unset fields from the defaults compiled into the workflow code, so replaying
 * them with today's defaults would compute other timers and loops than they recorded. This frozen copy is
 * what they ran with; it never changes. A new setting is added here with the value that reproduces the
 * behaviour from before the setting existed.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from './failure-types.js';
import { SYNC_MODES, type RunSettings, type SyncSettings } from './sync-settings.js';

const SETTINGS_BEFORE_RESOLUTION: Readonly<SyncSettings> = Object.freeze({
  newOrderLookbackDays: 3,
  statusTrackingDays: 30,
  maxOrdersInFlight: 20,
  outOfStockPolicy: 'hold',
  numberOfSpace: 1,
  restockAfterHandover: 'archive',
  heldRecheckMinutes: 10,
  heldGiveUpHours: 72,
  maxWaybillsInFlight: 10,
  runTimeBudgetSeconds: 240,
  statusReadsPerRun: 20,
  maxWaybillsPerRun: 50,
  parcelRule: 'fixed',
  // Before it existed no return was flagged as not received: a bound no return reaches.
  returnReceiptDays: 36_500,
  // Before these existed: no re-read window (a retry read the order once), no waiting for the waybill in the
  // order's workflow, PDFs kept for ever.
  assembleConfirmMinutes: 0,
  waybillCaptureMinutes: 0,
  waybillRetentionDays: 0,
});

/**
 * The settings a workflow runs with, from its input: complete settings (what every run hands its children
 * today) are taken as they are; a partial set (an older history, or a workflow started by hand) is completed
 * from the frozen copy above, never from the current defaults. Deterministic: workflow code may call it.
 */
export function settingsFromInput(input: Partial<RunSettings> | undefined): RunSettings {
  const merged = { ...SETTINGS_BEFORE_RESOLUTION, mode: 'live' as const, ...(input ?? {}) };
  if (!SYNC_MODES.includes(merged.mode)) {
    throw ApplicationFailure.nonRetryable(`mode must be one of ${SYNC_MODES.join(', ')}, got ${String(merged.mode)}`, FailureTypes.invalidSyncSettings);
  }
  return merged;
}
