/**
 * Activities of the parent sync workflow: find new orders, find status changes of orders kaspi-sync is
 * watching and apply them to stock, and collect waybills.
 */
import { log } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { KaspiOrder, KaspiState, KaspiStatus } from '../kaspi/index.js';
import { SyncState } from '../domain/order-lifecycle.js';
import type {
  KaspiStatusChange,
  NewOrderRef,
  NewOrdersFound,
  RejectedListEntry,
  StatusEffect,
  SyncWindow,
  WaybillCandidate,
  WaybillResult,
} from '../domain/sync-types.js';
import type { SyncSettings } from '../domain/sync-settings.js';
import { FailureTypes } from '../domain/failure-types.js';
import type { ActivityDependencies } from './dependencies.js';
import { kaspiStep } from './kaspi-failures.js';
import { recordEvent } from './database/business-events.js';
import { recordRejectedElements } from './database/rejected-elements.js';
import { toStatusChange } from './status-tracking-activities.js';
import { applyStatusChange, openOrders } from './database/status-changes.js';
import { markAssembled } from './database/reservations.js';
import { ordersAwaitingWaybill, storeWaybill } from './database/waybills.js';
import { KaspiAuthenticationError, KaspiAuthorisationError, KaspiBadPayloadError } from '../kaspi/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where accepted orders sit, by delivery mode. */
const ACCEPTED_ORDER_STATES: KaspiState[] = ['SIGN_REQUIRED', 'PICKUP', 'DELIVERY', 'KASPI_DELIVERY'];

/** Lists where Kaspi reports what happened to orders after acceptance. */
const STATUS_LISTS: { state: KaspiState; status?: KaspiStatus }[] = [
  { state: 'ARCHIVE' },
  { state: 'KASPI_DELIVERY', status: 'CANCELLING' },
  { state: 'KASPI_DELIVERY', status: 'KASPI_DELIVERY_RETURN_REQUESTED' },
  { state: 'KASPI_DELIVERY', status: 'RETURN_ACCEPTED_BY_MERCHANT' },
];

/** Kaspi statuses that mean something for an order in a given sync state. */
function isNews(syncState: string, order: KaspiOrder): boolean {
  if (order.status === 'APPROVED_BY_BANK') return false;
  // RESERVED + accepted on Kaspi: the order's workflow stopped between the two; HELD + accepted: someone
  // accepted it by hand (see applyStatusChange).
  if (order.status === 'ACCEPTED_BY_MERCHANT') {
    return syncState === SyncState.RESERVED || syncState === SyncState.HELD || (syncState === SyncState.ACCEPTED && order.kaspiDelivery?.courierTransmissionDate != null);
  }
  if (order.status === 'COMPLETED') return syncState === SyncState.ACCEPTED || syncState === SyncState.RESERVED || syncState === SyncState.HELD;
  return true;
}

