/**
 * What is true now, for each alert condition (domain/alert-conditions.ts): held orders and their deadlines
 * and waybills from the database, Kaspi's reachability and the token from this process's Kaspi requests and
 * log_events, the sync runs from Temporal. A source that cannot be read is left out of `evaluated`, so its
 * alerts neither fire nor resolve on a guess.
 */
import type { Database } from '../platform/prisma-client.js';
import type { KaspiClient } from '../kaspi/index.js';
import type { AlertThresholds } from '../platform/alert-config.js';
import { acceptanceDeadline, minutesLeft } from '../domain/acceptance-deadline.js';
import { AlertConditions, cancellationShareObservations, type HeldOrderFacts, type Observation } from '../domain/alert-conditions.js';
import type { Evaluation } from '../domain/alert-state.js';
import type { KaspiRequestMonitor } from '../monitoring/kaspi-requests.js';
import type { SyncRunHistory } from '../monitoring/sync-run-history.js';
import { merchantFaultShare } from '../monitoring/business-metrics.js';

export interface ObservationSources {
  db: Database;
  thresholds: AlertThresholds;
  kaspiRequests: KaspiRequestMonitor;
  runs?: Pick<SyncRunHistory, 'observe'>;
  /** Reads a newly held order once, for Kaspi's Express flag (not stored in kaspi_orders). */
  kaspi?: Pick<KaspiClient, 'getOrder'>;
}

/** A token rejection older than this without a new one counts as cleared (runs repeat every few minutes). */
const TOKEN_REJECTION_WINDOW_MS = 15 * 60_000;

export async function observeAll(sources: ObservationSources, now: number, knownExpress: ReadonlyMap<string, boolean>): Promise<Evaluation> {
  const observations: Observation[] = [];
  const evaluated = new Set<string>();
  const read = async (conditions: string[], source: () => Promise<Observation[]>) => {
    try {
      observations.push(...(await source()));
      for (const condition of conditions) evaluated.add(condition);
    } catch {
      // Unreadable now: these alerts stay as they are until the next evaluation can read the source.
    }
  };
  await read([AlertConditions.orderHeld, AlertConditions.heldDeadlineNear], () => heldOrders(sources, now, knownExpress));
  await read([AlertConditions.waybillMissing], () => waybillsMissing(sources.db, now, sources.thresholds.waybillMinutes));
  await read([AlertConditions.cancellationShareWarning, AlertConditions.cancellationShareCritical], async () => {
    const { cancelled, orders } = await merchantFaultShare(sources.db, now);
    return cancellationShareObservations(cancelled, orders);
  });
  await read([AlertConditions.tokenRejected], () => tokenRejected(sources, now));
  await read([AlertConditions.kaspiUnreachable], async () => kaspiUnreachable(sources, now));
  await read([AlertConditions.priceListRefused], () => priceListRefused(sources.db));
  if (sources.runs) await read([AlertConditions.syncStepFailing, AlertConditions.scheduleMissingTicks], () => syncRuns(sources.runs!, sources.thresholds, now));
  return { observations, evaluated };
}

async function heldOrders(sources: ObservationSources, now: number, knownExpress: ReadonlyMap<string, boolean>): Promise<Observation[]> {
  const held = await sources.db.kaspiOrder.findMany({
    where: { syncState: 'HELD' },
    select: { orderId: true, orderCode: true, stockName: true, holdReason: true, holdCause: true, kaspiCreatedAt: true, createdAt: true },
    orderBy: { kaspiCreatedAt: 'asc' },
    take: 500,
  });
  const observations: Observation[] = [];
  for (const order of held) {
    const express = knownExpress.get(order.orderCode) ?? (await expressOnKaspi(sources.kaspi, order.orderId));
    // An order someone accepted in the cabinet (hold_cause set) has no acceptance deadline any more.
    const deadline = order.holdCause ? undefined : acceptanceDeadline((order.kaspiCreatedAt ?? order.createdAt).getTime(), express ?? true, sources.thresholds.workingHours);
    const facts: HeldOrderFacts = {
      orderCode: order.orderCode,
      reason: (order.holdReason ?? 'held').slice(0, 300),
      warehouse: order.stockName,
      // Unknown (Kaspi unreadable) counts as Express: the earlier deadline is the safe one to warn about.
      express: express ?? true,
      ...(deadline === undefined ? {} : { deadline, minutesLeft: minutesLeft(deadline, now) }),
    };
    observations.push({ condition: AlertConditions.orderHeld, subject: order.orderCode, facts });
    if (deadline !== undefined && minutesLeft(deadline, now) <= sources.thresholds.deadlineWarningMinutes) {
      observations.push({ condition: AlertConditions.heldDeadlineNear, subject: order.orderCode, facts });
    }
  }
  return observations;
}

async function expressOnKaspi(kaspi: ObservationSources['kaspi'], orderId: string): Promise<boolean | undefined> {
  if (!kaspi) return undefined;
  try {
    return (await kaspi.getOrder(orderId))?.express;
  } catch {
    return undefined;
  }
}

