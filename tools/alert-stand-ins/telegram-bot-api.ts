/**
 * A local stand-in for the Telegram Bot API's `sendMessage` (POST /bot<token>/sendMessage, JSON or form
 * body), answering as Telegram does: `{ ok: true, result: { message_id, chat, text } }`; 401 "Unauthorized"
 * for another token; 400 "Bad Request: chat not found" for a chat it does not know; and, on demand, a number
 * of 500s or 429s (with retry_after) first. Tests point TELEGRAM_API_URL at it. Not shipped.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentTelegramMessage { chatId: string; text: string; at: number }

export interface TelegramStandIn {
  url: string;
  messages: SentTelegramMessage[];
  /** Requests of any outcome, including refused ones. */
  requests: number;
  /** The next `count` sendMessage calls fail with this status (500 or 429). */
  failNext(count: number, status?: 500 | 429): void;
  close(): Promise<void>;
}

export async function startTelegramStandIn(options: { token: string; chats: string[] }): Promise<TelegramStandIn> {
  const messages: SentTelegramMessage[] = [];
  let failures = { count: 0, status: 500 as 500 | 429 };
  let messageId = 0;
  const state = { requests: 0 };
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      state.requests++;
      const answer = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const match = /^\/bot([^/]+)\/sendMessage$/.exec((request.url ?? '').split('?')[0]!);
      if (request.method !== 'POST' || !match) return answer(404, { ok: false, error_code: 404, description: 'Not Found' });
      if (match[1] !== options.token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        return failures.status === 429
          ? answer(429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } })
          : answer(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      }
      const body = (request.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
      const chatId = String(body.chat_id ?? '');
      if (!options.chats.includes(chatId)) return answer(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
      if (!body.text) return answer(400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
      messages.push({ chatId, text: String(body.text), at: Date.now() });
      answer(200, { ok: true, result: { message_id: ++messageId, chat: { id: Number(chatId) || chatId }, date: Math.floor(Date.now() / 1000), text: body.text } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    get requests() {
      return state.requests;
    },
    failNext(count, status = 500) {
      failures = { count, status };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
