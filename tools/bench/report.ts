/**
 * Human and JSON output of the benchmark. JSON: the one result's object for a single measurement, or
 * `{ mode, results: [...] }` for --scale and --sweep.
 */
import os from 'node:os';
import type { BenchOptions } from './options.js';
import type { BenchResult } from './run-once.js';

export function machine(): { cores: number; memoryGb: number; node: string; cpu: string } {
  return {
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
  };
}

export function toJson(options: BenchOptions, results: BenchResult[]): string {
  const body = options.mode === 'single' ? { ...results[0], machine: machine() } : { mode: options.mode, machine: machine(), results };
  return JSON.stringify(body, null, 2);
}

const show = (value: number | null, suffix = '') => (value === null ? '—' : `${value}${suffix}`);

const COLUMNS: [string, (r: BenchResult) => string][] = [
  ['orders', (r) => String(r.orders)],
  ['latency', (r) => `${r.latencyMs} ms`],
  ['in flight', (r) => String(r.inFlight)],
  ['accepted after', (r) => show(r.drainAcceptedSeconds, ' s')],
  ['assembled after', (r) => show(r.drainAssembledSeconds, ' s')],
  ['orders/s', (r) => show(r.ordersPerSecond)],
  ['Kaspi req/order', (r) => String(r.kaspiRequestsPerOrder)],
  ['DB stmts/order', (r) => String(r.dbStatementsPerOrder)],
  ['worker RSS peak (in sync)', (r) => `${r.workerPeakRssMb} MB (${r.workerSyncPeakRssMb})`],
  ['events/child', (r) => `${r.historyEventsPerChild} (max ${r.historyEventsPerChildMax})`],
  ['events parent', (r) => String(r.historyEventsParent)],
  ['children running mean/peak', (r) => `${r.parent.meanChildrenRunning}/${r.parent.peakChildrenRunning}`],
  ['cores temporal/pg/worker/bench/other', (r) => [r.cpuCores.temporal, r.cpuCores.postgres, r.cpuCores.worker, r.cpuCores.benchAndSandbox, r.cpuCores.otherProcesses].join('/')],
];

export function toTable(results: BenchResult[]): string {
  const rows = [COLUMNS.map(([title]) => title), ...results.map((r) => COLUMNS.map(([, cell]) => cell(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const notes = results.flatMap((r) => [
    ...(r.complete ? [] : [`! ${r.orders} orders / in flight ${r.inFlight}: INCOMPLETE — ${r.accepted} accepted, ${r.assembled}/${r.kaspiDeliveryOrders} assembled when the cap was reached`]),
    ...(r.ordersWithoutWorkflow.length > 0 ? [`! ${r.orders} orders: ${r.ordersWithoutWorkflow.length} sampled orders have no order workflow (${r.ordersWithoutWorkflow.slice(0, 5).join(', ')})`] : []),
    ...(r.summaryErrors > 0 ? [`! ${r.orders} orders / in flight ${r.inFlight}: the sync run reported ${r.summaryErrors} errors`] : []),
  ]);
  return [line(rows[0]), rule, ...rows.slice(1).map(line), ...notes].join('\n');
}

/** Where one order's Kaspi requests and database statements go (single measurements only). */
export function toBreakdown(result: BenchResult): string {
  const perOrder = (n: number) => (n / result.orders).toFixed(2);
  const kaspi = Object.entries(result.kaspiRequestsByKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `  ${perOrder(n).padStart(6)}  ${kind}`);
  const db = result.topStatements.map((s) => `  ${perOrder(s.calls).padStart(6)}  ${s.query}`);
  const m = machine();
  return [
    `Kaspi requests per order, by kind (sync run incl. listing and waybills):`,
    ...kaspi,
    `Kaspi requests per order, by step: ${Object.entries(result.kaspiRequestsPerOrderByStep).map(([step, n]) => `${step} ${n}`).join(', ')}`,
    `Database statements per order, most frequent first (pg_stat_statements; BEGIN/COMMIT included):`,
    ...db,
    `Orders accepted per 10 s from the start: ${result.acceptedPer10s.join(' ')}`,
    `Worker resident set: ${result.workerIdleRssMb} MB idle before the sync, ${result.workerSyncPeakRssMb} MB peak during it, ${result.workerPeakRssMb} MB lifetime peak.`,
    `Parent: ${result.parent.workflowTasks} workflow tasks, ${result.parent.meanWorkflowTaskMs} ms each from scheduled to completed.`,
    `Sync run incl. waybill phase: ${result.syncSeconds} s. Client limits: ${result.kaspiConcurrency} concurrent, ${result.kaspiRps} req/s.`,
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GiB, Node ${m.node}.`,
  ].join('\n');
}
