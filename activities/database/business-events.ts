/**
 * Business events in log_events (the seed's table): accepted, held for stock, cancelled, restocked,
 * waybill stored, authentication failure. Written inside the transaction that made the change, so an
 * event is never lost at shutdown and never claims a change that rolled back. Never customer data,
 * never the Kaspi token.
 */
import type { Tx } from './transaction.js';
import type { Database } from '../../platform/prisma-client.js';
import { Prisma } from '../../generated/prisma/client.js';

export type EventLevel = 'INFO' | 'WARNING' | 'ERROR';

export interface BusinessEvent {
  level?: EventLevel;
  message: string;
  orderCode?: string;
  extra?: Record<string, unknown>;
}

/** The INSERT of one event, to run alone or inside a larger statement (a WITH clause). */
export function eventInsert(event: BusinessEvent, at = new Date()): Prisma.Sql {
  const extra = { ...(event.orderCode ? { orderCode: event.orderCode } : {}), ...(event.extra ?? {}) };
  return Prisma.sql`INSERT INTO log_events ("timestamp", level, message, extra_data)
    VALUES (${at}, ${event.level ?? 'INFO'}, ${event.message}, ${JSON.stringify(extra)}::json)`;
}

/** One statement, no row read back (docs/benchmark.md: an ORM create costs several times a plain insert). */
export async function recordEvent(tx: Tx | Database, event: BusinessEvent): Promise<void> {
  await tx.$executeRaw(eventInsert(event));
}
