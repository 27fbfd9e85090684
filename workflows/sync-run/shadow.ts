/**
 * A shadow run's work after intake: every new order judged as live mode would judge it (Express first, in
 * batches), then Kaspi's cancellation and return lists read as status tracking reads them. Decisions go to
 * shadow_decisions; nothing is POSTed, no stock or order row changes (activities/shadow-activities.ts).
 */
import type { NewOrderRef } from '../../domain/sync-types.js';
import { shadowSteps } from '../activity-proxies.js';
import { intakeOrder } from './intake.js';
import { stepFailed, timeLeft, type RunContext } from './run-context.js';

/** Orders judged per activity: one rolled-back transaction each, so later orders see earlier ones' stock. */
const SHADOW_BATCH = 20;

export async function decideInShadow(run: RunContext, orders: readonly NewOrderRef[]): Promise<void> {
  const { settings, summary } = run;
  const counts: Record<string, number> = {};
  const add = (more: Record<string, number>) => {
    for (const [action, n] of Object.entries(more)) counts[action] = (counts[action] ?? 0) + n;
  };
  const queue = intakeOrder(orders);
  let next = 0;
  try {
    for (; next < queue.length && timeLeft(run) > 0; next += SHADOW_BATCH) {
      add(await shadowSteps.decideNewOrdersInShadow(queue.slice(next, next + SHADOW_BATCH), settings));
    }
  } catch (error) {
    stepFailed(run, 'intake', error);
  }
  summary.ordersDeferred = Math.max(0, queue.length - next);
  try {
    add(await shadowSteps.trackInShadow(settings));
  } catch (error) {
    stepFailed(run, 'tracking', error);
  }
  summary.shadow = counts;
}
