/**
 * The shop's figures, computed from the database at scrape time: they survive worker restarts, agree
 * between workers, and need no bookkeeping in the sync's code paths. Counters count rows that reached an
 * outcome (they only grow, except when rows are deleted); gauges are the state now.
 */
import type { Database } from '../platform/prisma-client.js';
import { MERCHANT_FAULT_REASONS } from '../domain/alert-conditions.js';
import { histogramFamily, type HistogramData, type MetricFamily } from './exposition.js';

const ACCEPT_LATENCY_BUCKETS = [30, 60, 120, 180, 300, 600, 1800, 3600, 10800];
const WAYBILL_LATENCY_BUCKETS = [10, 30, 60, 120, 300, 600, 1800, 3600];
const THIRTY_DAYS_MS = 30 * 24 * 3_600_000;

export async function businessMetrics(db: Database, now: number): Promise<MetricFamily[]> {
  const [outcomes, held, acceptLatency, waybillLatency, share, alerts] = await Promise.all([
    orderOutcomes(db),
    heldOrders(db, now),
    latencyHistogram(db, ACCEPT_LATENCY_BUCKETS, `SELECT extract(epoch FROM (accepted_at - kaspi_created_at))::float8 AS seconds FROM kaspi_orders WHERE accepted_at IS NOT NULL AND kaspi_created_at IS NOT NULL AND accepted_at >= kaspi_created_at`),
    latencyHistogram(db, WAYBILL_LATENCY_BUCKETS, `SELECT extract(epoch FROM (min(e."timestamp") - o.accepted_at))::float8 AS seconds FROM log_events e JOIN kaspi_orders o ON o.order_code = e.extra_data->>'orderCode' WHERE e.message = 'waybill stored' AND o.accepted_at IS NOT NULL GROUP BY o.id, o.accepted_at HAVING min(e."timestamp") >= o.accepted_at`),
    merchantFaultShare(db, now),
    alertFigures(db),
  ]);
  return [
    { name: 'kaspi_sync_orders_total', help: 'Orders that reached each outcome (from the database): accepted, held (ever), cancelled_out_of_stock (by kaspi-sync), cancelled_by_kaspi, returned.', type: 'counter', samples: Object.entries(outcomes).map(([outcome, value]) => ({ labels: { outcome }, value })) },
    { name: 'kaspi_sync_held_orders', help: 'Orders held for an operator now (sync_state HELD).', type: 'gauge', samples: [{ value: held.count }] },
    { name: 'kaspi_sync_oldest_held_order_age_seconds', help: "Age of the oldest held order since its creation on Kaspi (0 when none is held): Kaspi auto-cancels after 3 working hours, 60 minutes for Express.", type: 'gauge', samples: [{ value: held.oldestAgeSeconds }] },
    { name: 'kaspi_sync_held_order_seconds_to_auto_cancel', help: "Seconds until Kaspi's auto-cancel of the held order closest to it, as the alerts computed it (absent when no alert holds one).", type: 'gauge', samples: alerts.nearestDeadline === undefined ? [] : [{ value: Math.round((alerts.nearestDeadline - now) / 1000) }] },
    histogramFamily('kaspi_sync_order_accept_latency_seconds', 'Kaspi creation → accepted by kaspi-sync, per order.', [acceptLatency]),
    histogramFamily('kaspi_sync_waybill_latency_seconds', 'Accepted → waybill stored, per Kaspi Delivery order.', [waybillLatency]),
    { name: 'kaspi_sync_merchant_fault_cancellation_share', help: "Share of orders created in the last 30 days that were cancelled as the shop's fault (Kaspi's quality rule: above 0.05 the shop is disconnected for 7 days).", type: 'gauge', samples: [{ value: share.share }] },
    { name: 'kaspi_sync_orders_last_30_days', help: 'Orders created on Kaspi in the last 30 days, and of them cancelled as the shop\'s fault.', type: 'gauge', samples: [{ labels: { kind: 'all' }, value: share.orders }, { labels: { kind: 'merchant_fault_cancelled' }, value: share.cancelled }] },
    { name: 'kaspi_sync_alerts_firing', help: 'Alerts firing now, by condition.', type: 'gauge', samples: alerts.firing.map(({ condition, count }) => ({ labels: { condition }, value: count })) },
    { name: 'kaspi_sync_alert_deliveries_open', help: 'Alert messages not delivered yet (pending) or abandoned (given_up), by channel.', type: 'gauge', samples: alerts.deliveries.map(({ channel, state, count }) => ({ labels: { channel, state }, value: count })) },
  ];
}

