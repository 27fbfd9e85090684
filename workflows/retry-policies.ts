/**
 * Declared retry policies, matched to the Kaspi client's error taxonomy (domain/failure-types.ts):
 * transient faults and 429s are retried with backoff (a 429 waits the delay Kaspi asked for, carried as
 * the failure's nextRetryDelay); authentication, bad requests and bad payloads are not retried at all.
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { FailureTypes, NON_RETRYABLE_KASPI_FAILURES } from '../domain/failure-types.js';

/**
 * Kaspi calls (plus the database write that records their result). An attempt makes at most a few
 * requests of ≤ 15 s each; 30 s also bounds how long an attempt lost with a crashed worker goes unnoticed.
 */
export const kaspiCall: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '30 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NON_RETRYABLE_KASPI_FAILURES,
  },
};

/**
 * The reservation as a local activity (a few Kaspi reads, when the listing's copy is not at hand, and one
 * database transaction: well under a second): retried like kaspiCall; a retry further out than 10 s waits on a
 * durable timer rather than in the worker.
 */
export const kaspiCallLocal: LocalActivityOptions = {
  startToCloseTimeout: kaspiCall.startToCloseTimeout,
  scheduleToCloseTimeout: kaspiCall.scheduleToCloseTimeout,
  retry: kaspiCall.retry,
  localRetryThreshold: '10 seconds',
};

/** Listing calls read many pages; a run waits for them rather than failing on a short outage. */
export const kaspiListing: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  scheduleToCloseTimeout: '20 minutes',
  retry: { ...kaspiCall.retry, maximumAttempts: 8 },
};

/**
 * Steps of a steady-state sync run (intake listing, tracking lists, due status reads): each has a hard
 * schedule-to-close so that a Kaspi outage makes the run end DEGRADED within minutes instead of keeping it
 * open (and the schedule's next ticks waiting). Tracking lists heartbeat after each list; a retry resumes there.
 */
export const runStep: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: '4 minutes',
  retry: { ...kaspiCall.retry, maximumInterval: '30 seconds', maximumAttempts: 5 },
};

/** Database-only steps: retried on connection trouble, for up to ten minutes. */
export const databaseStep: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

/**
 * Waiting for Kaspi to produce a waybill after ASSEMBLE (seconds, per live reports; clients that work poll
 * 4×1.5 s to 6×5 s): five attempts over about 15 s, then the order is left for the next run's waybill
 * phase rather than holding this run up.
 */
export const waybillWait: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '8 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE_KASPI_FAILURES,
  },
};

/**
 * Regenerating the price list (database reads, xmllint, one insert): retried on connection trouble for a few
 * minutes, then left to the next change or the workflow's safety-net timer. A missing configuration or
 * validator is not retried.
 */
export const priceListStep: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: ['PriceListNotConfigured', 'XmlValidatorMissing'],
  },
};

export { FailureTypes };

/**
 * Evaluating the alert conditions (database reads, Temporal's schedule, one transaction of alert rows): a
 * failed evaluation is simply the next one's job, so it is retried briefly and never holds anything up.
 */
export const alertEvaluation: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '3 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

/**
 * Sending one alert message to one channel (Telegram, the webhook). Each attempt is bounded by the HTTP
 * time-out (10 s); failures are retried with back-off (1 s, 1.5 s, 2.3 s … up to 5 minutes apart, a 429's
 * retry_after honoured) for up to 2 hours, then the delivery is recorded as given up. A channel that refuses
 * the message for good (Telegram: chat not found, bot blocked; a webhook's 4xx) is not retried. These run on
 * the alerts task queue, never in the sync's slots, so a failing channel cannot slow or fail a sync run.
 */
export const alertDelivery: ActivityOptions = {
  startToCloseTimeout: '20 seconds',
  scheduleToCloseTimeout: '2 hours',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 1.5,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: ['AlertChannelRejected'],
  },
};
