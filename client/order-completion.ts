/**
 * `kaspi-sync order complete <code>`: Kaspi's two-step COMPLETED for pickup and own-delivery orders (Kaspi
 * completes Kaspi Delivery orders itself). Step one asks Kaspi to text the buyer a code; the operator types the
 * code the buyer shows; step two completes the order with it. A wrong code is reported with Kaspi's words and
 * changes nothing; `--code` repeats step two only, without texting the buyer again. The delivery is recorded
 * at once through the lifecycle's own path (activities/database/status-changes.ts), lines re-read as at any
 * delivery.
 */
import { KaspiBadRequestError, type KaspiClient } from '../kaspi/index.js';
import { SyncState } from '../domain/order-lifecycle.js';
import type { SyncSettings } from '../domain/sync-settings.js';
import type { Database } from '../platform/prisma-client.js';
import { applyStatusChange } from '../activities/database/status-changes.js';
import { recordEvent } from '../activities/database/business-events.js';
import { readLinesNow } from '../activities/order-lines-now.js';
import { toStatusChange } from '../activities/status-tracking-activities.js';
import { NotFoundError } from './errors.js';

/** Kaspi or kaspi-sync cannot complete the order as asked; the message says why. */
export class CompletionRefusal extends Error {
  override name = 'CompletionRefusal';
}

export type CompletionOutcome = { kind: 'completed' } | { kind: 'already-completed' };

export interface CompletionRequest {
  /** Asks the operator for the code the buyer received; called after Kaspi has texted it. */
  askForCode: () => Promise<string>;
  /** A code the buyer already has: skip step one (no new text message). */
  code?: string;
  settings: Pick<SyncSettings, 'restockAfterHandover'>;
}

export async function completeWithBuyerCode(db: Database, kaspi: KaspiClient, orderCode: string, request: CompletionRequest): Promise<CompletionOutcome> {
  const row = await db.kaspiOrder.findFirst({ where: { orderCode } });
  if (!row) throw new NotFoundError(`order ${orderCode} is not in kaspi-sync's database (not taken in yet, or another shop's)`);
  if (row.isKaspiDelivery) throw new CompletionRefusal(`order ${orderCode} is a Kaspi Delivery order: Kaspi completes it itself when the buyer receives it`);
  const order = await kaspi.getOrder(row.orderId);
  if (!order) throw new CompletionRefusal(`Kaspi does not know order ${orderCode} (id ${row.orderId})`);
  const record = async () => applyStatusChange(db, toStatusChange((await kaspi.getOrder(row.orderId)) ?? order), request.settings, await readLinesNow(kaspi, row));
  if (order.status === 'COMPLETED') {
    await record();
    return { kind: 'already-completed' };
  }
  if (order.status !== 'ACCEPTED_BY_MERCHANT' || (row.syncState !== SyncState.ACCEPTED && row.syncState !== SyncState.RESERVED)) {
    throw new CompletionRefusal(`order ${orderCode} cannot be completed: Kaspi shows it ${order.status}, kaspi-sync ${row.syncState} (see \`kaspi-sync order show ${orderCode}\`)`);
  }
  const ref = { id: order.id, code: order.code };
  if (request.code === undefined) {
    await refusedAs(`Kaspi did not send the buyer a code for order ${orderCode}`, () => kaspi.requestCompletionCode(ref));
  }
  const code = (request.code ?? (await request.askForCode())).trim();
  if (!code) throw new CompletionRefusal(`no code typed: order ${orderCode} is not completed (the buyer's code stays valid: \`order complete ${orderCode} --code NNNN\`)`);
  try {
    await kaspi.completeWithCode(ref, code);
  } catch (error) {
    // A lost reply is not a refusal: the order itself says whether the completion arrived.
    const completedAfterAll = await kaspi.getOrder(order.id).then((o) => o?.status === 'COMPLETED', () => false);
    if (!completedAfterAll) {
      if (!(error instanceof KaspiBadRequestError)) throw error;
      throw new CompletionRefusal(
        `Kaspi refused the code for order ${orderCode}: ${error.message}. The order is not completed; ask the buyer for the code again and run \`order complete ${orderCode} --code NNNN\``,
      );
    }
  }
  await recordEvent(db, { message: 'order completed with the buyer\'s code', orderCode });
  await record();
  return { kind: 'completed' };
}

async function refusedAs(why: string, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (error instanceof KaspiBadRequestError) throw new CompletionRefusal(`${why}: ${error.message}`);
    throw error;
  }
}
