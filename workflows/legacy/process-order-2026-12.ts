/**
 * FROZEN: the order workflow as released up to 2026-12-02. Only histories started without a `revision` in their
 * input take this path (workflows/process-order.ts); it must not change, or their replay breaks. Delete it once no
 * such history can still be running (docs/operating.md "Upgrading").
 *
 * One Kaspi order, from NEW to accepted (and assembled for Kaspi Delivery):
 *   reserve all lines at the order's warehouse → accept on Kaspi → assemble.
 * Stock is reserved before acceptance, so an order is never accepted without stock. If the stock is
 * short or the order's data is unusable, nothing is changed and the order is held for an operator; the
 * workflow keeps re-checking until the cause is fixed, Kaspi cancels the order, or it gives up.
 * If Kaspi cancels the order in between, the reservation is released (saga-style compensation).
 */
import {
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AcceptResult, OrderResult, ProcessOrderInput, ReservationResult } from '../../domain/sync-types.js';
import { settingsFromInput } from '../../domain/settings-before-resolution.js';
import { SearchAttributes } from '../../domain/temporal-names.js';
import { kaspiActions, databaseSteps, localKaspiActions } from '../activity-proxies.js';
import { Patches } from '../patches.js';
import { assembleAndCaptureWaybill } from './waybill-capture-2026-12.js';
import { orderCancelledSignal, orderProgressQuery, retryOrderSignal, type OrderProgress } from '../messages.js';
import { tellParent } from '../tell-parent.js';
import type { processOrderWorkflow } from '../process-order.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/**
 * A held order continues as new after this many re-checks in one run (or once its history passes
 * HELD_HISTORY_EVENTS, e.g. when an operator sends many retries), so its history stays far below 2,000 events
 * however short the re-check interval and however long the wait (a re-check is ~11 events).
 */
const HELD_RECHECKS_PER_RUN = 100;
const HELD_HISTORY_EVENTS = 1_500;

