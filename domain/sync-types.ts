/**
 * Data that crosses workflow/activity boundaries and is therefore stored in Temporal histories.
 * Deliberately free of customer data (names, phones, addresses): those stay in Kaspi and the database.
 */
import type { RunSettings, SyncSettings } from './sync-settings.js';

/** A NEW / APPROVED_BY_BANK order as the parent found it. */
export interface NewOrderRef {
  orderId: string;
  orderCode: string;
  pickupPointId: string | null;
  isKaspiDelivery: boolean;
  express: boolean;
  creationDate: number;
  /** Already accepted on Kaspi (e.g. by hand in the cabinet) but not yet recorded by kaspi-sync. */
  acceptedOnKaspi?: boolean;
  /** Listed in SIGN_REQUIRED before acceptance: a credit order waiting for the buyer's signature. */
  awaitingSignature?: boolean;
}

/**
 * The order workflow's code revision a run starts new orders on (workflows/process-order.ts). A change to what
 * the order workflow does gets a new value, and the code it replaces is frozen for the histories started on it —
 * so a new order's history carries no patch markers (docs/operating.md "Upgrading").
 */
export const ORDER_WORKFLOW_REVISION = '2026-12-03';

export interface ProcessOrderInput {
  order: NewOrderRef;
  /** Which code the order runs (ORDER_WORKFLOW_REVISION when started); absent in histories up to 2026-12-02. */
  revision?: string;
  /** Complete settings from the run that started the order (older histories and hand starts: partial). */
  settings?: Partial<RunSettings>;
  /** Set when a held order's workflow continued as new: the wait goes on where the previous run left it. */
  continuedHold?: ContinuedHold;
}

export interface ContinuedHold {
  /** Epoch ms at which the order stops being re-checked (from the first run). */
  giveUpAt: number;
  /** Re-checks made so far, over all runs. */
  attempts: number;
  /** The reason it was held when it continued (memo and search attribute already say it). */
  reason: string;
}

export type OrderOutcome =
  | 'ACCEPTED'
  | 'HELD'
  | 'CANCELLED_OUT_OF_STOCK'
  | 'CANCELLED_BY_KASPI'
  | 'ALREADY_PROCESSED';

export interface OrderResult {
  orderCode: string;
  outcome: OrderOutcome;
  reason?: string;
  warehouse?: string | null;
  assembled?: boolean;
  /** The order's own workflow stored its waybill (Kaspi Delivery, waybill capture). */
  waybillStored?: boolean;
}

export interface OrderLineSummary {
  sku: string | null;
  quantity: number;
}

/** Result of the reservation step: all lines reserved, or nothing changed and why. */
export type ReservationResult =
  /** awaitingGoods: a pre-order accepted without stock on hand (taken when its goods arrive). */
  | { kind: 'reserved'; warehouse: string; lines: OrderLineSummary[]; awaitingGoods?: boolean }
  | { kind: 'held'; reason: string; warehouse: string | null; shortages?: Shortage[]; outOfStock: boolean }
  | { kind: 'not-new'; kaspiStatus: string }
  | { kind: 'already-processed'; syncState: string };

export interface Shortage {
  sku: string;
  wanted: number;
  available: number;
}

/** 'awaiting-signature': a credit order Kaspi will not let be accepted before the buyer signs (SIGN_REQUIRED). */
export type AcceptResult = 'accepted' | 'cancelled-on-kaspi' | 'awaiting-signature';
/**
 * 'not-cancelled': Kaspi shows the order accepted (e.g. by hand), so it is held instead of cancelled;
 * 'cancelled-by-kaspi': the buyer or Kaspi cancelled it first.
 */
export type OutOfStockCancelResult = 'cancelled' | 'not-cancelled' | 'cancelled-by-kaspi';

/** What Kaspi now says about an order kaspi-sync is watching. */
export interface KaspiStatusChange {
  orderId: string;
  orderCode: string;
  kaspiState: string;
  kaspiStatus: string;
  handedOver: boolean;
  returnedToWarehouse: boolean;
  cancellationReason: string | null;
}

export type StatusEffect =
  | 'none'
  | 'accepted'
  | 'closed'
  | 'cancelled-unreserved'
  | 'returning'
  | 'restocked';

export interface SyncWindow {
  /** Epoch ms; default: now − newOrderLookbackDays. */
  createdFrom?: number;
  createdTo?: number;
}

export interface SyncInput {
  settings?: Partial<SyncSettings>;
  window?: SyncWindow;
  /**
   * Take stock for orders someone accepted outside kaspi-sync (created after the cut-over) that kaspi-sync has
   * not recorded. Default: yes within newOrderLookbackDays; a window reaching further back lists only new
   * orders unless this is true (`sync run --from … --take-stock-for-accepted`), so a look into the past never
   * takes stock for weeks of goods already shipped.
   */
  takeStockForAccepted?: boolean;
}

