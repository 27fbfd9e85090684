/**
 * What an operator needs to know about one order: where it is on Kaspi, what kaspi-sync did about it and
 * why it is held, and what its workflow is doing now. Customer names and phone numbers are never read.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { preOrderDeadline, preOrderDueSoon } from '../domain/pre-order-deadline.js';
import { orderWorkflowId } from '../domain/temporal-names.js';
import { SyncState } from '../domain/order-lifecycle.js';
import { orderProgressQuery, type OrderProgress } from '../workflows/messages.js';
import type { Database } from '../platform/prisma-client.js';
import { NotFoundError } from './errors.js';

/** Only the columns an operator may see: customer_name and customer_phone are never selected. */
const operatorColumns = {
  orderId: true,
  orderCode: true,
  stockName: true,
  status: true,
  kaspiState: true,
  syncState: true,
  holdReason: true,
  statusCheckProblem: true,
  nextStatusCheckAt: true,
  isKaspiDelivery: true,
  kaspiCreatedAt: true,
  acceptedAt: true,
  assembled: true,
  numberOfSpace: true,
  deskAssemblyReason: true,
  assemblyWaitingFor: true,
  waybillLinkExpiredAt: true,
  waybillNumber: true,
  waybillUrl: true,
  cancellationReason: true,
  updatedAt: true,
  lines: { select: { lineNumber: true, productCode: true, productName: true, quantity: true }, orderBy: { lineNumber: 'asc' } },
} as const;

export type OrderRecord = NonNullable<Awaited<ReturnType<typeof findOrderRecord>>>;

export interface OrderWorkflowState {
  workflowId: string;
  status: string;
  /** Live progress from a running workflow (query), or the outcome it finished with (memo). */
  stage?: string;
  outcome?: string;
  reason?: string;
  attempts?: number;
}

export interface OrderReport {
  orderCode: string;
  record?: OrderRecord;
  workflow?: OrderWorkflowState;
}

/** The newest row for an order code (codes are unique on Kaspi in practice, but the column is not). */
export function findOrderRecord(db: Database, orderCode: string) {
  return db.kaspiOrder.findFirst({ where: { orderCode }, orderBy: { id: 'desc' }, select: operatorColumns });
}

export async function orderWorkflowState(client: Client, orderCode: string): Promise<OrderWorkflowState | undefined> {
  const handle = client.workflow.getHandle(orderWorkflowId(orderCode));
  let description;
  try {
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
  const state: OrderWorkflowState = { workflowId: handle.workflowId, status: description.status.name };
  if (description.status.name === 'RUNNING') {
    const progress: OrderProgress = await handle.query(orderProgressQuery);
    return { ...state, stage: progress.stage, outcome: progress.outcome, reason: progress.reason, attempts: progress.attempts };
  }
  const memo = (await description.memo) ?? {};
  return { ...state, outcome: memo.outcome as string | undefined, reason: (memo.reason as string | null | undefined) ?? undefined };
}

export async function orderReport(db: Database, client: Client, orderCode: string): Promise<OrderReport> {
  const [record, workflow] = await Promise.all([findOrderRecord(db, orderCode), orderWorkflowState(client, orderCode)]);
  if (!record && !workflow) {
    throw new NotFoundError(`kaspi-sync knows no order ${orderCode}: no database row and no workflow ${orderWorkflowId(orderCode)}.`);
  }
  return { orderCode, record: record ?? undefined, workflow };
}

export interface HeldOrder {
  orderCode: string;
  warehouse: string;
  holdReason: string;
  kaspiCreatedAt: Date | null;
  heldSince: Date;
}

/** Held orders: waiting for an operator, oldest first (Kaspi cancels unaccepted orders after a while). */
export async function heldOrders(db: Database): Promise<HeldOrder[]> {
  const rows = await db.kaspiOrder.findMany({
    where: { syncState: SyncState.HELD },
    orderBy: [{ kaspiCreatedAt: 'asc' }, { id: 'asc' }],
    select: { orderCode: true, stockName: true, holdReason: true, kaspiCreatedAt: true, updatedAt: true },
  });
  return rows.map((row) => ({
    orderCode: row.orderCode,
    warehouse: row.stockName,
    holdReason: row.holdReason ?? '(no reason recorded)',
    kaspiCreatedAt: row.kaspiCreatedAt,
    heldSince: row.updatedAt,
  }));
}

export interface AwaitedPreOrder {
  orderCode: string;
  warehouse: string;
  awaitingSince: Date;
  deadline: Date;
  dueSoon: boolean;
}

/** Pre-orders accepted without stock whose goods are awaited, with Kaspi's deadline for ARRIVED, soonest first. */
export async function awaitedPreOrders(db: Database, now = Date.now()): Promise<AwaitedPreOrder[]> {
  const rows = await db.kaspiOrder.findMany({
    where: { awaitingGoodsSince: { not: null } },
    select: { orderCode: true, stockName: true, awaitingGoodsSince: true, kaspiCreatedAt: true, lines: { select: { productCode: true } } },
    take: 500,
  });
  const skus = [...new Set(rows.flatMap((r) => r.lines.map((l) => l.productCode)))];
  const leadDays = new Map((await db.product.findMany({ where: { sku: { in: skus } }, select: { sku: true, preorder: true } })).map((p) => [p.sku, p.preorder]));
  return rows
    .map((row) => {
      const deadline = preOrderDeadline((row.kaspiCreatedAt ?? row.awaitingGoodsSince!).getTime(), row.lines.map((l) => leadDays.get(l.productCode) ?? null));
      return { orderCode: row.orderCode, warehouse: row.stockName, awaitingSince: row.awaitingGoodsSince!, deadline: new Date(deadline), dueSoon: preOrderDueSoon(deadline, now) };
    })
    .sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
}

export interface StatusProblem {
  orderCode: string;
  syncState: string;
  problem: string;
}

/** Orders whose status Kaspi does not answer usably (status tracking skips them and tries again each run). */
export async function statusProblems(db: Database): Promise<StatusProblem[]> {
  const rows = await db.kaspiOrder.findMany({
    where: { statusCheckProblem: { not: null } },
    orderBy: { id: 'asc' },
    select: { orderCode: true, syncState: true, statusCheckProblem: true },
    take: 200,
  });
  return rows.map((row) => ({ orderCode: row.orderCode, syncState: row.syncState, problem: row.statusCheckProblem! }));
}
