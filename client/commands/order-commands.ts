/** `kaspi-sync order show <code>`, `kaspi-sync order retry <code>`, `kaspi-sync orders held` (also `orders flagged`) */
import type { CommandContext } from '../cli-context.js';
import { ExitCode, UsageError } from '../errors.js';
import { awaitedPreOrders, heldOrders, orderReport, statusProblems, type OrderReport } from '../order-status.js';
import { NothingToRetryError, retryOrder } from '../order-retry.js';
import { parseSyncSettings, scheduleSettingsFromEnv } from '../../platform/config.js';
import { parseCommandArgs, requiredPositional } from './arguments.js';
import { ORDER_ASSEMBLE_USAGE, runOrderAssemble } from './packing-commands.js';
import { overdueReturns } from '../../activities/database/return-receipt.js';
import { DEFAULT_SYNC_SETTINGS } from '../../domain/sync-settings.js';
import { ORDER_COMPLETE_USAGE, ORDER_RECEIVED_USAGE, runOrderComplete, runOrderReceived } from './return-commands.js';
import { ORDER_ARRIVED_USAGE, runOrderArrived } from './pre-order-commands.js';

export const ORDER_USAGE = [
  'order show <code>                     the order in the database and its workflow (stage, outcome, why held)',
  'order retry <code> [--settings JSON]  after fixing the cause: re-check a held order now, or run it again',
  'orders held                           orders held for an operator, oldest first, with the reason, and orders whose status Kaspi does not answer usably (`orders flagged` is the same)',
  ORDER_ASSEMBLE_USAGE,
  ORDER_COMPLETE_USAGE,
  ORDER_RECEIVED_USAGE,
  ORDER_ARRIVED_USAGE,
];

export async function runOrderCommand(args: string[], context: CommandContext): Promise<number> {
  const usage = ORDER_USAGE.join('\n       ');
  const { values, positionals } = parseCommandArgs(
    args,
    { settings: { type: 'string' }, places: { type: 'string' }, code: { type: 'string' }, good: { type: 'string' }, damaged: { type: 'string' }, line: { type: 'string', multiple: true } },
    usage,
  );
  const orderCode = () => requiredPositional(positionals, 1, 'order code', usage);
  switch (positionals[0]) {
    case 'show':
      printOrder(await orderReport(context.database(), await context.temporal(), orderCode()), context.io.out);
      return ExitCode.ok;
    case 'retry': {
      const code = orderCode();
      const settings = values.settings ? parseSyncSettings(values.settings, '--settings') : scheduleSettingsFromEnv(context.io.env).syncSettings;
      try {
        const outcome = await retryOrder(context.database(), await context.temporal(), code, { taskQueue: context.taskQueue(), settings });
        context.io.out(
          outcome.kind === 'signalled'
            ? `order ${code}: its workflow ${outcome.workflowId} was waiting and re-checks now; see \`kaspi-sync order show ${code}\``
            : `order ${code}: started ${outcome.workflowId} again; see \`kaspi-sync order show ${code}\``,
        );
        return ExitCode.ok;
      } catch (error) {
        if (!(error instanceof NothingToRetryError)) throw error;
        context.io.err(error.message);
        return ExitCode.failed;
      }
    }
    case 'assemble':
      return runOrderAssemble(orderCode(), values.places, context);
    case 'complete':
      return runOrderComplete(orderCode(), values.code, context);
    case 'received':
      return runOrderReceived(orderCode(), values, context);
    case 'arrived':
      return runOrderArrived(orderCode(), context);
    default:
      throw new UsageError(`unknown order command "${positionals[0] ?? ''}"\nusage: ${usage}`);
  }
}

