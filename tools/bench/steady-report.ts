/**
 * Output of `npm run bench -- --steady`: one JSON object (the result plus the machine), or a short text
 * summary of the same figures.
 */
import { machine } from './report.js';
import type { SteadyResult } from './steady-state.js';

export function steadyJson(result: SteadyResult): string {
  return JSON.stringify({ ...result, machine: machine() }, null, 2);
}

export function steadyText(r: SteadyResult): string {
  const kinds = Object.entries(r.requests.byKind).map(([kind, n]) => `  ${String(n).padStart(6)}  ${kind}`);
  const missed = r.statusChanges.missedOrders.map((m) => `  ! ${m.kind} ${m.orderCode}: left ${m.syncState ?? 'unrecorded'}`);
  const m = machine();
  return [
    `Steady state: ${r.shopOrders} shop orders, ${r.latencyMs} ms latency, Kaspi client ${r.kaspiClientLimits.concurrent} concurrent / ${r.kaspiClientLimits.perSecond} req/s (${r.kaspiClientLimits.source})`,
    ...(r.complete ? [] : ['! INCOMPLETE: the run hit the cap and was terminated']),
    `Run: ${r.runSeconds} s from start to result; setup ${r.setupSeconds.total} s.`,
    `Kaspi requests: ${r.requests.total} — tracking ${r.requests.byPurpose.tracking}, intake ${r.requests.byPurpose.intake}, waybill ${r.requests.byPurpose.waybill}, other ${r.requests.byPurpose.other}`,
    ...kinds,
    `Status changes missed: ${r.missedStatusChanges} of ${Object.values(r.statusChanges.expected).reduce((a, b) => a + b, 0)}`,
    ...missed,
    `Intake: ${r.intake.accepted}/${r.intake.newOrders} new orders accepted; start → accepted p95 ${r.intake.startToAcceptP95Seconds ?? '—'} s; latency p95 ${r.intakeLatencyP95Seconds ?? '—'} s = ${r.intakeLatencyMethod}`,
    `Cores during the run, temporal/pg/worker/bench/other: ${[r.cpuCores.temporal, r.cpuCores.postgres, r.cpuCores.worker, r.cpuCores.benchAndSandbox, r.cpuCores.otherProcesses].join('/')}`,
    `Ledger rows disagreeing with stock after the run: ${r.ledgerMismatches}. Database statements in the run: ${r.dbStatements}.`,
    `Code: ${r.code.commit ?? 'unknown'}${r.code.designFilesChanged ? ` with ${r.code.designFilesChanged} uncommitted design files` : ''}. Machine: ${m.cores} cores (${m.cpu}), Node ${m.node}.`,
  ].join('\n');
}
