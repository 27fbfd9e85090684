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

/** One statement, no row read back (docs/benchmark.md: an ORM create costs several times a plain insert). */
export async function recordEvent(tx: Tx | Database, event: BusinessEvent): Promise<void> {
  const extra = { ...(event.orderCode ? { orderCode: event.orderCode } : {}), ...(event.extra ?? {}) };
  await tx.$executeRaw`
    INSERT INTO log_events ("timestamp", level, message, extra_data)
    VALUES (${new Date()}, ${event.level ?? 'INFO'}, ${event.message}, ${JSON.stringify(extra)}::json)`;
}
