/**
 * The invariants a chaos run must keep once the system has converged, judged from Kaspi's side (the
 * sandbox's orders and its log of applied actions) against kaspi-sync's database:
 *  - stock: quantity = initial − accepted + restocked − what the returns desk counted damaged or missing for
 *    every SKU and warehouse, the ledger sums to it, goods travelling back (and not received yet) are counted as
 *    returning and the desk's damaged units as damaged, apart from sellable stock (each again agreeing with the
 *    ledger);
 *  - no Kaspi action twice: each order accepted at most once and assembled at most once;
 *  - no order lost: each ends in the state its Kaspi status calls for (accepted, held with a reason,
 *    cancelled/restocked, returning, completed), and none is stuck half-way (RESERVED, or a workflow still
 *    running for an order that is not held);
 *  - nothing accepted without stock: accepted units per SKU and warehouse never exceed initial + restocked.
 */
import type { Client } from '@temporalio/client';
import type { Database } from '../../platform/prisma-client.js';
import type { KaspiSandbox, SandboxOrder } from '../sandbox/index.js';
import { orderWorkflowId } from '../../domain/temporal-names.js';
import { SyncState } from '../../domain/order-lifecycle.js';
import { stockKey } from './scenario.js';
import type { ReceiptsRecorded } from './operator-receipts.js';

export const INVARIANTS = ['stockDrift', 'duplicateAccepts', 'duplicateAssembles', 'lostOrders', 'stuckOrders', 'acceptedOutOfStock'] as const;
export type Invariant = (typeof INVARIANTS)[number];
export type Violations = Record<Invariant, number>;

export interface InvariantReport {
  violations: Violations;
  /** One line per violation, naming the order or the SKU and warehouse. */
  details: string[];
}

export function noViolations(): Violations {
  return Object.fromEntries(INVARIANTS.map((name) => [name, 0])) as Violations;
}

const TRAVELLING_BACK = new Set(['CANCELLING', 'KASPI_DELIVERY_RETURN_REQUESTED', 'RETURN_ACCEPTED_BY_MERCHANT']);
const BACK = new Set(['CANCELLED', 'RETURNED']);

/** The sync state kaspi-sync must have reached for an order, given what Kaspi says now and the returns desk. */
function expectedSyncStates(order: SandboxOrder, accepted: boolean, received: boolean): readonly (string | null)[] {
  // Received at the desk: back in the shop (or set aside) for good, whatever Kaspi says of it later.
  if (received) return [SyncState.RESTOCKED];
  switch (order.status) {
    case 'APPROVED_BY_BANK':
      return [SyncState.HELD];
    case 'ACCEPTED_BY_MERCHANT':
      return [SyncState.ACCEPTED];
    case 'COMPLETED':
      return [SyncState.COMPLETED];
    case 'CANCELLED':
    case 'RETURNED':
      // Never accepted: cancelled while held, released after reservation, or never seen by kaspi-sync.
      return accepted ? [SyncState.RESTOCKED] : [SyncState.CANCELLED, SyncState.RESTOCKED, null];
    default:
      return TRAVELLING_BACK.has(order.status) ? [SyncState.RETURNING] : [];
  }
}

