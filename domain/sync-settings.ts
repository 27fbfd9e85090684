import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from './failure-types.js';
import { PARCEL_RULES, type ParcelRule } from './parcel-rules.js';

/**
 * Business settings of a sync run. Overrides travel as workflow input (schedule action arguments or a manual
 * start); a run resolves them once, in an activity, into complete settings (defaults filled in, the worker's
 * mode added) and hands the complete set to its children, so every history records the rules it ran with and
 * a release that changes a default never changes what a running workflow replays (docs/operating.md
 * "Upgrading").
 */
export interface SyncSettings {
  /** How far back to look for new orders (Kaspi keeps NEW orders for hours, not days). */
  newOrderLookbackDays: number;
  /** How far back status changes (cancellations, returns) of processed orders are searched by list calls,
   * and how long after delivery a completed order is still watched for a return. */
  statusTrackingDays: number;
  /** Child workflows in flight at once. The seed processed 5 at a time. */
  maxOrdersInFlight: number;
  /** What to do when stock is short: hold for an operator (default) or cancel on Kaspi as out of stock. */
  outOfStockPolicy: 'hold' | 'cancel';
  /** Parcels per Kaspi Delivery order when assembling (one waybill label per parcel). */
  numberOfSpace: number;
  /** How many parcels ASSEMBLE declares: 'fixed' (numberOfSpace), 'per-unit', 'per-sku', or 'manual' (the
   * packing desk assembles); a product's own `parcels` overrides the rule (domain/parcel-rules.ts). */
  parcelRule: ParcelRule;
  /** When goods that left (handed to the courier, or delivered) come back into stock after a cancellation or
   * return: 'receipt' (recommended) when an operator records them received, good and damaged apart (`order
   * received`); 'archive' when Kaspi archives the order; 'returned-to-warehouse' already when Kaspi reports them
   * back at its warehouse (a flag seen staying false on goods really back, docs/kaspi-api.md Q19). */
  restockAfterHandover: 'archive' | 'returned-to-warehouse' | 'receipt';
  /** A return whose goods are not received within this many days of starting back is flagged for an operator. */
  returnReceiptDays: number;
  /** A held order re-checks its stock this often, until the operator fixes it or Kaspi cancels it. */
  heldRecheckMinutes: number;
  /** After this, a held order's workflow stops waiting; the order stays flagged in the database. */
  heldGiveUpHours: number;
  /** Waybills collected at once in the waybill phase. */
  maxWaybillsInFlight: number;
  /**
   * A run stops starting new orders and stops waiting for the ones in flight after this long (they go on in
   * their own workflows; the next run takes what is left). Steady-state runs take seconds; this bounds a
   * backlog run so the schedule's next tick is never held up for long.
   */
  runTimeBudgetSeconds: number;
  /** Orders status tracking reads on their own per run (those no Kaspi list covers; domain/status-tracking.ts). */
  statusReadsPerRun: number;
  /** Waybill candidates one run looks at; the rest wait for the next run. */
  maxWaybillsPerRun: number;
  /**
   * After ASSEMBLE was sent and its reply lost (or timed out), the order is only re-read for this long before
   * ASSEMBLE may be sent again: Kaspi may have received the first, and a second voids its waybill.
   */
  assembleConfirmMinutes: number;
  /**
   * How long an order's own workflow waits, on durable timers with growing intervals, for Kaspi to produce its
   * waybill after ASSEMBLE (reported p90 ≈ 3 minutes), storing the PDF the moment it appears; after this the
   * sync run's waybill step keeps looking. 0 = do not wait.
   */
  waybillCaptureMinutes: number;
  /** Stored waybill PDFs are deleted this many days after they were stored; 0 keeps them for ever. */
  waybillRetentionDays: number;
}

/** live: kaspi-sync acts on Kaspi and the stock. shadow: it reads Kaspi and records what it would do. */
export type SyncMode = 'live' | 'shadow';
export const SYNC_MODES: readonly SyncMode[] = ['live', 'shadow'];

/** What a run and its children run with: every setting resolved, plus the worker's mode. */
export interface RunSettings extends SyncSettings {
  mode: SyncMode;
}

const RESTOCK_POLICIES: readonly SyncSettings['restockAfterHandover'][] = ['receipt', 'archive', 'returned-to-warehouse'];

