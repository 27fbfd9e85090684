/**
 * A local webhook receiver for alert tests: records every POST's raw body and X-Kaspi-Sync-Signature, and
 * can answer 500 for the next N requests or hang. Not shipped.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook { body: string; signature: string | undefined; status: number; at: number }

export interface WebhookReceiver {
  url: string;
  /** Every request, the failed ones included, with the status it was answered with. */
  received: ReceivedWebhook[];
  /** Requests answered 2xx. */
  accepted(): ReceivedWebhook[];
  failNext(count: number): void;
  hang(on: boolean): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let failures = 0;
  let hanging = false;
  const held: ServerResponse[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const signature = request.headers['x-kaspi-sync-signature'] as string | undefined;
      if (hanging) {
        received.push({ body, signature, status: 0, at: Date.now() });
        held.push(response);
        return;
      }
      const status = failures > 0 ? 500 : 204;
      if (failures > 0) failures--;
      received.push({ body, signature, status, at: Date.now() });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/kaspi-alerts`,
    received,
    accepted: () => received.filter((r) => r.status >= 200 && r.status < 300),
    failNext(count) {
      failures = count;
    },
    hang(on) {
      hanging = on;
      if (!on) for (const response of held.splice(0)) response.destroy();
    },
    close: () => {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
