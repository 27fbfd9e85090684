/**
 * The generic webhook: a JSON POST `{ "type", "orderCode"?, "message", "at" }`, signed with HMAC-SHA256 of
 * the exact body bytes under ALERT_WEBHOOK_SECRET, hex, in `X-Kaspi-Sync-Signature`. The receiver computes
 * the same over the raw body and compares in constant time. 408, 429 and 5xx are retried; other 4xx are a
 * refusal of this message and are not.
 */
import { createHmac } from 'node:crypto';
import type { WebhookChannel } from '../../platform/alert-config.js';
import { channelRejected, channelUnavailable, CHANNEL_TIMEOUT_MS, transportProblem } from './channel-failure.js';

export const SIGNATURE_HEADER = 'X-Kaspi-Sync-Signature';

export interface WebhookBody { type: string; orderCode?: string; message: string; at: string }

export function webhookSignature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

export async function postWebhook(channel: WebhookChannel, payload: WebhookBody): Promise<void> {
  const body = JSON.stringify(payload);
  let response: Response;
  try {
    response = await fetch(channel.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: webhookSignature(body, channel.secret) },
      body,
      signal: AbortSignal.timeout(CHANNEL_TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (error) {
    throw channelUnavailable(`webhook: ${transportProblem(error)}`);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return;
  const retryAfter = Number(response.headers.get('retry-after'));
  if (response.status === 408 || response.status === 429 || response.status >= 500) throw channelUnavailable(`webhook: HTTP ${response.status}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  throw channelRejected(`webhook: HTTP ${response.status} — the receiver refused the message`);
}
