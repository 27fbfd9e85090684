/**
 * One Kaspi order, from NEW to accepted (and assembled, its waybill stored, for Kaspi Delivery):
 *   reserve all lines at the order's warehouse → accept on Kaspi → assemble → store the waybill.
 * Stock is reserved before acceptance, so an order is never accepted without stock. If the stock is
 * short or the order's data is unusable, nothing is changed and the order is held for an operator; the
 * workflow keeps re-checking until the cause is fixed, Kaspi cancels the order, or it gives up.
 * If Kaspi cancels the order in between, the reservation is released (saga-style compensation).
 *
 * The steps are local activities (a marker each in the history, no activity task round trip): each is safe to
 * run again after a crash because its never-twice rule lives in the database — the ledger's idempotency keys,
 * accept_sent_at and assemble_sent_at (re-read Kaspi before any repeat) — not in the attempt number. An order
 * without Kaspi Delivery is one workflow task from start to finish.
 *
 * Revisions instead of patch markers: the input's `revision` says which code a history runs. Histories without
 * one were started by releases up to 2026-12-02 and replay their frozen code (workflows/legacy/). A change to what
 * this workflow does gets a new ORDER_WORKFLOW_REVISION and freezes the code it replaces the same way
 * (docs/operating.md "Upgrading").
 */
