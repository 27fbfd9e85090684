/**
 * The one place where a Kaspi client error becomes a Temporal failure. Retryable kinds stay retryable
 * (a 429 carries Kaspi's Retry-After as the next retry delay); everything else is non-retryable, so the
 * workflow sees it at once instead of after a retry storm. Messages come from the Kaspi client, which
 * never puts the token in them.
 */
import { ApplicationFailure } from '@temporalio/common';
import { KaspiError } from '../kaspi/index.js';

export function toTemporalFailure(error: unknown): unknown {
  if (!(error instanceof KaspiError)) return error;
  if (error.kind === 'rate-limited') {
    return ApplicationFailure.create({
      type: error.name,
      message: error.message,
      nextRetryDelay: error.retryAfterMs ?? 5_000,
      cause: error,
    });
  }
  return ApplicationFailure.create({ type: error.name, message: error.message, nonRetryable: !error.retryable, cause: error });
}

/** Runs a Kaspi-facing step and translates its failure. */
export async function kaspiStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toTemporalFailure(error);
  }
}