export async function runOrdersCommand(args: string[], context: CommandContext): Promise<number> {
  const usage = ORDER_USAGE[2];
  const { positionals } = parseCommandArgs(args, {}, usage);
  // `flagged` is the name earlier releases documented; operators' scripts may use it.
  if (positionals[0] !== 'held' && positionals[0] !== 'flagged') throw new UsageError(`unknown orders command "${positionals[0] ?? ''}"\nusage: ${usage}`);
  const orders = await heldOrders(context.database());
  if (orders.length === 0) {
    context.io.out('no orders are held');
  } else {
    context.io.out(`${orders.length} held order(s); fix the cause, then \`kaspi-sync order retry <code>\`:`);
    for (const order of orders) {
      const created = order.kaspiCreatedAt ? `created ${order.kaspiCreatedAt.toISOString()}, ` : '';
      context.io.out(`  ${order.orderCode}  ${order.warehouse || '(no warehouse)'}  ${created}held since ${order.heldSince.toISOString()}: ${order.holdReason}`);
    }
  }
  const receiptDays = scheduleSettingsFromEnv(context.io.env).syncSettings?.returnReceiptDays ?? DEFAULT_SYNC_SETTINGS.returnReceiptDays;
  const overdue = await overdueReturns(context.database(), receiptDays);
  if (overdue.length > 0) {
    context.io.out(`${overdue.length} return(s) not received within ${receiptDays} day(s); find the goods, then \`kaspi-sync order received <code> --good N --damaged M\`:`);
    for (const r of overdue) context.io.out(`  ${r.orderCode}  travelling back since ${r.returningSince.toISOString()}`);
  }
  const awaited = await awaitedPreOrders(context.database());
  if (awaited.length > 0) {
    context.io.out(`${awaited.length} pre-order(s) accepted without stock, goods awaited; load them, then \`kaspi-sync order arrived <code>\` before Kaspi's deadline:`);
    for (const p of awaited) context.io.out(`  ${p.orderCode}  ${p.warehouse}  deadline ${p.deadline.toISOString()}${p.dueSoon ? '  DUE SOON' : ''}  (awaited since ${p.awaitingSince.toISOString()})`);
  }
  const problems = await statusProblems(context.database());
  if (problems.length > 0) {
    context.io.out(`${problems.length} order(s) whose status Kaspi does not answer usably (status tracking tries again each run):`);
    for (const p of problems) context.io.out(`  ${p.orderCode}  ${p.syncState}: ${p.problem}`);
  }
  return ExitCode.ok;
}

function printOrder({ orderCode, record, workflow }: OrderReport, out: (line: string) => void): void {
  out(`order ${orderCode}`);
  if (record) {
    out(`  kaspi-sync state: ${record.syncState}${record.holdReason ? ` — held: ${record.holdReason}` : ''}`);
    out(`  Kaspi: ${record.status}${record.kaspiState ? ` (${record.kaspiState})` : ''}${record.cancellationReason ? `, cancellation reason ${record.cancellationReason}` : ''}`);
    out(`  warehouse: ${record.stockName || '(unknown)'}, ${record.isKaspiDelivery ? 'Kaspi Delivery' : 'own delivery / pickup'}`);
    if (record.kaspiCreatedAt) out(`  created on Kaspi: ${record.kaspiCreatedAt.toISOString()}`);
    if (record.acceptedAt) out(`  accepted: ${record.acceptedAt.toISOString()}`);
    if (record.statusCheckProblem) out(`  status tracking cannot use Kaspi's answer for it: ${record.statusCheckProblem}`);
    if (record.nextStatusCheckAt) out(`  next status read of its own: ${record.nextStatusCheckAt.toISOString()}`);
    for (const line of record.lines) out(`  line ${line.lineNumber ?? '-'}: ${line.quantity} × ${line.productCode}${line.productName ? ` (${line.productName})` : ''}`);
    if (record.isKaspiDelivery) {
      out(`  waybill: ${record.waybillNumber ?? (record.waybillUrl ? 'stored' : 'not yet')}${record.assembled ? `, assembled${record.numberOfSpace ? ` in ${record.numberOfSpace} parcel(s)` : ''}` : ''}`);
      if (record.deskAssemblyReason && !record.assembled) out(`  assembly: ${record.deskAssemblyReason.replace('<code>', orderCode)}`);
      if (record.assemblyWaitingFor && !record.assembled) out(`  assembly waiting for: ${record.assemblyWaitingFor.replace('<code>', orderCode)}`);
      if (record.waybillLinkExpiredAt) out(`  waybill link expired at hand-over (${record.waybillLinkExpiredAt.toISOString()}): print it from the Kaspi cabinet`);
    }
  } else {
    out('  no database row yet (the workflow has not recorded the order)');
  }
  if (workflow) {
    const details = [workflow.stage && `stage: ${workflow.stage}`, workflow.outcome && `outcome: ${workflow.outcome}`, workflow.reason && `reason: ${workflow.reason}`]
      .filter(Boolean)
      .join(', ');
    out(`  workflow ${workflow.workflowId}: ${workflow.status}${details ? ` — ${details}` : ''}${workflow.attempts ? ` (${workflow.attempts} attempt(s))` : ''}`);
  } else {
    out('  workflow: none (never started here, or past the namespace retention)');
  }
}