async function waybillsMissing(db: Database, now: number, minutes: number): Promise<Observation[]> {
  const orders = await db.kaspiOrder.findMany({
    where: {
      syncState: 'ACCEPTED',
      isKaspiDelivery: true,
      assembled: true,
      invoiceGenerated: { not: true },
      waybillPdf: null,
      handedOverAt: null,
      acceptedAt: { lte: new Date(now - minutes * 60_000), gte: new Date(now - 3 * 24 * 3_600_000) },
    },
    select: { orderCode: true, stockName: true, acceptedAt: true },
    take: 200,
  });
  return orders.map((o) => ({ condition: AlertConditions.waybillMissing, subject: o.orderCode, facts: { orderCode: o.orderCode, warehouse: o.stockName, minutesSinceAccepted: Math.floor((now - o.acceptedAt!.getTime()) / 60_000) } }));
}

async function tokenRejected(sources: ObservationSources, now: number): Promise<Observation[]> {
  // log_events' timestamps are written in the database's time zone: compare there, take only the age.
  const [row] = await sources.db.$queryRawUnsafe<{ age: number | null; message: string | null }[]>(
    `SELECT extract(epoch FROM (localtimestamp - "timestamp"))::float8 AS age, message FROM log_events WHERE message LIKE 'Kaspi rejected the API token%' ORDER BY id DESC LIMIT 1`,
  );
  const fromLog = row?.age == null ? undefined : now - row.age * 1000;
  const reachability = sources.kaspiRequests.reachability();
  const rejectedAt = Math.max(fromLog ?? -Infinity, reachability.tokenRejectedAt ?? -Infinity);
  if (!Number.isFinite(rejectedAt) || now - rejectedAt > TOKEN_REJECTION_WINDOW_MS) return [];
  if ((reachability.lastUsableAnswerAt ?? -Infinity) > rejectedAt) return [];
  const step = row?.message?.replace('Kaspi rejected the API token during ', '') ?? 'a Kaspi request';
  return [{ condition: AlertConditions.tokenRejected, subject: 'kaspi', facts: { step, at: rejectedAt } }];
}

/** Refused while the newest price-list event is a refusal (activities/price-list-activities.ts writes one per reason). */
async function priceListRefused(db: Database): Promise<Observation[]> {
  const newest = await db.logEvent.findFirst({ where: { OR: [{ message: { startsWith: 'price list refused' } }, { message: { startsWith: 'price list published' } }] }, orderBy: { id: 'desc' }, select: { message: true } });
  if (!newest?.message.startsWith('price list refused')) return [];
  return [{ condition: AlertConditions.priceListRefused, subject: 'price-list', facts: { reason: newest.message.replace(/^price list refused: /, '').slice(0, 300) } }];
}

function kaspiUnreachable(sources: ObservationSources, now: number): Observation[] {
  const { unreachableSince, lastProblem } = sources.kaspiRequests.reachability();
  if (unreachableSince === undefined) return [];
  const minutes = Math.floor((now - unreachableSince) / 60_000);
  if (minutes < sources.thresholds.kaspiUnreachableMinutes) return [];
  return [{ condition: AlertConditions.kaspiUnreachable, subject: 'kaspi', facts: { minutes, lastProblem: lastProblem ?? 'no answer' } }];
}

async function syncRuns(runs: Pick<SyncRunHistory, 'observe'>, thresholds: AlertThresholds, now: number): Promise<Observation[]> {
  const schedule = await runs.observe();
  if (!schedule) return [];
  const observations: Observation[] = [];
  const closed = schedule.runs.filter((run) => run.closedAt !== undefined).reverse();
  for (const step of ['intake', 'tracking', 'waybills', 'run']) {
    // A run that failed as a whole says nothing about its steps: it counts for `run` only.
    const relevant = step === 'run' ? closed : closed.filter((run) => !run.failedSteps.includes('run'));
    let inARow = 0;
    for (const run of relevant) {
      if (!run.failedSteps.includes(step)) break;
      inARow++;
    }
    if (inARow >= thresholds.failedRuns) {
      observations.push({ condition: AlertConditions.syncStepFailing, subject: step, facts: { step, runs: inARow, ...(relevant[0]?.firstError ? { lastError: relevant[0].firstError } : {}) } });
    }
  }
  const last = schedule.runs.at(-1)?.scheduledAt ?? schedule.createdAt;
  if (!schedule.paused && schedule.intervalMs && now - last >= thresholds.missedTicks * schedule.intervalMs) {
    observations.push({ condition: AlertConditions.scheduleMissingTicks, subject: schedule.scheduleId, facts: { scheduleId: schedule.scheduleId, minutesSinceLastRun: Math.floor((now - last) / 60_000), intervalMinutes: Math.round(schedule.intervalMs / 60_000) } });
  }
  return observations;
}
