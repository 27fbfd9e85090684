/**
 * Reservation of a new order's stock and the order's record in kaspi_orders / kaspi_sold_products.
 * Validation and reservation are all-or-nothing: an order is either fully reserved at one warehouse or
 * flagged (HELD) with the reason, with no stock touched.
 */
import { acceptedElsewhereHoldReason, SyncState } from '../../domain/order-lifecycle.js';
import type { OrderLineSummary, ReservationResult, Shortage } from '../../domain/sync-types.js';
import type { Database } from '../../platform/prisma-client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { eventInsert, recordEvent, type BusinessEvent } from './business-events.js';
import { InsufficientStock, putBack, reserveLines, type LedgerLine } from './stock-ledger.js';
import { firstReadOfAcceptedOrder } from '../../domain/status-tracking.js';
import { inTransaction, type Tx } from './transaction.js';

export interface OrderLineInput {
  lineNumber: number;
  entryId: string | null;
  sku: string | null;
  name: string | null;
  quantity: number;
  /** Kaspi's unitType of the line, kept for the parcel count (domain/parcel-rules.ts). */
  unitType?: string | null;
  unitPrice: number;
  totalPrice: number;
}

export interface ReservationRequest {
  orderId: string;
  orderCode: string;
  kaspiStatus: string;
  kaspiState: string;
  isKaspiDelivery: boolean;
  kaspiCreatedAt: number;
  pickupPointId: string | null;
  warehouse: string | null;
  lines: OrderLineInput[];
  customer: { name: string | null; phone: string | null };
  /** A pre-order: the merchant buys the goods after the sale, so it is accepted without stock on hand. */
  preOrder?: boolean;
}

class OrderInvalid extends Error {}

interface LockedOrder {
  sync_state: string;
  is_kaspi_delivery: boolean;
  hold_reason: string | null;
  stock_name: string;
  adopted_from_seed: boolean;
  accept_sent_at?: string | null;
}

/** The advisory-lock key space of "one transaction at a time writes this order" (two-int form, apart from Prisma's). */
const ORDER_WRITE_LOCK_SPACE = 0x4b53; // "KS"

/**
 * Every transaction that writes an order's row takes this first, so two of them for one order run one after the
 * other even before the row exists (FOR UPDATE on no row locks nothing). The waiting one's next statement then sees
 * what the first committed: the row's write replaces the lines in the same statement that upserts the row, and with
 * a snapshot from before the first's commit it would not see — nor delete — the first's lines (found by the D3a test,
 * two reservations of one new order at once). It is the first branch of the statement's UNION ALL, which PostgreSQL
 * runs in order, so the lock is held before the row is read.
 */
function orderWriteLock(orderId: string): Prisma.Sql {
  return Prisma.sql`SELECT 'serialized' AS kind, NULL::int AS id, NULL AS sku, NULL::boolean AS is_active, NULL::jsonb AS locked
      FROM (SELECT pg_advisory_xact_lock(${ORDER_WRITE_LOCK_SPACE}::int, hashtext(${orderId}))) AS serialized`;
}

const LOCKED_COLUMNS = Prisma.sql`sync_state, is_kaspi_delivery, hold_reason, stock_name, adopted_from_seed, accept_sent_at`;

async function lockOrder(tx: Tx, orderId: string): Promise<LockedOrder | undefined> {
  const rows = await tx.$queryRaw<{ locked: LockedOrder | null }[]>`
    WITH locked AS (SELECT ${LOCKED_COLUMNS} FROM kaspi_orders WHERE order_id = ${orderId} FOR UPDATE)
    ${orderWriteLock(orderId)}
    UNION ALL
    SELECT 'order', NULL, NULL, NULL, to_jsonb(locked) FROM locked`;
  return rows.find((row) => row.locked !== null)?.locked ?? undefined;
}

function summary(lines: OrderLineInput[]): OrderLineSummary[] {
  return lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
}

type StockOrProduct = { kind: 'stock' | 'product'; id: number; sku: string | null; is_active: boolean };

/** The warehouse and every line's product in one statement. */
function stockAndProductsQuery(request: ReservationRequest): Prisma.Sql {
  const skus = [...new Set(request.lines.map((line) => line.sku).filter((sku): sku is string => sku !== null))];
  return Prisma.sql`
    SELECT 'stock' AS kind, id, NULL AS sku, is_active FROM stocks WHERE name = ${request.warehouse ?? ''}
    UNION ALL
    SELECT 'product' AS kind, id, sku, is_active FROM products WHERE sku IN (${Prisma.join(skus.length > 0 ? skus : [''])})`;
}

