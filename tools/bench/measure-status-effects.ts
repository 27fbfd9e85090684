/**
 * Whether the run applied each cancellation and return of the batch, judged from kaspi-sync's database
 * right after the run's result, by the rules of activities/database/status-changes.ts:
 *  - cancelled before hand-over: the goods never left, so the order is RESTOCKED and every line has its
 *    RESTOCK ("back:") ledger row;
 *  - cancelled with the courier, or returned (requested or complete): RETURNING with every line's RETURNING
 *    row (goods on their way back), or already RESTOCKED with every line's RESTOCK row.
 * Also checks the whole ledger: every stock_inventory row equals the sum of its stock_movements.
 */
import { ledgerKeys } from '../../domain/order-lifecycle.js';
import type { BenchPostgres } from './postgres.js';
import type { BatchEvent, BatchEventKind } from './steady-batch.js';

export interface StatusEffects {
  expected: Record<BatchEventKind, number>;
  missed: Record<BatchEventKind, number>;
  /** The missed ones, with the sync state they were left in. */
  missedOrders: { orderCode: string; kind: BatchEventKind; syncState: string | null }[];
}

export async function statusEffects(postgres: BenchPostgres, database: string, events: BatchEvent[]): Promise<StatusEffects> {
  const ids = events.map((e) => e.orderId);
  const states = new Map(
    (await postgres.query<{ order_id: string; sync_state: string }>('SELECT order_id, sync_state FROM kaspi_orders WHERE order_id = ANY($1)', [ids], database)).map(
      (r) => [r.order_id, r.sync_state],
    ),
  );
  const keys = new Set(
    (await postgres.query<{ idempotency_key: string }>('SELECT idempotency_key FROM stock_movements WHERE order_id = ANY($1)', [ids], database)).map((r) => r.idempotency_key),
  );
  const zero = (): Record<BatchEventKind, number> => ({ cancelledBeforeHandover: 0, cancelledAfterHandover: 0, returnRequested: 0, returned: 0 });
  const expected = zero();
  const missed = zero();
  const missedOrders: StatusEffects['missedOrders'] = [];
  for (const event of events) {
    expected[event.kind] += 1;
    const state = states.get(event.orderId) ?? null;
    const everyLine = (key: (orderId: string, line: number) => string) => event.lineNumbers.every((line) => keys.has(key(event.orderId, line)));
    const restocked = state === 'RESTOCKED' && everyLine(ledgerKeys.back);
    const returning = state === 'RETURNING' && everyLine(ledgerKeys.returning);
    const applied = event.kind === 'cancelledBeforeHandover' ? restocked : restocked || returning;
    if (!applied) {
      missed[event.kind] += 1;
      missedOrders.push({ orderCode: event.orderCode, kind: event.kind, syncState: state });
    }
  }
  return { expected, missed, missedOrders };
}

/** stock_inventory rows whose quantity or returning quantity differs from the sum of their ledger rows. */
export async function ledgerMismatches(postgres: BenchPostgres, database: string): Promise<number> {
  const [row] = await postgres.query<{ count: string }>(
    `SELECT count(*) AS count FROM stock_inventory i
       LEFT JOIN (SELECT product_id, stock_id, sum(quantity_delta) AS q, sum(returning_delta) AS r
                    FROM stock_movements GROUP BY product_id, stock_id) m
              ON m.product_id = i.product_id AND m.stock_id = i.stock_id
      WHERE i.quantity <> coalesce(m.q, 0) OR i.returning_quantity <> coalesce(m.r, 0)`,
    [],
    database,
  );
  return Number(row.count);
}
