/**
 * The order lifecycle after intake, in one table: what Kaspi now says about an order (its status, whether the
 * goods were handed to the courier or are back at Kaspi's warehouse) and what kaspi-sync has recorded (its
 * sync_state) decide what kaspi-sync does — to stock, and to the record. Pure: the database code
 * (activities/database/status-changes.ts) carries a decision out, status tracking uses it to tell news from
 * repetition, and the order workflow's acceptance step asks it what a status means for a reserved order.
 *
 * Kaspi's rule (partner guide q3694, docs/kaspi-api.md §3.4): goods cancelled before hand-over never left the
 * warehouse and go straight back; goods already handed to Kaspi Delivery are back only when Kaspi says so (it
 * archives the order, or, when configured, reports them back at its warehouse), and until then they are
 * counted as "returning".
 * Safe to import from workflow code (no Node built-ins).
 */
import { KASPI_STATUSES_AFTER_ACCEPTANCE, SyncState } from './order-lifecycle.js';

/** Why stock goes back (stored in the ledger note and the business event). */
export type RestockReason = 'cancelled-before-hand-over' | 'archived-after-hand-over' | 'back-at-kaspi-warehouse';
/** Why goods are counted as travelling back. */
export type ReturningReason = 'cancelled-in-delivery' | 'buyer-returning' | 'awaiting-receipt';

export type StatusDecision =
  /** Nothing to do: the status repeats what is recorded, or cannot change this order any more. */
  | { action: 'ignore' }
  /** Record the hand-over time (it decides later whether goods are "returning" or back at once). */
  | { action: 'record-hand-over' }
  /** Someone accepted a held order by hand: it stays HELD, flagged, because its stock was not taken. */
  | { action: 'flag-accepted-elsewhere' }
  /** The order's workflow accepted it but ended before recording it: record the acceptance, then `then`. */
  | { action: 'record-acceptance'; then: StatusDecision }
  /** A held order was cancelled on Kaspi: nothing was reserved, the order is closed. */
  | { action: 'close-unreserved' }
  | { action: 'restock'; reason: RestockReason }
  | { action: 'mark-returning'; reason: ReturningReason }
  /** Delivered to the buyer: closed, still followed for a return for statusTrackingDays. */
  | { action: 'close-delivered' }
  /** Kaspi moved a returning order on (archived it, or reports the goods back) while it waits for `order received`. */
  | { action: 'record-status' };

export interface StatusFacts {
  syncState: string;
  kaspiStatus: string;
  /** Kaspi shows a courier hand-over now, or kaspi-sync recorded one before (or the goods are already returning). */
  handedOver: boolean;
  /** A hand-over time is already recorded, so seeing one again is not news. */
  handOverRecorded: boolean;
  returnedToWarehouse: boolean;
  restockAfterHandover: 'archive' | 'returned-to-warehouse' | 'receipt';
  /** The Kaspi status kaspi-sync last recorded for the order (null when unknown): a repeat of it is not news. */
  recordedKaspiStatus?: string | null;
  /** For a HELD order already flagged as accepted elsewhere: the Kaspi status it was flagged with; else null. */
  flaggedAcceptedElsewhereAt: string | null;
}

const RETURN_IN_PROGRESS = new Set(['KASPI_DELIVERY_RETURN_REQUESTED', 'RETURN_ACCEPTED_BY_MERCHANT']);
/** Sync states in which kaspi-sync holds the order's stock (taken, or travelling back). */
const HOLDS_STOCK = new Set<string>([SyncState.RESERVED, SyncState.ACCEPTED, SyncState.COMPLETED, SyncState.RETURNING]);
const IGNORE: StatusDecision = { action: 'ignore' };

export function decideStatusChange(facts: StatusFacts): StatusDecision {
  const { syncState, kaspiStatus } = facts;
  if (kaspiStatus === 'APPROVED_BY_BANK') return IGNORE;

  if (syncState === SyncState.HELD) {
    if (kaspiStatus === 'CANCELLED' || kaspiStatus === 'RETURNED') return { action: 'close-unreserved' };
    if (KASPI_STATUSES_AFTER_ACCEPTANCE.has(kaspiStatus)) {
      // Flagged once per Kaspi status: a held order that moves on (delivered, returning) is flagged anew.
      return facts.flaggedAcceptedElsewhereAt === kaspiStatus ? IGNORE : { action: 'flag-accepted-elsewhere' };
    }
    return IGNORE;
  }

  if (syncState === SyncState.RESERVED && KASPI_STATUSES_AFTER_ACCEPTANCE.has(kaspiStatus)) {
    if (kaspiStatus === 'ACCEPTED_BY_MERCHANT') {
      return { action: 'record-acceptance', then: facts.handedOver && !facts.handOverRecorded ? { action: 'record-hand-over' } : IGNORE };
    }
    return { action: 'record-acceptance', then: decideStatusChange({ ...facts, syncState: SyncState.ACCEPTED }) };
  }

  if (!HOLDS_STOCK.has(syncState)) return IGNORE;

  // A delivered order's goods were with the buyer whether or not a courier took them (pickup, own delivery).
  const goodsLeft = facts.handedOver || syncState === SyncState.COMPLETED;
  switch (kaspiStatus) {
    case 'CANCELLED':
    case 'RETURNED':
      if (goodsLeft && facts.restockAfterHandover === 'receipt') return awaitReceipt(facts);
      return { action: 'restock', reason: goodsLeft ? 'archived-after-hand-over' : 'cancelled-before-hand-over' };
    case 'CANCELLING':
      if (facts.restockAfterHandover === 'returned-to-warehouse' && facts.returnedToWarehouse) return { action: 'restock', reason: 'back-at-kaspi-warehouse' };
      if (facts.restockAfterHandover === 'receipt' && syncState === SyncState.RETURNING) return awaitReceipt(facts);
      if (syncState === SyncState.RETURNING) return IGNORE;
      return { action: 'mark-returning', reason: 'cancelled-in-delivery' };
    case 'COMPLETED':
      if (syncState === SyncState.ACCEPTED) return { action: 'close-delivered' };
      return facts.handedOver && !facts.handOverRecorded ? { action: 'record-hand-over' } : IGNORE;
    case 'ACCEPTED_BY_MERCHANT':
      return syncState === SyncState.ACCEPTED && facts.handedOver && !facts.handOverRecorded ? { action: 'record-hand-over' } : IGNORE;
    default:
      if (RETURN_IN_PROGRESS.has(kaspiStatus)) {
        return syncState === SyncState.ACCEPTED || syncState === SyncState.COMPLETED ? { action: 'mark-returning', reason: 'buyer-returning' } : IGNORE;
      }
      // A status kaspi-sync does not know (Kaspi's enums grow): only a recorded hand-over is worth keeping.
      return facts.handedOver && !facts.handOverRecorded ? { action: 'record-hand-over' } : IGNORE;
  }
}