export async function processOrderUpTo20261202(input: ProcessOrderInput): Promise<OrderResult> {
  // Complete settings come from the run that started the order; older histories complete theirs from the
  // frozen defaults they ran with — never from today's (domain/settings-before-resolution.ts).
  const settings = settingsFromInput(input.settings);
  const { order, continuedHold } = input;
  const progress: OrderProgress = { orderCode: order.orderCode, stage: 'reserving stock', attempts: continuedHold?.attempts ?? 0 };
  let cancelledOnKaspi = false;
  let retryRequested = false;
  setHandler(orderCancelledSignal, () => void (cancelledOnKaspi = true));
  setHandler(retryOrderSignal, () => void (retryRequested = true));
  setHandler(orderProgressQuery, () => progress);

  const finish = async (result: OrderResult): Promise<OrderResult> => {
    Object.assign(progress, { stage: 'finished', outcome: result.outcome, reason: result.reason });
    upsertSearchAttributes([{ key: SearchAttributes.outcome, value: result.outcome }]);
    upsertMemo({ outcome: result.outcome, reason: result.reason ?? null });
    log.info('order finished', { orderCode: order.orderCode, outcome: result.outcome, reason: result.reason });
    return result;
  };

  const reservation = await reserveOrHold();
  if (reservation.kind !== 'reserved') return finish(reservation.result);
  upsertSearchAttributes([{ key: SearchAttributes.warehouse, value: reservation.warehouse }]);

  if (!cancelledOnKaspi) {
    progress.stage = 'accepting on Kaspi';
    const acceptance = await acceptWhenSigned(reservation.warehouse);
    if (acceptance === 'gave-up') {
      return finish({ orderCode: order.orderCode, outcome: 'HELD', warehouse: reservation.warehouse, reason: 'credit order still waiting for the buyer\'s signature; stock stays reserved (retry with the CLI)' });
    }
    if (acceptance === 'accepted') {
      // The sync run's part ends here: it counts the order accepted and frees its slot, while this workflow
      // assembles on its own (an order without Kaspi Delivery finishes now anyway). Histories from before this
      // change carry no marker and did not tell.
      if (order.isKaspiDelivery && patched(Patches.settleOnAcceptance)) {
        await tellParent({ orderCode: order.orderCode, outcome: 'ACCEPTED', warehouse: reservation.warehouse });
      }
      let assembled = false;
      let waybillStored: boolean | undefined;
      if (order.isKaspiDelivery) {
        progress.stage = 'assembling';
        if (patched(Patches.waybillCapture)) {
          // ASSEMBLE when Kaspi allows it, then wait durably for the waybill and store it while its link lives.
          const packed = await assembleAndCaptureWaybill(order, settings);
          assembled = packed.assembled;
          waybillStored = packed.waybillStored;
          if (packed.note) progress.reason = packed.note;
        } else {
          assembled = await kaspiActions.assembleOnKaspi(order, { parcelRule: settings.parcelRule, numberOfSpace: settings.numberOfSpace });
        }
      }
      return finish({ orderCode: order.orderCode, outcome: 'ACCEPTED', warehouse: reservation.warehouse, assembled, ...(waybillStored === undefined ? {} : { waybillStored }) });
    }
  }
  progress.stage = 'releasing the reservation';
  await databaseSteps.releaseReservation(order, 'Kaspi cancelled the order before it was accepted');
  return finish({ orderCode: order.orderCode, outcome: 'CANCELLED_BY_KASPI', reason: 'cancelled on Kaspi before acceptance' });

  /**
   * Accepts the order. A credit order Kaspi will not let be accepted before the buyer signs keeps its stock and
   * waits — re-checked after 1, 2, 4 … minutes, at most hourly, so its history stays small however long the
   * wait — until signed, cancelled, or heldGiveUpHours have passed (then it stays reserved, in view, and
   * `order retry` or Kaspi's cancellation ends it). Earlier histories never saw 'awaiting-signature'.
   */
  async function acceptWhenSigned(warehouse: string): Promise<AcceptResult | 'gave-up'> {
    const giveUpAt = Date.now() + settings.heldGiveUpHours * HOUR_MS;
    let wait = MINUTE_MS;
    for (;;) {
      const result = await kaspiActions.acceptOnKaspi(order);
      if (result !== 'awaiting-signature') return result;
      if (progress.stage !== 'waiting for the buyer\'s signature') {
        progress.stage = 'waiting for the buyer\'s signature';
        const reason = 'credit order: Kaspi lets it be accepted once the buyer signs; its stock is reserved meanwhile';
        upsertMemo({ outcome: 'AWAITING_SIGNATURE', reason });
        // The sync run need not wait for the buyer: its slot is free.
        await tellParent({ orderCode: order.orderCode, outcome: 'HELD', reason, warehouse });
      }
      const remaining = giveUpAt - Date.now();
      if (remaining <= 0) return 'gave-up';
      retryRequested = false;
      await condition(() => cancelledOnKaspi || retryRequested, Math.min(wait, remaining));
      if (cancelledOnKaspi) return 'cancelled-on-kaspi';
      wait = Math.min(wait * 2, HOUR_MS);
    }
  }

  /** Reserves stock, or holds the order and waits (re-checking) until it can be reserved. */
  async function reserveOrHold(): Promise<{ kind: 'reserved'; warehouse: string } | { kind: 'done'; result: OrderResult }> {
    const giveUpAt = continuedHold?.giveUpAt ?? Date.now() + settings.heldGiveUpHours * HOUR_MS;
    // A continued run was held already: its sync run was told, and its memo says why.
    let parentTold = continuedHold !== undefined;
    let shownReason = continuedHold?.reason;
    let rechecksThisRun = 0;
    for (;;) {
      progress.attempts += 1;
      // A local activity since local-reservation-2026-12 (a marker instead of an activity task and its workflow
      // task); older histories scheduled an activity.
      const result: ReservationResult = patched(Patches.localReservation) ? await localKaspiActions.reserveStockForOrder(order) : await kaspiActions.reserveStockForOrder(order);
      switch (result.kind) {
        case 'reserved':
          return { kind: 'reserved', warehouse: result.warehouse };
        case 'already-processed':
          return done('ALREADY_PROCESSED', `kaspi-sync already handled this order (${result.syncState})`);
        case 'not-new':
          return done(result.kaspiStatus === 'CANCELLED' ? 'CANCELLED_BY_KASPI' : 'ALREADY_PROCESSED', `Kaspi status is ${result.kaspiStatus}`);
        case 'held':
          if (result.outOfStock && settings.outOfStockPolicy === 'cancel') {
            progress.stage = 'cancelling on Kaspi (out of stock)';
            // 'not-cancelled': Kaspi shows the order accepted already, so it is held like under "hold".
            // (Histories from before this result existed carry none: those cancelled.)
            const cancelled = await kaspiActions.cancelOnKaspiAsOutOfStock(order, result.reason);
            if (cancelled === 'cancelled-by-kaspi') return done('CANCELLED_BY_KASPI', 'cancelled on Kaspi before kaspi-sync cancelled it as out of stock');
            if (cancelled !== 'not-cancelled') return done('CANCELLED_OUT_OF_STOCK', result.reason);
          }
          Object.assign(progress, { stage: 'held for an operator', outcome: 'HELD', reason: result.reason, warehouse: result.warehouse });
          // Histories from before the bounded-history change upserted on every re-check (2 events each).
          if (result.reason !== shownReason || !patched(Patches.boundedHeldHistory)) {
            shownReason = result.reason;
            upsertSearchAttributes([{ key: SearchAttributes.outcome, value: 'HELD' }]);
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
          if ((rechecksThisRun >= HELD_RECHECKS_PER_RUN || workflowInfo().historyLength >= HELD_HISTORY_EVENTS) && patched(Patches.boundedHeldHistory)) {
            // Same workflow ID, a fresh history: signals (retryOrder, orderCancelled) reach the new run.
            await continueAsNew<typeof processOrderWorkflow>({
              order,
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
