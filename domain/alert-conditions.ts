/**
 * The conditions kaspi-sync alerts on, and the facts each message carries. An observation says "this
 * condition holds for this subject now"; domain/alert-state.ts turns observations into fired, reminder and
 * resolved messages. Facts are figures and codes only — never a token, a secret or customer data.
 */

export const AlertConditions = {
  /** An order waits for an operator (out of stock, unknown SKU or warehouse, …) while Kaspi's clock runs. */
  orderHeld: 'order_held',
  /** A held order close to Kaspi's auto-cancel (as the shop's fault). */
  heldDeadlineNear: 'held_deadline_near',
  /** An assembled Kaspi Delivery order still without its waybill. */
  waybillMissing: 'waybill_missing',
  /** Kaspi answered 401: nothing syncs until the token is replaced. */
  tokenRejected: 'token_rejected',
  /** A step of the sync run (intake, tracking, waybills, or the whole run) failed in K runs in a row. */
  syncStepFailing: 'sync_step_failing',
  /** The schedule started no run for several intervals while not paused. */
  scheduleMissingTicks: 'schedule_missing_ticks',
  /** No usable answer from Kaspi for M minutes. */
  kaspiUnreachable: 'kaspi_unreachable',
  /** Merchant-fault cancellations over 30 days at or above 3 % (Kaspi disconnects above 5 %). */
  cancellationShareWarning: 'cancellation_share_warning',
  cancellationShareCritical: 'cancellation_share_critical',
  /** The newest price list was refused by a guardrail: Kaspi keeps selling by the previous one. */
  priceListRefused: 'price_list_refused',
} as const;

export type AlertCondition = (typeof AlertConditions)[keyof typeof AlertConditions];

/** The daily summary travels through the same outbox and channels, but is not a condition. */
export const DAILY_SUMMARY = 'daily_summary';

export interface HeldOrderFacts {
  orderCode: string;
  reason: string;
  warehouse: string;
  express: boolean;
  /** Epoch ms of Kaspi's auto-cancel; absent when Kaspi's creation time is unknown. */
  deadline?: number;
  minutesLeft?: number;
}

export interface WaybillFacts { orderCode: string; warehouse: string; minutesSinceAccepted: number }
export interface TokenFacts { step: string; at: number }
export interface SyncStepFacts { step: string; runs: number; lastError?: string }
export interface ScheduleFacts { scheduleId: string; minutesSinceLastRun: number; intervalMinutes: number }
export interface UnreachableFacts { minutes: number; lastProblem: string }
export interface PriceListFacts { reason: string }
export interface CancellationShareFacts { share: number; cancelled: number; orders: number; threshold: number }
export interface DailySummaryFacts {
  date: string;
  accepted: number;
  held: number;
  cancelled: number;
  share: number;
  waybillsMissing: number;
}

export type AlertFacts = HeldOrderFacts | WaybillFacts | TokenFacts | SyncStepFacts | ScheduleFacts | UnreachableFacts | CancellationShareFacts | PriceListFacts | DailySummaryFacts;

export interface Observation {
  condition: AlertCondition;
  subject: string;
  facts: AlertFacts;
}

/** Kaspi cancellation reasons that count against the shop in Kaspi's quality rule. */
export const MERCHANT_FAULT_REASONS: readonly string[] = ['MERCHANT_OUT_OF_STOCK', 'TIMEOUT_MERCHANT_DELIVERY'];

export const CANCELLATION_SHARE_WARNING = 0.03;
export const CANCELLATION_SHARE_CRITICAL = 0.05;

export function cancellationShareObservations(cancelled: number, orders: number): Observation[] {
  const share = orders === 0 ? 0 : cancelled / orders;
  const facts = (threshold: number): CancellationShareFacts => ({ share, cancelled, orders, threshold });
  return [
    ...(share >= CANCELLATION_SHARE_WARNING ? [{ condition: AlertConditions.cancellationShareWarning, subject: 'shop', facts: facts(CANCELLATION_SHARE_WARNING) }] : []),
    ...(share >= CANCELLATION_SHARE_CRITICAL ? [{ condition: AlertConditions.cancellationShareCritical, subject: 'shop', facts: facts(CANCELLATION_SHARE_CRITICAL) }] : []),
  ];
}

/** Orders carry their code as subject: a message names the order the operator acts on. */
export function orderCodeOf(condition: string, subject: string): string | undefined {
  return condition === AlertConditions.orderHeld || condition === AlertConditions.heldDeadlineNear || condition === AlertConditions.waybillMissing ? subject : undefined;
}