async function resolveLedgerLines(tx: Tx, request: ReservationRequest): Promise<{ stockId: number; lines: LedgerLine[] }> {
  return ledgerLinesOf(request, await tx.$queryRaw<StockOrProduct[]>(stockAndProductsQuery(request)));
}

/**
 * The order locked (orderWriteLock, then its row) and its warehouse and products read, in one statement: the
 * reservation's first round trip (this runs for every order). The row's columns come back as JSON on a row of their own.
 */
async function lockOrderAndResolve(tx: Tx, request: ReservationRequest): Promise<{ existing: LockedOrder | undefined; found: StockOrProduct[] }> {
  const rows = await tx.$queryRaw<((StockOrProduct | { kind: 'serialized' | 'order' }) & { locked: LockedOrder | null })[]>`
    WITH locked AS (SELECT ${LOCKED_COLUMNS} FROM kaspi_orders WHERE order_id = ${request.orderId} FOR UPDATE)
    ${orderWriteLock(request.orderId)}
    UNION ALL
    SELECT 'order', NULL, NULL, NULL, to_jsonb(locked) FROM locked
    UNION ALL
    SELECT found.*, NULL FROM (${stockAndProductsQuery(request)}) AS found`;
  const found = rows.filter((row): row is StockOrProduct & { locked: null } => row.kind === 'stock' || row.kind === 'product');
  return { existing: rows.find((row) => row.kind === 'order')?.locked ?? undefined, found };
}

/** Validates the order's lines against what the database holds: OrderInvalid names the first cause. */
function ledgerLinesOf(request: ReservationRequest, found: StockOrProduct[]): { stockId: number; lines: LedgerLine[] } {
  if (!request.warehouse) throw new OrderInvalid(`cannot tell the warehouse from pickupPointId ${JSON.stringify(request.pickupPointId)}`);
  const stock = found.find((row) => row.kind === 'stock');
  if (!stock || !stock.is_active) throw new OrderInvalid(`unknown warehouse ${request.warehouse} (no active stocks row with that name)`);
  if (request.lines.length === 0) throw new OrderInvalid('the order has no lines');
  const products = new Map(found.filter((row) => row.kind === 'product').map((row) => [row.sku!, row]));
  const lines: LedgerLine[] = [];
  const seenLines = new Set<number>();
  for (const line of request.lines) {
    if (seenLines.has(line.lineNumber)) throw new OrderInvalid(`line ${line.lineNumber} appears twice`);
    seenLines.add(line.lineNumber);
    if (!line.sku) throw new OrderInvalid(`line ${line.lineNumber} has no SKU (Kaspi sent no offer code)`);
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      throw new OrderInvalid(`line ${line.lineNumber} (${line.sku}) has quantity ${line.quantity}; it must be a positive whole number`);
    }
    const product = products.get(line.sku);
    if (!product || !product.is_active) throw new OrderInvalid(`unknown SKU ${line.sku} (no active products row)`);
    lines.push({ lineNumber: line.lineNumber, productId: product.id, sku: line.sku, quantity: line.quantity });
  }
  return { stockId: stock.id, lines };
}

interface RecordDetails {
  holdReason?: string | null;
  /** Set when the order was accepted elsewhere: the reason its stock could not be taken. */
  holdCause?: string | null;
  /** Written with the row: it commits or rolls back with the rest. */
  event?: BusinessEvent;
  /** The acceptance follows in the same step: its sending recorded with the reservation (a statement fewer). */
  acceptSendingAt?: Date;
}

/**
 * The order's row and its lines, replaced as a whole. One plain statement, no rows read back: this runs for every
 * order, and an ORM upsert or createMany costs several times as much worker CPU (docs/benchmark.md).
 */