/** What intake lists: a window of creation dates, and whether orders accepted elsewhere are taken too. */
export interface IntakeRequest extends Required<SyncWindow> {
  takeStockForAccepted?: boolean;
}

/** A list element that failed validation, as the run summary shows it (no customer data: ids and a rule). */
export interface RejectedListEntry {
  orderId: string | null;
  orderCode: string | null;
  problem: string;
  list: string;
}

/** What one status-tracking activity did. Counts are complete; the named lists are capped. */
export interface TrackingResult {
  listsRead: number;
  listedOrders: number;
  ordersRead: number;
  effects: Record<StatusEffect, number>;
  /** Orders this step ended (restocked, returning, cancelled while held): a workflow still running for one is told. */
  endedOrders: { orderCode: string; kaspiStatus: string }[];
  rejectedCount: number;
  rejected: RejectedListEntry[];
  flaggedCount: number;
  flagged: { orderCode: string; reason: string }[];
  /** Reads that failed transiently; those orders are read again by a later run. */
  deferred: number;
  /** Optional lists Kaspi refused to filter on (see TRACKING_LISTS). */
  skippedLists: string[];
  /** More orders were due than this call read. */
  moreDue: boolean;
}

export function emptyTrackingResult(): TrackingResult {
  return {
    listsRead: 0, listedOrders: 0, ordersRead: 0,
    effects: { none: 0, accepted: 0, closed: 0, 'cancelled-unreserved': 0, returning: 0, restocked: 0 },
    endedOrders: [], rejectedCount: 0, rejected: [], flaggedCount: 0, flagged: [], deferred: 0, skippedLists: [], moreDue: false,
  };
}

/** New orders found by intake, and the list elements it had to set aside. */
export interface NewOrdersFound {
  orders: NewOrderRef[];
  rejectedCount: number;
  rejected: RejectedListEntry[];
}

/** A run is DEGRADED when one of its steps (intake, tracking, waybills) failed: its work was not done. */
export type RunHealth = 'OK' | 'DEGRADED';

export interface SyncSummary {
  /** live, or shadow: nothing was changed, `shadow` says what would have been (absent on older runs: live). */
  mode?: 'live' | 'shadow';
  /** Shadow runs: decisions recorded in shadow_decisions, by action (ACCEPT, HOLD, ASSEMBLE, …). */
  shadow?: Record<string, number>;
  statusChangesSeen: number;
  cancelled: number;
  restocked: number;
  returning: number;
  completed: number;
  newOrdersSeen: number;
  ordersStarted: number;
  alreadyInProgress: number;
  accepted: number;
  held: number;
  cancelledOutOfStock: number;
  cancelledBeforeAccept: number;
  alreadyProcessed: number;
  waybillsStored: number;
  waybillsPending: number;
  errors: { orderCode?: string; step: string; message: string }[];
  /** Set by runs of the steady-state design (absent in summaries of earlier runs). */
  health?: RunHealth;
  /** Steps that failed in this run: `intake`, `tracking`, `waybills`. */
  failedSteps?: string[];
  /** Orders read on their own by status tracking, reads left to a later run, and orders flagged by it. */
  statusReads?: number;
  statusReadsDeferred?: number;
  statusProblems?: { orderCode: string; reason: string }[];
  /** Malformed list elements set aside (intake and tracking), with the first few named. */
  rejectedElements?: number;
  rejected?: RejectedListEntry[];
  /** Orders whose workflow had not reached a known outcome when the run's time budget ran out (they go on). */
  stillInFlight?: number;
  /** Listed new orders not started because the time budget ran out: the next run takes them. */
  ordersDeferred?: number;
  /** Kaspi tracking lists this run read, and lists skipped because Kaspi refused their filter. */
  trackingListsRead?: number;
  trackingListsSkipped?: string[];
}

export function emptySummary(): SyncSummary {
  return {
    statusChangesSeen: 0, cancelled: 0, restocked: 0, returning: 0, completed: 0,
    newOrdersSeen: 0, ordersStarted: 0, alreadyInProgress: 0, accepted: 0, held: 0,
    cancelledOutOfStock: 0, cancelledBeforeAccept: 0, alreadyProcessed: 0,
    waybillsStored: 0, waybillsPending: 0, errors: [],
  };
}

export interface WaybillCandidate {
  orderId: string;
  orderCode: string;
  assembled: boolean;
}

export type WaybillResult = { stored: true; waybillNumber: string | null } | { stored: false; reason: string };
