/**
 * Telegram Bot API `sendMessage` (https://core.telegram.org/bots/api#sendmessage): plain text, no link
 * previews. Telegram answers `{ ok, description, error_code, parameters: { retry_after } }`; a 429's
 * retry_after is the next attempt's delay, a 400/403 (chat not found, bot blocked or kicked) will not get
 * better by retrying, a 401 means the bot token is wrong.
 */
import type { TelegramChannel } from '../../platform/alert-config.js';
import { channelRejected, channelUnavailable, CHANNEL_TIMEOUT_MS, transportProblem } from './channel-failure.js';

interface TelegramAnswer { ok?: boolean; description?: string; parameters?: { retry_after?: number } }

export async function sendTelegramMessage(channel: TelegramChannel, text: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${channel.apiUrl}/bot${channel.botToken}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: channel.chatId, text, disable_web_page_preview: true }),
      signal: AbortSignal.timeout(CHANNEL_TIMEOUT_MS),
    });
  } catch (error) {
    throw channelUnavailable(`Telegram: ${transportProblem(error)}`);
  }
  const answer = (await response.json().catch(() => ({}))) as TelegramAnswer;
  if (response.ok && answer.ok !== false) return;
  // Telegram's descriptions ("Bad Request: chat not found") name no token; cut them short all the same.
  const description = (answer.description ?? '').slice(0, 120);
  if (response.status === 429) throw channelUnavailable(`Telegram: HTTP 429 ${description}`, answer.parameters?.retry_after);
  if (response.status === 401) throw channelRejected('Telegram: HTTP 401 — TELEGRAM_BOT_TOKEN is not a valid bot token');
  if (response.status >= 400 && response.status < 500) throw channelRejected(`Telegram: HTTP ${response.status} ${description} — check TELEGRAM_CHAT_ID and that the bot is in the chat`);
  throw channelUnavailable(`Telegram: HTTP ${response.status} ${description}`);
}