async function writeOrderRecord(tx: Tx, request: ReservationRequest, syncState: string, details: RecordDetails = {}): Promise<void> {
  const { holdReason = null, holdCause = null, event, acceptSendingAt } = details;
  const now = new Date();
  // The row upserted, its lines replaced, and the business event, in one statement (the lines' foreign key is
  // checked at its end, when the row is there).
  // quantity is an integer column: a fractional one (such an order is held) is recorded truncated, as the ORM did.
  const rows = request.lines.map(
    (line) => Prisma.sql`(${request.orderId}, ${request.orderCode}, ${line.sku ?? ''}, ${line.name}, ${Math.trunc(line.quantity)}, ${line.totalPrice}, ${line.unitPrice},
      ${line.unitType ?? null}, ${line.entryId}, ${line.lineNumber}, ${request.customer.name}, ${request.customer.phone}, ${now}, ${now})`,
  );
  const added = rows.length === 0 ? Prisma.empty : Prisma.sql`, added AS (
      INSERT INTO kaspi_sold_products (order_id, order_code, product_code, product_name, quantity, price, unit_price, unit_type, entry_id,
                                       line_number, customer_name, customer_phone, created_at, updated_at)
      VALUES ${Prisma.join(rows)})`;
  const logged = event ? Prisma.sql`, logged AS (${eventInsert(event, now)})` : Prisma.empty;
  await tx.$executeRaw`WITH upserted AS (
    INSERT INTO kaspi_orders (order_id, order_code, stock_name, status, kaspi_state, pickup_point_id, sync_state, hold_reason, hold_cause,
                                is_kaspi_delivery, kaspi_created_at, accept_sent_at, created_at, updated_at)
      VALUES (${request.orderId}, ${request.orderCode}, ${request.warehouse ?? ''}, ${request.kaspiStatus}, ${request.kaspiState}, ${request.pickupPointId},
              ${syncState}, ${holdReason}, ${holdCause}, ${request.isKaspiDelivery}, ${new Date(request.kaspiCreatedAt)}, ${acceptSendingAt ?? null}, ${now}, ${now})
      ON CONFLICT (order_id) DO UPDATE SET
        order_code = EXCLUDED.order_code, stock_name = EXCLUDED.stock_name, status = EXCLUDED.status, kaspi_state = EXCLUDED.kaspi_state,
        pickup_point_id = EXCLUDED.pickup_point_id, sync_state = EXCLUDED.sync_state, hold_reason = EXCLUDED.hold_reason,
        hold_cause = EXCLUDED.hold_cause, is_kaspi_delivery = EXCLUDED.is_kaspi_delivery, kaspi_created_at = EXCLUDED.kaspi_created_at,
        accept_sent_at = COALESCE(EXCLUDED.accept_sent_at, kaspi_orders.accept_sent_at), updated_at = EXCLUDED.updated_at
    RETURNING order_id
  ), gone AS (DELETE FROM kaspi_sold_products WHERE order_id = ${request.orderId})${added}${logged} SELECT 1`;
}

export interface ReservationOptions {
  /** The acceptance follows in the same step: a fresh reservation records its sending (accept_sent_at) too. */
  acceptanceFollows?: boolean;
}

/**
 * The result, and — when the reservation recorded the acceptance's sending — whether an earlier attempt had
 * recorded it already (then Kaspi is read before anything is sent). For the step, not the workflow's history.
 */
export type ReservationOutcome = ReservationResult & { acceptanceSending?: { sentBefore: boolean } };

/**
 * Reserves all lines at the order's warehouse and records the order as RESERVED. Safe to repeat: a
 * repeated call finds the order already RESERVED (or accepted by kaspi-sync: reserved, go on) or further along
 * (already processed) and changes nothing.
 */