/**
 * Policy `receipt`: goods that left come back into stock only when an operator records them received
 * (`order received`), whatever Kaspi says meanwhile; Kaspi's news is recorded, the goods stay "returning".
 */
function awaitReceipt(facts: StatusFacts): StatusDecision {
  if (facts.syncState !== SyncState.RETURNING) return { action: 'mark-returning', reason: 'awaiting-receipt' };
  return facts.recordedKaspiStatus === facts.kaspiStatus ? IGNORE : { action: 'record-status' };
}

/**
 * Whether carrying out a decision must first re-read the order's lines on Kaspi: at delivery and at every
 * cancelling or return event, a line cancelled or reduced since acceptance gives its units back (§3 of issue 13).
 */
export function rereadsLines(decision: StatusDecision): boolean {
  if (decision.action === 'record-acceptance') return rereadsLines(decision.then);
  return decision.action === 'close-delivered' || decision.action === 'restock' || decision.action === 'mark-returning';
}

/** The words the ledger note and business event use for each reason (operators read them in log_events). */
export const REASON_TEXT: Record<RestockReason | ReturningReason, string> = {
  'cancelled-before-hand-over': 'cancelled before hand-over: the goods never left',
  'archived-after-hand-over': 'Kaspi archived the order: the goods are back',
  'back-at-kaspi-warehouse': 'Kaspi reports the goods back at its warehouse',
  'cancelled-in-delivery': 'cancelled during delivery: waiting for the goods',
  'buyer-returning': 'the buyer is returning the goods',
  'awaiting-receipt': 'Kaspi says the goods are back: waiting for `order received`',
};

/**
 * What a Kaspi status says about an order kaspi-sync has reserved and is about to accept: still to be accepted
 * (undefined), accepted already (by kaspi-sync with a lost reply, or by hand — and maybe moved on since: status
 * tracking follows it), cancelled before acceptance (the reservation goes back), or unknown (null: the caller
 * must not guess with stock).
 */
export function acceptanceShownBy(kaspiStatus: string): 'accepted' | 'cancelled-on-kaspi' | undefined | null {
  if (kaspiStatus === 'APPROVED_BY_BANK') return undefined;
  if (KASPI_STATUSES_AFTER_ACCEPTANCE.has(kaspiStatus)) return 'accepted';
  if (kaspiStatus === 'CANCELLED') return 'cancelled-on-kaspi';
  return null;
}

/**
 * Whether a status Kaspi shows for a followed order is worth a transaction, from what status tracking knows
 * before it locks the row (the sync state; no recorded hand-over, no flag). Errs on the side of news: the
 * transaction decides again with the row's full facts and the run's settings.
 */
export function isStatusNews(syncState: string, change: { kaspiStatus: string; handedOver: boolean; returnedToWarehouse?: boolean }): boolean {
  const decision = decideStatusChange({
    syncState,
    kaspiStatus: change.kaspiStatus,
    handedOver: change.handedOver,
    handOverRecorded: false,
    returnedToWarehouse: change.returnedToWarehouse ?? false,
    restockAfterHandover: 'returned-to-warehouse',
    flaggedAcceptedElsewhereAt: null,
  });
  return decision.action !== 'ignore';
}

/**
 * Whether status tracking should read an order's lines before applying a change (rereadsLines), judged from
 * what it knows before it locks the row, with the run's restock policy. A repeat for an order waiting for its
 * receipt reads nothing.
 */
export function linesToReread(
  syncState: string,
  change: { kaspiStatus: string; handedOver: boolean; returnedToWarehouse?: boolean },
  restockAfterHandover: StatusFacts['restockAfterHandover'],
): boolean {
  return rereadsLines(
    decideStatusChange({
      syncState,
      kaspiStatus: change.kaspiStatus,
      handedOver: change.handedOver || syncState === SyncState.RETURNING,
      handOverRecorded: false,
      returnedToWarehouse: change.returnedToWarehouse ?? false,
      restockAfterHandover,
      flaggedAcceptedElsewhereAt: null,
    }),
  );
}
