/**
 * A Kaspi Delivery order's packing, in its own workflow: ASSEMBLE when Kaspi allows it, then wait durably for
 * the waybill — timers with growing intervals (5 s, 10 s, 20 s, 40 s, 80 s, then every 2 min) up to
 * waybillCaptureMinutes — and store the PDF the moment it appears, because its link is short-lived and dies at
 * hand-over. A worker restart or a deploy does not lose the wait. ASSEMBLE sent with its reply lost is only
 * re-read, never repeated, until Kaspi shows it or assembleConfirmMinutes pass. What is left (a signature or
 * pre-order goods awaited, a waybill slower than the wait) the sync run's waybill step picks up later.
 * Both steps are local activities: safe to run again after a crash (ASSEMBLE's never-twice rule rests on
 * assemble_sent_at in the database; a waybill look reads and stores idempotently).
 */
import { sleep } from '@temporalio/workflow';
import type { NewOrderRef } from '../domain/sync-types.js';
import type { RunSettings } from '../domain/sync-settings.js';
import { localPackingActions } from './activity-proxies.js';

/** Kaspi takes seconds to produce a waybill: a look in the same moment as the ASSEMBLE would find none. */
const FIRST_LOOK_AFTER_MS = 5_000;
const LONGEST_INTERVAL_MS = 120_000;

export interface PackingResult {
  assembled: boolean;
  waybillStored: boolean;
  /** Why it is not assembled or has no waybill yet (waiting for a signature, …). */
  note?: string;
}

export async function assembleAndCaptureWaybill(order: NewOrderRef, settings: RunSettings): Promise<PackingResult> {
  const deadline = Date.now() + settings.waybillCaptureMinutes * 60_000;
  const parcels = { parcelRule: settings.parcelRule, numberOfSpace: settings.numberOfSpace };
  let interval = FIRST_LOOK_AFTER_MS;
  let assembled = false;
  for (;;) {
    let justSent = false;
    if (!assembled) {
      const outcome = await localPackingActions.assembleIfAllowed(order, { parcels, confirmMinutes: settings.assembleConfirmMinutes });
      if (outcome.kind === 'assembled') {
        assembled = true;
        // places: null — Kaspi showed it assembled already (its waybill may be there); a number — sent just now.
        justSent = outcome.places !== null;
      } else if (outcome.kind === 'waiting' || outcome.kind === 'not-here') return { assembled: false, waybillStored: false, note: outcome.reason };
      else if (outcome.kind === 'claimed-elsewhere') return { assembled: false, waybillStored: false, note: 'another step assembles it' };
    }
    // A wait of 0 minutes still looks once.
    if (assembled && !(justSent && deadline > Date.now())) {
      const captured = await localPackingActions.captureWaybill(order);
      if (captured.kind === 'stored') return { assembled, waybillStored: true };
      if (captured.kind === 'link-expired') return { assembled, waybillStored: false, note: 'the waybill link died at hand-over' };
      if (captured.kind === 'not-here') return { assembled, waybillStored: false, note: captured.reason };
    }
    const left = deadline - Date.now();
    if (left <= 0) return { assembled, waybillStored: false, note: assembled ? 'no waybill yet; the sync run keeps looking' : 'ASSEMBLE not confirmed yet; the sync run reads it again' };
    await sleep(Math.min(interval, left));
    interval = Math.min(interval * 2, LONGEST_INTERVAL_MS);
  }
}