export async function reserveOrder(db: Database, request: ReservationRequest, options: ReservationOptions = {}): Promise<ReservationOutcome> {
  try {
    return await inTransaction(db, async (tx) => {
      const { existing, found } = await lockOrderAndResolve(tx, request);
      if (existing?.sync_state === SyncState.RESERVED) {
        return { kind: 'reserved', warehouse: request.warehouse ?? '', lines: summary(request.lines) } as const;
      }
      // Reserved and accepted by kaspi-sync already: the order's first step run again because the workflow task
      // that held its result was lost (a worker killed mid-task: a local activity's result lives in that task).
      // It goes on as the first run did — the acceptance reads Kaspi (accept_sent_at is set) and the order is
      // packed — instead of ending "already processed" and leaving a Kaspi Delivery order unassembled, its
      // ASSEMBLE claim held. Nothing is taken twice: the stock was taken once, and only a RESERVED order is released.
      if (existing?.sync_state === SyncState.ACCEPTED && !existing.adopted_from_seed) {
        return { kind: 'reserved', warehouse: existing.stock_name, lines: summary(request.lines) } as const;
      }
      if (existing && existing.sync_state !== SyncState.HELD) return { kind: 'already-processed', syncState: existing.sync_state } as const;
      const { stockId, lines } = ledgerLinesOf(request, found);
      const acceptSendingAt = options.acceptanceFollows ? new Date() : undefined;
      await writeOrderRecord(tx, request, SyncState.RESERVED, {
        event: { message: 'stock reserved', orderCode: request.orderCode, extra: { warehouse: request.warehouse, lines: summary(request.lines) } },
        acceptSendingAt,
      });
      await reserveLines(tx, request, stockId, lines);
      const acceptanceSending = acceptSendingAt ? { sentBefore: existing?.accept_sent_at != null } : undefined;
      return { kind: 'reserved', warehouse: request.warehouse!, lines: summary(request.lines), acceptanceSending } as const;
    });
  } catch (error) {
    if (error instanceof InsufficientStock && request.preOrder && request.kaspiStatus === 'APPROVED_BY_BANK') {
      return awaitGoods(db, request, describeShortages(error.shortages));
    }
    if (error instanceof InsufficientStock) {
      const shortage = `out of stock at ${request.warehouse}: ${describeShortages(error.shortages)}`;
      const elsewhere = request.kaspiStatus !== 'APPROVED_BY_BANK';
      const reason = elsewhere ? acceptedElsewhereHoldReason(request.kaspiStatus, shortage) : shortage;
      const flagged = await flagHeld(db, request, reason, { shortages: error.shortages }, elsewhere ? shortage : null);
      return flagged ?? { kind: 'held', reason, warehouse: request.warehouse, shortages: error.shortages, outOfStock: true };
    }
    if (error instanceof OrderInvalid) {
      const elsewhere = request.kaspiStatus !== 'APPROVED_BY_BANK';
      const reason = elsewhere ? acceptedElsewhereHoldReason(request.kaspiStatus, error.message) : error.message;
      const flagged = await flagHeld(db, request, reason, {}, elsewhere ? error.message : null);
      return flagged ?? { kind: 'held', reason, warehouse: request.warehouse, outOfStock: false };
    }
    throw error;
  }
}

/** Shadow mode's answer to "what would a reservation do now": reserve at the warehouse, or hold and why. */
export type ReservationRehearsal = { kind: 'would-reserve'; warehouse: string } | { kind: 'would-hold'; reason: string; outOfStock: boolean };

class RehearsalDone extends Error {}

/**
 * Runs the live reservation's own steps for each order in turn (order row written, warehouse and SKUs
 * resolved, every line taken from stock) inside one transaction that is always rolled back: shadow mode
 * judges orders exactly as live mode would — the second of two orders for the last unit is held — and changes
 * nothing (the old script may be writing the same tables meanwhile). A savepoint per order undoes a short one.
 */
export async function rehearseReservations(db: Database, requests: readonly ReservationRequest[]): Promise<ReservationRehearsal[]> {
  const results: ReservationRehearsal[] = [];
  try {
    await inTransaction(db, async (tx) => {
      for (const request of requests) {
        await tx.$executeRawUnsafe('SAVEPOINT rehearsal');
        try {
          const { stockId, lines } = await resolveLedgerLines(tx, request);
          await writeOrderRecord(tx, request, SyncState.RESERVED);
          await reserveLines(tx, request, stockId, lines);
          results.push({ kind: 'would-reserve', warehouse: request.warehouse! });
        } catch (error) {
          await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT rehearsal');
          if (error instanceof InsufficientStock) results.push({ kind: 'would-hold', reason: `out of stock at ${request.warehouse}: ${describeShortages(error.shortages)}`, outOfStock: true });
          else if (error instanceof OrderInvalid) results.push({ kind: 'would-hold', reason: error.message, outOfStock: false });
          else throw error;
        }
      }
      throw new RehearsalDone();
    });
  } catch (error) {
    if (!(error instanceof RehearsalDone)) throw error;
  }
  return results;
}

