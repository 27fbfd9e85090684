/**
 * The alert loop: evaluate the conditions every `evaluationIntervalMs` (or at once on `evaluateAlertsNow`),
 * then send every message still to be sent, each to each channel in its own activity with the declared
 * back-off (retry-policies.ts `alertDelivery`). Evaluation does not wait for deliveries: a webhook that
 * hangs or answers 500 delays only its own message. A delivery that runs out of retries, or that its channel
 * refuses, is recorded as given up. After a few hundred evaluations the loop lets its deliveries finish and
 * continues as new (new deliveries wait in the outbox meanwhile), which keeps its history short.
 */
import { ApplicationFailure, condition, continueAsNew, defineSignal, proxyActivities, setHandler, type ActivityFailure } from '@temporalio/workflow';
import type { AlertActivities, PendingDelivery } from '../activities/alert-activities.js';
import { alertDelivery, alertEvaluation } from './retry-policies.js';

const bookkeeping = proxyActivities<Pick<AlertActivities, 'evaluateAlerts' | 'recordDeliveryGivenUp'>>(alertEvaluation);
const channels = proxyActivities<Pick<AlertActivities, 'deliverAlert'>>(alertDelivery);

export const evaluateAlertsNow = defineSignal('evaluateAlertsNow');

export interface AlertsInput {
  evaluationIntervalMs: number;
}

const EVALUATIONS_PER_RUN = 300;

export async function alertsWorkflow(input: AlertsInput): Promise<void> {
  let wakeUp = false;
  setHandler(evaluateAlertsNow, () => {
    wakeUp = true;
  });
  const inFlight = new Map<string, Promise<void>>();
  for (let evaluation = 0; evaluation < EVALUATIONS_PER_RUN; evaluation++) {
    wakeUp = false;
    const pending = await bookkeeping.evaluateAlerts().catch(() => [] as PendingDelivery[]);
    for (const delivery of pending) {
      const key = `${delivery.notificationId}/${delivery.channel}`;
      if (!inFlight.has(key)) inFlight.set(key, deliver(delivery).finally(() => inFlight.delete(key)));
    }
    await condition(() => wakeUp, input.evaluationIntervalMs);
  }
  await Promise.all(inFlight.values());
  await continueAsNew<typeof alertsWorkflow>(input);
}

async function deliver(delivery: PendingDelivery): Promise<void> {
  try {
    await channels.deliverAlert(delivery);
  } catch (error) {
    const cause = (error as ActivityFailure).cause;
    const reason = cause instanceof ApplicationFailure ? `${cause.type ?? 'failed'}: ${cause.message}` : (cause?.message ?? 'retries exhausted');
    await bookkeeping.recordDeliveryGivenUp({ ...delivery, reason }).catch(() => undefined);
  }
}
