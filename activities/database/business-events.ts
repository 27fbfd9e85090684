/**
 * Business events in log_events (the seed's table): accepted, held for stock, cancelled, restocked,
 * waybill stored, authentication failure. Written inside the transaction that made the change, so an
 * event is never lost at shutdown and never claims a change that rolled back. Never customer data,
 * never the Kaspi token.
 */
import type { Tx } from './transaction.js';
import type { Database } from '../../platform/prisma-client.js';

export type EventLevel = 'INFO' | 'WARNING' | 'ERROR';

export interface BusinessEvent {
  level?: EventLevel;
  message: string;
  orderCode?: string;
  extra?: Record<string, unknown>;
}

export async function recordEvent(tx: Tx | Database, event: BusinessEvent): Promise<void> {
  await tx.logEvent.create({
    data: {
      level: event.level ?? 'INFO',
      message: event.message,
      extraData: { ...(event.orderCode ? { orderCode: event.orderCode } : {}), ...(event.extra ?? {}) } as object,
    },
  });
}