/**
 * A pre-order short of stock: the merchant buys its goods after the sale, so it is accepted anyway (Kaspi's
 * deadline runs as for any order) with no stock taken — its goods are awaited, taken at `order arrived`, and
 * until then it is never assembled. All or nothing: units on hand are not set aside for it.
 */
async function awaitGoods(db: Database, request: ReservationRequest, shortage: string): Promise<ReservationResult> {
  return inTransaction(db, async (tx) => {
    const existing = await lockOrder(tx, request.orderId);
    if (existing && existing.sync_state !== SyncState.HELD && existing.sync_state !== SyncState.RESERVED) return { kind: 'already-processed', syncState: existing.sync_state } as const;
    await writeOrderRecord(tx, request, SyncState.RESERVED);
    await tx.kaspiOrder.update({ where: { orderId: request.orderId }, data: { awaitingGoodsSince: new Date() } });
    await recordEvent(tx, { message: 'pre-order accepted without stock: goods awaited', orderCode: request.orderCode, extra: { warehouse: request.warehouse, shortage } });
    return { kind: 'reserved', warehouse: request.warehouse ?? '', lines: summary(request.lines), awaitingGoods: true } as const;
  });
}

/**
 * The awaited goods of a pre-order arrived: its lines are taken from stock now, all or nothing (the sale keys
 * make a repeat a no-op). Throws InsufficientStock while they are still short.
 */
export async function takeAwaitedGoods(db: Database, orderId: string): Promise<'taken' | 'not-awaiting'> {
  return inTransaction(db, async (tx) => {
    const order = await tx.kaspiOrder.findUnique({ where: { orderId }, include: { lines: true } });
    if (!order?.awaitingGoodsSince) return 'not-awaiting' as const;
    const stock = await tx.stock.findUnique({ where: { name: order.stockName } });
    if (!stock) throw new OrderInvalid(`unknown warehouse ${order.stockName}`);
    const lines: LedgerLine[] = [];
    for (const line of order.lines) {
      const product = await tx.product.findUnique({ where: { sku: line.productCode } });
      if (!product) throw new OrderInvalid(`unknown SKU ${line.productCode}`);
      lines.push({ lineNumber: line.lineNumber ?? 0, productId: product.id, sku: line.productCode, quantity: line.quantity });
    }
    await reserveLines(tx, { orderId, orderCode: order.orderCode }, stock.id, lines);
    await tx.kaspiOrder.update({ where: { orderId }, data: { awaitingGoodsSince: null } });
    await recordEvent(tx, { message: 'pre-order goods arrived: stock taken', orderCode: order.orderCode, extra: { warehouse: order.stockName } });
    return 'taken' as const;
  });
}

function describeShortages(shortages: Shortage[]): string {
  return shortages.map((s) => `${s.sku} needs ${s.wanted}, has ${s.available}`).join('; ');
}

/** Flags an order for an operator without reserving anything (e.g. Kaspi sent unusable data). */
export async function holdOrder(db: Database, request: ReservationRequest, reason: string): Promise<ReservationResult> {
  const flagged = await flagHeld(db, request, reason, {});
  return flagged ?? { kind: 'held', reason, warehouse: request.warehouse, outOfStock: false };
}

/** Records the order as HELD with its reason. Returns a result only if the order turned out to be further along. */
async function flagHeld(
  db: Database,
  request: ReservationRequest,
  reason: string,
  extra: Record<string, unknown>,
  /** Set when the order was accepted elsewhere: the reason its stock could not be taken. */
  holdCause: string | null = null,
): Promise<ReservationResult | undefined> {
  return inTransaction(db, async (tx) => {
    const existing = await lockOrder(tx, request.orderId);
    if (existing && existing.sync_state !== SyncState.HELD) return { kind: 'already-processed', syncState: existing.sync_state } as const;
    await writeOrderRecord(tx, request, SyncState.HELD, { holdReason: reason, holdCause });
    // A held order re-checks every few minutes for days: the warning is written when the reason is new, not each time.
    if (existing?.hold_reason !== reason) {
      await recordEvent(tx, { level: 'WARNING', message: `order held: ${reason}`, orderCode: request.orderCode, extra });
    }
    return undefined;
  });
}

/**
 * The order is accepted on Kaspi: RESERVED → ACCEPTED with its business event, in one statement (no
 * transaction round trips: this runs for every order). Returns the order's sync state afterwards.
 */
