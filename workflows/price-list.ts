/**
 * Keeps the published price list within seconds of the ledger: each stock change signals this workflow,
 * which regenerates at once when it has been quiet, and otherwise at most once per `minIntervalMs` — the
 * changes in between are folded into that one regeneration. With no change at all it still regenerates
 * every `refreshIntervalMs` (a missed notification, a product edited outside kaspi-sync). It runs forever and
 * continues as new every so often to keep its history short.
 */
import { ActivityFailure, allHandlersFinished, condition, continueAsNew, log, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { PriceListActivities } from '../activities/price-list-activities.js';
import { priceListInputsChangedSignal } from './messages.js';
import { priceListStep } from './retry-policies.js';

const { publishPriceList } = proxyActivities<PriceListActivities>(priceListStep);

export interface PriceListWorkflowInput {
  minIntervalMs?: number;
  refreshIntervalMs?: number;
  /** Carried over continue-as-new: when the last regeneration began (epoch ms). */
  lastRefreshAt?: number;
  /** Carried over continue-as-new: a change arrived that the previous run did not publish yet. */
  changePending?: boolean;
}

/** ~10 history events a regeneration: a run stays around a thousand events. */
const REFRESHES_PER_RUN = 100;

export async function priceListWorkflow(input: PriceListWorkflowInput = {}): Promise<void> {
  const minIntervalMs = input.minIntervalMs ?? 60_000;
  const refreshIntervalMs = input.refreshIntervalMs ?? 10 * 60_000;
  // A new workflow (first change, or a worker starting) publishes at once.
  let changed = input.changePending ?? true;
  let lastRefreshAt = input.lastRefreshAt ?? 0;
  setHandler(priceListInputsChangedSignal, () => {
    changed = true;
  });

  for (let refresh = 0; refresh < REFRESHES_PER_RUN && !workflowInfo().continueAsNewSuggested; refresh++) {
    await condition(() => changed, refreshIntervalMs);
    const quietFor = Date.now() - lastRefreshAt;
    if (quietFor < minIntervalMs) await sleep(minIntervalMs - quietFor);
    changed = false;
    lastRefreshAt = Date.now();
    try {
      const result = await publishPriceList({});
      if (result.outcome !== 'unchanged') log.info('price list', { ...result });
    } catch (error) {
      // The last good version stays served; the next change or the safety net tries again.
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('price list regeneration failed', { error: error.cause?.message ?? error.message });
    }
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof priceListWorkflow>({ minIntervalMs, refreshIntervalMs, lastRefreshAt, changePending: changed });
}
