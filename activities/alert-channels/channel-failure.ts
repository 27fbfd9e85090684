/**
 * How a channel's failure reaches Temporal: retryable (the channel is down, slow, or asks us to wait) or
 * `AlertChannelRejected` (it refused this message for good: a wrong chat ID, a blocked bot, a webhook's 4xx),
 * which workflows/retry-policies.ts (`alertDelivery`) does not retry. The message names the status or error
 * code only — never the URL (a bot token sits in Telegram's path, a webhook URL may carry a secret).
 */
import { ApplicationFailure } from '@temporalio/common';

export const ALERT_CHANNEL_REJECTED = 'AlertChannelRejected';
export const ALERT_CHANNEL_UNAVAILABLE = 'AlertChannelUnavailable';

export function channelRejected(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ALERT_CHANNEL_REJECTED, message, nonRetryable: true });
}

export function channelUnavailable(message: string, retryAfterSeconds?: number): ApplicationFailure {
  return ApplicationFailure.create({ type: ALERT_CHANNEL_UNAVAILABLE, message, ...(retryAfterSeconds ? { nextRetryDelay: `${retryAfterSeconds} seconds` } : {}) });
}

/** fetch's own failure (refused, reset, time-out) as a code, without the request it carried. */
export function transportProblem(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer within 10 s';
  return `network error ${e.cause?.code ?? e.name ?? 'unknown'}`;
}

export const CHANNEL_TIMEOUT_MS = 10_000;