export function createSyncActivities({ db, kaspi, now = Date.now }: ActivityDependencies) {
  /** A rejected token stops the run loudly, and the operator finds the reason in log_events too. */
  async function reportingAuthFailures<T>(step: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof KaspiAuthenticationError || error instanceof KaspiAuthorisationError) {
        await recordEvent(db, { level: 'ERROR', message: `Kaspi rejected the API token during ${step}`, extra: { error: error.message } }).catch(() => undefined);
        log.error('Kaspi rejected the API token', { step, error: error.message });
      }
      throw error;
    }
  }

  /**
   * One watched order read on its own. Unusable data for it is that order's problem: it is logged and the
   * order is looked at again next run, while every other order's cancellation or return still gets applied.
   */
  async function readOneOrder(orderCode: string, orderId: string): Promise<KaspiOrder | null> {
    try {
      return await kaspi.getOrder(orderId);
    } catch (error) {
      if (!(error instanceof KaspiBadPayloadError)) throw error;
      log.warn('status of an order skipped this run: Kaspi sent unusable data', { orderCode, error: error.message });
      await recordEvent(db, { level: 'WARNING', message: 'status check skipped: Kaspi sent unusable data', orderCode, extra: { error: error.message } });
      return null;
    }
  }

  const activities = {
    /**
     * Every order waiting for kaspi-sync in the window, all pages, every delivery mode: NEW /
     * APPROVED_BY_BANK orders, plus orders someone already accepted (e.g. by hand in the Kaspi cabinet)
     * that kaspi-sync has not recorded — their stock must be taken too. A malformed element is set aside
     * (recorded in log_events and returned, by id and code) and every other order is still taken.
     */
    async findNewOrders(window: Required<SyncWindow>): Promise<NewOrdersFound> {
      const range = { createdFrom: window.createdFrom, createdTo: window.createdTo };
      const rejected: RejectedListEntry[] = [];
      const { fresh, acceptedElsewhere } = await kaspiStep(() =>
        reportingAuthFailures('listing new orders', async () => {
          const newList = await kaspi.listOrdersSettingAsideMalformed({ state: 'NEW', status: 'APPROVED_BY_BANK', ...range });
          rejected.push(...newList.rejected.map((r) => ({ ...r, list: 'NEW/APPROVED_BY_BANK' })));
          const acceptedElsewhere: KaspiOrder[] = [];
          for (const state of ACCEPTED_ORDER_STATES) {
            const listing = await kaspi.listOrdersSettingAsideMalformed({ state, status: 'ACCEPTED_BY_MERCHANT', ...range });
            acceptedElsewhere.push(...listing.orders);
            rejected.push(...listing.rejected.map((r) => ({ ...r, list: `${state}/ACCEPTED_BY_MERCHANT` })));
          }
          return { fresh: newList.orders, acceptedElsewhere };
        }),
      );
      for (const list of new Set(rejected.map((r) => r.list))) {
        await recordRejectedElements(db, rejected.filter((r) => r.list === list), list);
      }
      const known = new Set<string>();
      const acceptedIds = acceptedElsewhere.map((o) => o.id);
      for (let i = 0; i < acceptedIds.length; i += 500) {
        const rows = await db.kaspiOrder.findMany({ where: { orderId: { in: acceptedIds.slice(i, i + 500) } }, select: { orderId: true } });
        for (const row of rows) known.add(row.orderId);
      }
      const toRef = (o: KaspiOrder): NewOrderRef => ({
        orderId: o.id,
        orderCode: o.code,
        pickupPointId: o.pickupPointId,
        isKaspiDelivery: o.isKaspiDelivery,
        express: o.express,
        creationDate: o.creationDate,
        acceptedOnKaspi: o.status === 'ACCEPTED_BY_MERCHANT',
      });
      // An order accepted between two list calls can be in both lists: it is started once, from the later,
      // accepted copy (so the order workflow knows not to accept it blindly).
      const listed = new Map<string, KaspiOrder>();
      for (const order of [...fresh, ...acceptedElsewhere.filter((o) => !known.has(o.id))]) listed.set(order.id, order);
      return { orders: [...listed.values()].map(toRef), rejectedCount: rejected.length, rejected: rejected.slice(0, 20) };
    },

    /** Runs recorded before the steady-state design (legacy workflow path) call this; same as findNewOrders. */
    async listNewOrders(window: Required<SyncWindow>): Promise<NewOrderRef[]> {
      return (await activities.findNewOrders(window)).orders;
    },

    /**
     * Legacy: only sync runs started before the steady-state design call this (their histories replay the old
     * path; docs/operating.md "Upgrading"). New runs use trackListedStatusChanges and readDueOrderStatuses.
     * What Kaspi now says about every order kaspi-sync is watching (held, reserved, accepted, completed,
     * returning). Recent orders are found with list calls over the tracking window; older ones (or ones
     * from the seed, whose creation date is unknown) and ones RESERVED or HELD are read one by one, so none
     * is forgotten. Delivered orders are followed only for the tracking window after delivery (openOrders).
     */
    async findStatusChanges(trackingDays: number): Promise<KaspiStatusChange[]> {
      const watched = await openOrders(db, trackingDays, now());
      if (watched.length === 0) return [];
      const byId = new Map(watched.map((o) => [o.orderId, o]));
      const windowStart = now() - trackingDays * DAY_MS;
      // A loop, not Math.min(...rows): spreading ~150k rows into arguments overflows the stack.
      let oldest = Number.POSITIVE_INFINITY;
      for (const o of watched) oldest = Math.min(oldest, o.kaspiCreatedAt ?? 0);
      const listFrom = Math.max(windowStart, oldest - DAY_MS);
      const seen = new Map<string, KaspiOrder>();
      await kaspiStep(() =>
        reportingAuthFailures('looking for cancellations and returns', async () => {
          for (const list of STATUS_LISTS) {
            for (const order of await kaspi.listOrders({ ...list, createdFrom: listFrom, createdTo: now() })) {
              if (byId.has(order.id)) seen.set(order.id, order);
            }
          }
          for (const order of watched) {
            // RESERVED and HELD orders are read directly: once accepted (by kaspi-sync with the record lost, or by
            // hand in the cabinet) they are in none of the lists above.
            const readDirectly = order.syncState === SyncState.RESERVED || order.syncState === SyncState.HELD;
            const listed = order.kaspiCreatedAt !== null && order.kaspiCreatedAt >= listFrom && !readDirectly;
            if (seen.has(order.orderId) || listed) continue;
            const current = await readOneOrder(order.orderCode, order.orderId);
            if (current) seen.set(order.orderId, current);
          }
        }),
      );
      return [...seen.values()].filter((o) => isNews(byId.get(o.id)!.syncState, o)).map(toStatusChange);
    },

    /** Applies each change in its own transaction; returns what happened, per order. */
    async applyStatusChanges(
      changes: KaspiStatusChange[],
      settings: Pick<SyncSettings, 'restockAfterHandover'>,
    ): Promise<{ orderCode: string; kaspiStatus: string; effect: StatusEffect }[]> {
      const effects = [];
      for (const change of changes) {
        const effect = await applyStatusChange(db, change, settings);
        effects.push({ orderCode: change.orderCode, kaspiStatus: change.kaspiStatus, effect });
      }
      return effects;
    },

    /** At most `limit` candidates (oldest first), so one run's waybill step stays bounded. */
    async listWaybillCandidates(limit?: number): Promise<WaybillCandidate[]> {
      return ordersAwaitingWaybill(db, limit);
    },

    /**
     * Assembles the order if needed, then stores the waybill link and PDF. While Kaspi has not produced
     * the waybill yet this fails with the retryable WaybillNotReady, and the workflow's declared retry
     * policy decides how long to wait.
     */
    async collectWaybill(candidate: WaybillCandidate, numberOfSpace: number): Promise<WaybillResult> {
      const order = await kaspiStep(() => kaspi.getOrder(candidate.orderId));
      if (!order) return { stored: false, reason: 'Kaspi does not know the order' };
      if (order.status !== 'ACCEPTED_BY_MERCHANT') return { stored: false, reason: `order is ${order.status}` };
      if (!order.assembled) {
        await kaspiStep(() => kaspi.assembleOrder({ id: order.id, code: order.code }, numberOfSpace));
        await markAssembled(db, order.id, numberOfSpace);
      }
      const url = order.kaspiDelivery?.waybill;
      if (!url) {
        // BENIGN: an expected wait, not an error worth a warning in the worker's log.
        throw ApplicationFailure.create({
          type: FailureTypes.waybillNotReady,
          message: `Kaspi has not produced the waybill of order ${order.code} yet`,
          category: ApplicationFailureCategory.BENIGN,
        });
      }
      const pdf = await kaspiStep(() => kaspi.downloadWaybill(url));
      await storeWaybill(db, order.id, { url, number: order.kaspiDelivery?.waybillNumber ?? null, pdf });
      return { stored: true, waybillNumber: order.kaspiDelivery?.waybillNumber ?? null };
    },
  };
  return activities;
}
