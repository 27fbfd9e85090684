/**
 * The operator at the returns desk: `order received` on goods coming back, while syncs run. A receipt races the
 * sync's own restock (a cancellation archived, a return completed) for the same lines, and the database may be
 * restarting under it. What was received is recorded here, from the operator's side, so the invariants judge the
 * stock by what was counted at the desk rather than by what the ledger says it did.
 */
import { receiveReturn, ReceiptRefusal, UnknownOrder, type ReturnCount } from '../../activities/database/return-receipt.js';
import type { Database } from '../../platform/prisma-client.js';
import type { KaspiSandbox } from '../sandbox/index.js';
import { integerBetween, pick } from '../sandbox/prng.js';
import { sleep } from './environment.js';

/** Kaspi statuses of goods that left the shop and are coming or came back. */
const GOODS_COMING_BACK = new Set(['CANCELLING', 'KASPI_DELIVERY_RETURN_REQUESTED', 'RETURN_ACCEPTED_BY_MERCHANT', 'CANCELLED', 'RETURNED']);
/** An operator whose command failed because the database was away types it again a few times. */
const ATTEMPTS = 6;
const PAUSE_MS = 1_000;

/** Per order code: what the desk counted back, by SKU. */
export type ReceiptsRecorded = Map<string, Map<string, { good: number; damaged: number }>>;

/** Receives one random order whose goods Kaspi shows coming back; returns the event's name, or undefined. */
export async function receiveOneReturn(db: Database, sandbox: KaspiSandbox, random: () => number, recorded: ReceiptsRecorded): Promise<string | undefined> {
  const candidates = sandbox.orders().filter((o) => GOODS_COMING_BACK.has(o.status) && sandbox.actionCount(o.code, 'ACCEPTED_BY_MERCHANT') > 0);
  if (candidates.length === 0) return undefined;
  const order = pick(random, candidates);
  const unitsBySku = new Map<string, number>();
  for (const entry of order.entries) unitsBySku.set(entry.sku ?? '(no SKU)', (unitsBySku.get(entry.sku ?? '(no SKU)') ?? 0) + entry.quantity);
  const perSku = new Map<string, { good: number; damaged: number }>();
  for (const [sku, units] of unitsBySku) {
    // Mostly everything back in good order; sometimes some damaged, sometimes some missing.
    const good = random() < 0.6 ? units : integerBetween(random, 0, units);
    perSku.set(sku, { good, damaged: integerBetween(random, 0, units - good) });
  }
  const count: ReturnCount = { perSku };
  for (let attempt = 1; ; attempt += 1) {
    try {
      const outcome = await receiveReturn(db, order.code, count);
      // 'already-received': an earlier receipt of this order stands (ours, maybe one whose reply the restart lost).
      if (outcome.kind === 'received' || !recorded.has(order.code)) recorded.set(order.code, perSku);
      return outcome.kind === 'received' ? 'operator-receipt' : 'operator-receipt-repeated';
    } catch (error) {
      // Refused: kaspi-sync has not seen the goods leave yet, or they were sold again before the damaged were set aside.
      if (error instanceof ReceiptRefusal || error instanceof UnknownOrder) return 'operator-receipt-refused';
      if (attempt >= ATTEMPTS) throw error;
      await sleep(PAUSE_MS);
    }
  }
}