export async function checkInvariants(
  db: Database,
  sandbox: KaspiSandbox,
  client: Client,
  initial: ReadonlyMap<string, number>,
  receipts: ReceiptsRecorded = new Map(),
): Promise<InvariantReport> {
  const violations = noViolations();
  const details: string[] = [];
  const flag = (name: Invariant, detail: string) => {
    violations[name] += 1;
    details.push(`${name}: ${detail}`);
  };

  const taken = new Map<string, number>();
  const back = new Map<string, number>();
  const returning = new Map<string, number>();
  // What the desk counted damaged (kept apart) and damaged or missing (not sellable): judged from its own record.
  const damaged = new Map<string, number>();
  const setAside = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, units: number) => map.set(key, (map.get(key) ?? 0) + units);

  for (const order of sandbox.orders()) {
    const accepts = sandbox.actionCount(order.code, 'ACCEPTED_BY_MERCHANT');
    const assembles = sandbox.actionCount(order.code, 'ASSEMBLE');
    if (accepts > 1) flag('duplicateAccepts', `order ${order.code} accepted ${accepts} times`);
    if (assembles > 1) flag('duplicateAssembles', `order ${order.code} assembled ${assembles} times`);
    const accepted = accepts > 0;
    const receipt = receipts.get(order.code);
    if (accepted) {
      for (const entry of order.entries) {
        const key = stockKey(entry.sku ?? '(no SKU)', order.warehouse);
        add(taken, key, entry.quantity);
        if (receipt || BACK.has(order.status)) add(back, key, entry.quantity);
        else if (TRAVELLING_BACK.has(order.status)) add(returning, key, entry.quantity);
      }
      const unitsBySku = new Map<string, number>();
      for (const entry of order.entries) add(unitsBySku, entry.sku ?? '(no SKU)', entry.quantity);
      for (const [sku, counted] of receipt ?? []) {
        const key = stockKey(sku, order.warehouse);
        add(damaged, key, counted.damaged);
        add(setAside, key, (unitsBySku.get(sku) ?? 0) - counted.good);
      }
    }

    const row = await db.kaspiOrder.findUnique({ where: { orderId: order.id }, select: { syncState: true, holdReason: true } });
    const state = row?.syncState ?? null;
    if (state === SyncState.RESERVED) {
      flag('stuckOrders', `order ${order.code} is still RESERVED (Kaspi: ${order.status})`);
      continue;
    }
    const expected = expectedSyncStates(order, accepted, receipt !== undefined);
    if (!expected.includes(state)) {
      flag('lostOrders', `order ${order.code}: Kaspi ${order.status}${accepted ? ' (accepted)' : ''}, kaspi-sync ${state ?? 'has no record'}`);
    } else if (state === SyncState.HELD && !row?.holdReason) {
      flag('lostOrders', `order ${order.code} is HELD without a reason`);
    }
    if (state !== SyncState.HELD) {
      const waitingOn = await runningOrderWorkflow(client, order.code);
      if (waitingOn !== undefined) {
        flag('stuckOrders', `order ${order.code}: its workflow still runs although the order is ${state ?? 'unrecorded'} (${waitingOn})`);
      }
    }
  }

  const inventory = await db.$queryRaw<{ sku: string; warehouse: string; quantity: number; returning: number; damaged: number }[]>`
    SELECT p.sku, s.name AS warehouse, si.quantity, si.returning_quantity AS returning, si.damaged_quantity AS damaged
      FROM stock_inventory si JOIN products p ON p.id = si.product_id JOIN stocks s ON s.id = si.stock_id`;
  const ledger = await db.$queryRaw<{ sku: string; warehouse: string; quantity: bigint; returning: bigint; damaged: bigint }[]>`
    SELECT p.sku, s.name AS warehouse, SUM(m.quantity_delta) AS quantity, SUM(m.returning_delta) AS returning, SUM(m.damaged_delta) AS damaged
      FROM stock_movements m JOIN products p ON p.id = m.product_id JOIN stocks s ON s.id = m.stock_id
     GROUP BY p.sku, s.name`;
  const ledgerByKey = new Map(ledger.map((l) => [stockKey(l.sku, l.warehouse), { quantity: Number(l.quantity), returning: Number(l.returning), damaged: Number(l.damaged) }]));
  const rowsByKey = new Map(inventory.map((r) => [stockKey(r.sku, r.warehouse), r]));

  for (const [key, start] of initial) {
    const row = rowsByKey.get(key);
    const inLedger = ledgerByKey.get(key) ?? { quantity: 0, returning: 0, damaged: 0 };
    const expected = start - (taken.get(key) ?? 0) + (back.get(key) ?? 0) - (setAside.get(key) ?? 0);
    const expectedReturning = returning.get(key) ?? 0;
    const expectedDamaged = damaged.get(key) ?? 0;
    if (
      !row || row.quantity !== expected || inLedger.quantity !== row.quantity || row.returning !== expectedReturning || inLedger.returning !== row.returning ||
      row.damaged !== expectedDamaged || inLedger.damaged !== row.damaged
    ) {
      flag(
        'stockDrift',
        `${key}: stock_inventory ${row?.quantity}/${row?.returning} returning/${row?.damaged} damaged, expected ${expected}/${expectedReturning}/${expectedDamaged}, ledger ${inLedger.quantity}/${inLedger.returning}/${inLedger.damaged}`,
      );
    }
  }

  for (const [key, units] of taken) {
    const allowed = (initial.get(key) ?? 0) + (back.get(key) ?? 0) - (setAside.get(key) ?? 0);
    if (units > allowed) flag('acceptedOutOfStock', `${key}: ${units} units accepted with ${allowed} ever available`);
  }
  for (const row of inventory) {
    if (row.quantity < 0) flag('acceptedOutOfStock', `${stockKey(row.sku, row.warehouse)}: stock is negative (${row.quantity})`);
  }
  return { violations, details };
}

/**
 * What the order's workflow is still doing, or undefined if it is not running. The answer names pending
 * activities with their attempt and last failure, so a stuck order's detail says where it hangs.
 */
export async function runningOrderWorkflow(client: Client, orderCode: string): Promise<string | undefined> {
  const description = await client.workflow
    .getHandle(orderWorkflowId(orderCode))
    .describe()
    .catch(() => undefined);
  if (description?.status.name !== 'RUNNING') return undefined;
  const pending = (description.raw.pendingActivities ?? []).map(
    (a) => `${a.activityType?.name} attempt ${a.attempt}${a.lastFailure?.message ? `, last failure: ${a.lastFailure.message}` : ''}`,
  );
  const task = description.raw.pendingWorkflowTask;
  if (task) pending.push(`a workflow task (attempt ${task.attempt})`);
  return pending.length ? `waiting on ${pending.join('; ')}` : 'no activity or workflow task pending';
}