/** A held order's re-check interval may not be shorter than this (0.6 s): below it a re-check is a busy loop. */
export const MIN_HELD_RECHECK_MINUTES = 0.01;

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  newOrderLookbackDays: 3,
  statusTrackingDays: 30,
  maxOrdersInFlight: 20,
  outOfStockPolicy: 'hold',
  numberOfSpace: 1,
  parcelRule: 'fixed',
  restockAfterHandover: 'archive',
  returnReceiptDays: 14,
  heldRecheckMinutes: 10,
  heldGiveUpHours: 72,
  maxWaybillsInFlight: 10,
  runTimeBudgetSeconds: 240,
  statusReadsPerRun: 20,
  maxWaybillsPerRun: 50,
  assembleConfirmMinutes: 5,
  waybillCaptureMinutes: 10,
  waybillRetentionDays: 90,
};

/**
 * Fills in defaults and rejects settings that cannot work. The error is a non-retryable ApplicationFailure so
 * that a run started with them (from the CLI, a schedule or the Web UI) fails at once, naming the setting,
 * instead of retrying its first workflow task forever; config.ts turns it into a configuration error.
 */
export function withDefaults(partial: Partial<SyncSettings> | undefined): SyncSettings {
  try {
    return validated({ ...DEFAULT_SYNC_SETTINGS, ...(partial ?? {}) });
  } catch (error) {
    throw ApplicationFailure.nonRetryable((error as Error).message, FailureTypes.invalidSyncSettings);
  }
}

function validated(merged: SyncSettings): SyncSettings {
  // A zero or missing limit would make a run wait forever (and the schedule skip every later run), a zero
  // re-check interval would spin a held order through activities without pause.
  for (const key of ['maxOrdersInFlight', 'maxWaybillsInFlight', 'numberOfSpace', 'statusReadsPerRun', 'maxWaybillsPerRun'] as const) {
    if (!(Number.isInteger(merged[key]) && merged[key] >= 1)) throw new Error(`${key} must be a whole number of at least 1, got ${String(merged[key])}`);
  }
  if (!(typeof merged.heldRecheckMinutes === 'number' && merged.heldRecheckMinutes >= MIN_HELD_RECHECK_MINUTES)) {
    throw new Error(`heldRecheckMinutes must be a number of at least ${MIN_HELD_RECHECK_MINUTES}, got ${String(merged.heldRecheckMinutes)}`);
  }
  for (const key of ['newOrderLookbackDays', 'statusTrackingDays', 'runTimeBudgetSeconds', 'returnReceiptDays'] as const) {
    if (!(typeof merged[key] === 'number' && merged[key] > 0)) throw new Error(`${key} must be a number above 0, got ${String(merged[key])}`);
  }
  for (const key of ['assembleConfirmMinutes', 'waybillCaptureMinutes', 'waybillRetentionDays'] as const) {
    if (!(typeof merged[key] === 'number' && merged[key] >= 0)) throw new Error(`${key} must be a number of at least 0, got ${String(merged[key])}`);
  }
  // 0 is meaningful here: hold without waiting (the order stays flagged; `order retry` starts it again).
  if (!(typeof merged.heldGiveUpHours === 'number' && merged.heldGiveUpHours >= 0)) {
    throw new Error(`heldGiveUpHours must be a number of at least 0, got ${String(merged.heldGiveUpHours)}`);
  }
  if (!RESTOCK_POLICIES.includes(merged.restockAfterHandover)) {
    throw new Error(`restockAfterHandover must be "receipt", "archive" or "returned-to-warehouse", got ${String(merged.restockAfterHandover)}`);
  }
  if (!PARCEL_RULES.includes(merged.parcelRule)) {
    throw new Error(`parcelRule must be one of ${PARCEL_RULES.map((rule) => `"${rule}"`).join(', ')}, got ${String(merged.parcelRule)}`);
  }
  if (merged.outOfStockPolicy !== 'hold' && merged.outOfStockPolicy !== 'cancel') {
    throw new Error(`outOfStockPolicy must be "hold" or "cancel", got ${String(merged.outOfStockPolicy)}`);
  }
  return merged;
}

/** Complete run settings from a run's overrides and the worker's mode (the resolveRunSettings activity). */
export function resolveRunSettings(partial: Partial<SyncSettings> | undefined, mode: SyncMode): RunSettings {
  return { ...withDefaults(partial), mode };
}
