/**
 * Intake latency of the batch's NEW orders. One run can only show how long an order waits once the run has
 * started (run start → kaspi_orders.accepted_at); before that it waits for the schedule, up to one interval.
 * So the figure is derived: the schedule interval (read from the codebase's configuration at run time, as
 * the schedule would get it) plus the measured p95 of start → accepted. The order that arrives just after
 * a run started waits the whole interval, and then about as long as the orders of this run did.
 */
import { scheduleSettingsFromEnv } from '../../platform/config.js';
import type { BenchPostgres } from './postgres.js';
import type { NewOrder } from './steady-batch.js';

export const INTAKE_LATENCY_METHOD = 'schedule interval + p95 of (run start → accepted_at) over the new orders';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export interface ScheduleInterval {
  setting: string;
  seconds: number;
  /** SYNC_INTERVAL when the bench's environment sets it, else the default in platform/config.ts. */
  source: string;
}

export function scheduleInterval(env: NodeJS.ProcessEnv = process.env): ScheduleInterval {
  const fromEnv = env.SYNC_INTERVAL?.trim();
  const { interval } = scheduleSettingsFromEnv(fromEnv ? { SYNC_INTERVAL: fromEnv } : {});
  const match = /^(\d+)(s|m|h|d)$/.exec(interval);
  if (!match) throw new Error(`cannot read the schedule interval "${interval}"`);
  return { setting: interval, seconds: Number(match[1]) * UNIT_SECONDS[match[2]], source: fromEnv ? 'SYNC_INTERVAL' : 'platform/config.ts default' };
}

export interface IntakeLatency {
  newOrders: number;
  accepted: number;
  startToAcceptP95Seconds: number | null;
  startToAcceptMaxSeconds: number | null;
  /** Creation (spread over the interval before the run) → accepted_at: what this one run's orders waited. */
  creationToAcceptP95Seconds: number | null;
}

/** Nearest-rank percentile; an order never accepted counts as waiting for ever (the result is then null). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return Number.isFinite(value) ? value : null;
}

export async function intakeLatency(postgres: BenchPostgres, database: string, newOrders: NewOrder[], startedAt: number): Promise<IntakeLatency> {
  const rows = await postgres.query<{ order_id: string; accepted: string | null }>(
    // accepted_at is written as UTC without time zone, so EPOCH reads it as UTC (as in measure-database.ts).
    `SELECT order_id, EXTRACT(EPOCH FROM accepted_at) * 1000 AS accepted FROM kaspi_orders
      WHERE order_id = ANY($1) AND sync_state IN ('ACCEPTED', 'COMPLETED') AND accepted_at IS NOT NULL`,
    [newOrders.map((o) => o.orderId)],
    database,
  );
  const acceptedAt = new Map(rows.map((r) => [r.order_id, Number(r.accepted)]));
  const wait = (from: (o: NewOrder) => number) => newOrders.map((o) => (acceptedAt.has(o.orderId) ? (acceptedAt.get(o.orderId)! - from(o)) / 1000 : Infinity));
  const fromStart = wait(() => startedAt);
  const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
  return {
    newOrders: newOrders.length,
    accepted: acceptedAt.size,
    startToAcceptP95Seconds: round(percentile(fromStart, 95)),
    startToAcceptMaxSeconds: round(percentile(fromStart, 100)),
    creationToAcceptP95Seconds: round(percentile(wait((o) => o.creationDate), 95)),
  };
}