async function orderOutcomes(db: Database): Promise<Record<string, number>> {
  const [row] = await db.$queryRawUnsafe<{ accepted: bigint; cancelled_out_of_stock: bigint; cancelled_by_kaspi: bigint; returned: bigint; held: bigint }[]>(`
    WITH ours AS (SELECT DISTINCT extra_data->>'orderCode' AS code FROM log_events WHERE message IN ('order cancelled on Kaspi as out of stock', 'held order cancelled on Kaspi'))
    SELECT count(*) FILTER (WHERE accepted_at IS NOT NULL) AS accepted,
           count(*) FILTER (WHERE o.order_code IN (SELECT code FROM ours)) AS cancelled_out_of_stock,
           count(*) FILTER (WHERE is_canceled IS TRUE AND o.order_code NOT IN (SELECT code FROM ours WHERE code IS NOT NULL)) AS cancelled_by_kaspi,
           count(*) FILTER (WHERE is_returned IS TRUE) AS returned,
           (SELECT count(DISTINCT extra_data->>'orderCode') FROM log_events WHERE message LIKE 'order held:%') AS held
      FROM kaspi_orders o`);
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

async function heldOrders(db: Database, now: number): Promise<{ count: number; oldestAgeSeconds: number }> {
  const [count, oldest] = await Promise.all([
    db.kaspiOrder.count({ where: { syncState: 'HELD' } }),
    db.kaspiOrder.findFirst({ where: { syncState: 'HELD' }, orderBy: [{ kaspiCreatedAt: 'asc' }], select: { kaspiCreatedAt: true, createdAt: true } }),
  ]);
  const since = oldest ? (oldest.kaspiCreatedAt ?? oldest.createdAt).getTime() : now;
  return { count, oldestAgeSeconds: Math.max(0, Math.round((now - since) / 1000)) };
}

async function latencyHistogram(db: Database, buckets: number[], secondsQuery: string): Promise<HistogramData> {
  const columns = buckets.map((le, i) => `count(*) FILTER (WHERE seconds <= ${le}) AS b${i}`).join(', ');
  const [row] = await db.$queryRawUnsafe<Record<string, bigint | number | null>[]>(`SELECT ${columns}, count(*) AS total, coalesce(sum(seconds), 0)::float8 AS sum FROM (${secondsQuery}) s`);
  return { buckets: buckets.map((le, i) => ({ le, count: Number(row![`b${i}`]) })), count: Number(row!.total), sum: Number(row!.sum) };
}

/** Kaspi's quality rule over orders created in the last 30 days. */
export async function merchantFaultShare(db: Database, now: number): Promise<{ share: number; cancelled: number; orders: number }> {
  const since = new Date(now - THIRTY_DAYS_MS);
  const [orders, cancelled] = await Promise.all([
    db.kaspiOrder.count({ where: { kaspiCreatedAt: { gte: since } } }),
    db.kaspiOrder.count({ where: { kaspiCreatedAt: { gte: since }, cancellationReason: { in: [...MERCHANT_FAULT_REASONS] } } }),
  ]);
  return { share: orders === 0 ? 0 : cancelled / orders, cancelled, orders };
}

async function alertFigures(db: Database) {
  const [firing, deliveries, held] = await Promise.all([
    db.alert.groupBy({ by: ['condition'], where: { state: 'FIRING' }, _count: { _all: true } }),
    db.$queryRawUnsafe<{ channel: string; state: string; count: bigint }[]>(`SELECT channel, CASE WHEN given_up_at IS NULL THEN 'pending' ELSE 'given_up' END AS state, count(*) AS count FROM alert_deliveries WHERE delivered_at IS NULL GROUP BY 1, 2`),
    db.$queryRawUnsafe<{ deadline: number | null }[]>(`SELECT min((facts->>'deadline')::float8) AS deadline FROM alerts WHERE condition = 'order_held' AND state = 'FIRING'`),
  ]);
  return {
    firing: firing.map((row) => ({ condition: row.condition, count: row._count._all })),
    deliveries: deliveries.map((row) => ({ channel: row.channel, state: row.state, count: Number(row.count) })),
    nearestDeadline: held[0]?.deadline ?? undefined,
  };
}