export async function markAccepted(db: Database, orderId: string): Promise<string> {
  const now = new Date();
  const accepted = await db.$queryRaw<{ order_code: string }[]>`
    WITH accepted AS (
      UPDATE kaspi_orders SET
        sync_state = ${SyncState.ACCEPTED}, status = 'ACCEPTED_BY_MERCHANT',
        -- Kaspi moves an accepted order out of NEW by delivery mode; only Kaspi Delivery is certain here.
        kaspi_state = CASE WHEN is_kaspi_delivery THEN 'KASPI_DELIVERY' ELSE NULL END,
        accepted_at = ${now}, hold_reason = NULL, hold_cause = NULL,
        -- Cancellations and returns reach kaspi-sync through Kaspi's lists; a read of its own only records the
        -- delivery (COMPLETED), so the first one is a day away (domain/status-tracking.ts).
        next_status_check_at = ${new Date(firstReadOfAcceptedOrder(now.getTime()))}, updated_at = ${now}
      WHERE order_id = ${orderId} AND sync_state = ${SyncState.RESERVED}
      RETURNING order_code, stock_name
    ), event AS (
      INSERT INTO log_events ("timestamp", level, message, extra_data)
      SELECT ${now}, 'INFO', 'order accepted', json_build_object('orderCode', order_code, 'warehouse', stock_name) FROM accepted
    )
    SELECT order_code FROM accepted`;
  if (accepted.length > 0) return SyncState.ACCEPTED;
  const [existing] = await db.$queryRaw<{ sync_state: string }[]>`SELECT sync_state FROM kaspi_orders WHERE order_id = ${orderId}`;
  if (!existing) throw new Error(`order ${orderId} has no kaspi_orders row; it must be reserved before it is accepted`);
  return existing.sync_state;
}

/**
 * Kaspi cancelled the order before kaspi-sync could accept it: the reservation goes back. Idempotent. Only a
 * RESERVED order gives stock back here; once status tracking has moved the order on (accepted, returning,
 * restocked), its stock follows the status rules (goods in delivery come back only when they are back).
 */
export async function releaseReservation(db: Database, orderId: string, reason: string): Promise<number> {
  return inTransaction(db, async (tx) => {
    const existing = await lockOrder(tx, orderId);
    if (!existing) return 0;
    if (existing.sync_state !== SyncState.RESERVED && existing.sync_state !== SyncState.HELD) return 0;
    const order = await tx.kaspiOrder.findUniqueOrThrow({ where: { orderId } });
    const restored = existing.sync_state === SyncState.RESERVED ? await putBack(tx, order, reason) : 0;
    await tx.kaspiOrder.update({
      where: { orderId },
      data: {
        syncState: existing.sync_state === SyncState.RESERVED ? SyncState.RESTOCKED : SyncState.CANCELLED,
        status: 'CANCELLED',
        isCanceled: true,
        closedAt: new Date(),
      },
    });
    if (restored > 0) {
      await recordEvent(tx, { message: 'reservation released', orderCode: order.orderCode, extra: { reason, units: restored } });
    }
    return restored;
  });
}

/** The order was cancelled on Kaspi by kaspi-sync itself (out-of-stock policy "cancel"). */
export async function markCancelledByMerchant(db: Database, orderId: string, reason: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const existing = await lockOrder(tx, orderId);
    if (!existing || existing.sync_state !== SyncState.HELD) return;
    const order = await tx.kaspiOrder.update({
      where: { orderId },
      data: { syncState: SyncState.CANCELLED, status: 'CANCELLED', isCanceled: true, cancellationReason: 'MERCHANT_OUT_OF_STOCK', closedAt: new Date() },
    });
    await recordEvent(tx, { level: 'WARNING', message: 'order cancelled on Kaspi as out of stock', orderCode: order.orderCode, extra: { reason } });
  });
}

/**
 * Without a count (assembled elsewhere: the desk, the cabinet), a count already recorded is kept. Whatever the
 * assembly waited for is over.
 */
export async function markAssembled(db: Database, orderId: string, numberOfSpace?: number): Promise<void> {
  await db.$executeRaw`
    UPDATE kaspi_orders SET assembled = true, number_of_space = COALESCE(${numberOfSpace ?? null}::int, number_of_space),
                            assembly_waiting_for = NULL, updated_at = ${new Date()}
     WHERE order_id = ${orderId}`;
}