import { condition, continueAsNew, log, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { ORDER_WORKFLOW_REVISION, type AcceptResult, type OrderResult, type ProcessOrderInput } from '../domain/sync-types.js';
import { settingsFromInput } from '../domain/settings-before-resolution.js';
import { SearchAttributes } from '../domain/temporal-names.js';
import { kaspiActions, databaseSteps, localKaspiActions } from './activity-proxies.js';
import { assembleAndCaptureWaybill } from './waybill-capture.js';
import { orderCancelledSignal, orderProgressQuery, retryOrderSignal, type OrderProgress } from './messages.js';
import { tellParent } from './tell-parent.js';
import { processOrderUpTo20261202 } from './legacy/process-order-2026-12.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/**
 * A held order continues as new after this many re-checks in one run (or once its history passes
 * HELD_HISTORY_EVENTS, e.g. when an operator sends many retries), so its history stays far below 2,000 events
 * however short the re-check interval and however long the wait.
 */
const HELD_RECHECKS_PER_RUN = 100;
const HELD_HISTORY_EVENTS = 1_500;

export async function processOrderWorkflow(input: ProcessOrderInput): Promise<OrderResult> {
  switch (input.revision) {
    case undefined:
      return processOrderUpTo20261202(input);
    case ORDER_WORKFLOW_REVISION:
      return processOrder(input);
    default:
      // Started by a newer release (a rolling deploy): fail this workflow task, not the order, until a worker
      // that knows the revision takes it.
      throw new Error(`order workflow revision ${input.revision} is newer than this worker (${ORDER_WORKFLOW_REVISION}); a newer worker runs it`);
  }
}

async function processOrder(input: ProcessOrderInput): Promise<OrderResult> {
  // Complete settings from the run (or the operator's retry) that started the order.
  const settings = settingsFromInput(input.settings);
  const { order, continuedHold } = input;
  const progress: OrderProgress = { orderCode: order.orderCode, stage: 'reserving stock and accepting', attempts: continuedHold?.attempts ?? 0 };
  let cancelledOnKaspi = false;
  let retryRequested = false;
  setHandler(orderCancelledSignal, () => void (cancelledOnKaspi = true));
  setHandler(retryOrderSignal, () => void (retryRequested = true));
  setHandler(orderProgressQuery, () => progress);

  /** The warehouse search attribute goes with the next upsert (held, awaiting signature, finished): one event fewer. */
  let warehouse: string | undefined;
  const searchAttributes = (outcome: string) => {
    upsertSearchAttributes([{ key: SearchAttributes.outcome, value: outcome }, ...(warehouse ? [{ key: SearchAttributes.warehouse, value: warehouse }] : [])]);
  };
  const finish = async (result: OrderResult): Promise<OrderResult> => {
    Object.assign(progress, { stage: 'finished', outcome: result.outcome, reason: result.reason });
    searchAttributes(result.outcome);
    upsertMemo({ outcome: result.outcome, reason: result.reason ?? null });
    log.info('order finished', { orderCode: order.orderCode, outcome: result.outcome, reason: result.reason });
    return result;
  };

  // Reserved and accepted in one step (its acceptance tells the sync run, for a Kaspi Delivery order).
  const reservation = await reserveOrHold();
  if (reservation.kind !== 'reserved') return finish(reservation.result);
  warehouse = reservation.warehouse;

  const acceptance = await acceptWhenSigned(reservation.warehouse, reservation.acceptance);
  if (acceptance === 'gave-up') {
    return finish({ orderCode: order.orderCode, outcome: 'HELD', warehouse: reservation.warehouse, reason: 'credit order still waiting for the buyer\'s signature; stock stays reserved (retry with the CLI)' });
  }
  if (acceptance === 'accepted') {
    let packed: { assembled: boolean; waybillStored?: boolean } = { assembled: false };
    if (order.isKaspiDelivery) {
      progress.stage = 'assembling';
      // The sync run was told at acceptance (its slot is free): packing is this workflow's own.
      const result = await assembleAndCaptureWaybill(order, settings);
      packed = result;
      if (result.note) progress.reason = result.note;
    }
    return finish({ orderCode: order.orderCode, outcome: 'ACCEPTED', warehouse: reservation.warehouse, ...packed });
  }
  progress.stage = 'releasing the reservation';
  await databaseSteps.releaseReservation(order, 'Kaspi cancelled the order before it was accepted');
  return finish({ orderCode: order.orderCode, outcome: 'CANCELLED_BY_KASPI', reason: 'cancelled on Kaspi before acceptance' });

  /**
   * The acceptance, from the first step's answer on. A credit order Kaspi will not let be accepted before the
   * buyer signs keeps its stock and waits — re-checked after 1, 2, 4 … minutes, at most hourly, so its history
   * stays small however long the wait — until signed, cancelled, or heldGiveUpHours have passed (then it stays
   * reserved, in view, and `order retry` or Kaspi's cancellation ends it).
   */
  async function acceptWhenSigned(warehouseName: string, first: AcceptResult): Promise<AcceptResult | 'gave-up'> {
    const giveUpAt = Date.now() + settings.heldGiveUpHours * HOUR_MS;
    const tellRun = runToTell() && { ...runToTell()!, warehouse: warehouseName };
    let wait = MINUTE_MS;
    for (let result = first; ; result = await localKaspiActions.acceptOnKaspi(order, { tellRun })) {
      if (result !== 'awaiting-signature') return result;
      if (progress.stage !== 'waiting for the buyer\'s signature') {
        progress.stage = 'waiting for the buyer\'s signature';
        const reason = 'credit order: Kaspi lets it be accepted once the buyer signs; its stock is reserved meanwhile';
        searchAttributes('AWAITING_SIGNATURE');
        upsertMemo({ outcome: 'AWAITING_SIGNATURE', reason });
        // The sync run need not wait for the buyer: its slot is free.
        await tellParent({ orderCode: order.orderCode, outcome: 'HELD', reason, warehouse: warehouseName });
      }
      const remaining = giveUpAt - Date.now();
      if (remaining <= 0) return 'gave-up';
      retryRequested = false;
      await condition(() => cancelledOnKaspi || retryRequested, Math.min(wait, remaining));
      if (cancelledOnKaspi) return 'cancelled-on-kaspi';
      wait = Math.min(wait * 2, HOUR_MS);
    }
  }

  /**
   * A Kaspi Delivery order goes on to pack: its acceptance step itself tells the sync run, so the news costs this
   * history nothing (an order without Kaspi Delivery simply finishes, and the run sees it finish).
   */
  function runToTell(): { workflowId: string; runId: string } | undefined {
    const parent = workflowInfo().parent;
    return order.isKaspiDelivery && parent ? { workflowId: parent.workflowId, runId: parent.runId } : undefined;
  }

  /** Reserves stock and accepts, or holds the order and waits (re-checking) until it can be reserved. */
  async function reserveOrHold(): Promise<{ kind: 'reserved'; warehouse: string; acceptance: AcceptResult } | { kind: 'done'; result: OrderResult }> {
    const giveUpAt = continuedHold?.giveUpAt ?? Date.now() + settings.heldGiveUpHours * HOUR_MS;
    // A continued run was held already: its sync run was told, and its memo says why.
    let parentTold = continuedHold !== undefined;
    let shownReason = continuedHold?.reason;
    let rechecksThisRun = 0;
    for (;;) {
      progress.attempts += 1;
      const step = await localKaspiActions.reserveAndAccept(order, { tellRun: runToTell() });
      const result = step.reservation;
      switch (result.kind) {
        case 'reserved':
          return { kind: 'reserved', warehouse: result.warehouse, acceptance: step.acceptance! };
        case 'already-processed':
          return done('ALREADY_PROCESSED', `kaspi-sync already handled this order (${result.syncState})`);
        case 'not-new':
          return done(result.kaspiStatus === 'CANCELLED' ? 'CANCELLED_BY_KASPI' : 'ALREADY_PROCESSED', `Kaspi status is ${result.kaspiStatus}`);
        case 'held':
          if (result.outOfStock && settings.outOfStockPolicy === 'cancel') {
            progress.stage = 'cancelling on Kaspi (out of stock)';
            // 'not-cancelled': Kaspi shows the order accepted already, so it is held like under "hold".
            const cancelled = await kaspiActions.cancelOnKaspiAsOutOfStock(order, result.reason);
            if (cancelled === 'cancelled-by-kaspi') return done('CANCELLED_BY_KASPI', 'cancelled on Kaspi before kaspi-sync cancelled it as out of stock');
            if (cancelled !== 'not-cancelled') return done('CANCELLED_OUT_OF_STOCK', result.reason);
          }
          Object.assign(progress, { stage: 'held for an operator', outcome: 'HELD', reason: result.reason, warehouse: result.warehouse });
          warehouse = result.warehouse ?? undefined;
          if (result.reason !== shownReason) {
            shownReason = result.reason;
            searchAttributes('HELD');
            upsertMemo({ outcome: 'HELD', reason: result.reason });
          }
          if (!parentTold) {
            parentTold = true;
            await tellParent({ orderCode: order.orderCode, outcome: 'HELD', reason: result.reason, warehouse: result.warehouse });
          }
          retryRequested = false;
          const remaining = giveUpAt - Date.now();
          if (remaining <= 0) return done('HELD', `${result.reason} (no longer re-checked; retry with the CLI)`);
          rechecksThisRun += 1;
          if (rechecksThisRun >= HELD_RECHECKS_PER_RUN || workflowInfo().historyLength >= HELD_HISTORY_EVENTS) {
            // Same workflow ID, a fresh history: signals (retryOrder, orderCancelled) reach the new run.
            await continueAsNew<typeof processOrderWorkflow>({
              order,
              revision: ORDER_WORKFLOW_REVISION,
              settings,
              continuedHold: { giveUpAt, attempts: progress.attempts, reason: result.reason },
            });
          }
          await condition(() => retryRequested || cancelledOnKaspi, Math.min(settings.heldRecheckMinutes * MINUTE_MS, remaining));
          if (cancelledOnKaspi) return done('CANCELLED_BY_KASPI', 'Kaspi cancelled the order while it was held');
      }
    }
  }

  function done(outcome: OrderResult['outcome'], reason: string): { kind: 'done'; result: OrderResult } {
    return { kind: 'done', result: { orderCode: order.orderCode, outcome, reason } };
  }
}
