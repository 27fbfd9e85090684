/**
 * `kaspi-sync order assemble <code> --places N`: the packing desk sends ASSEMBLE with the parcels it packed —
 * for orders kaspi-sync leaves to it (parcel rule manual, or accepted in the Kaspi cabinet), or by hand for any
 * accepted Kaspi Delivery order kaspi-sync has not assembled yet. It takes the same ASSEMBLE claim as the
 * order workflow and the sync run's waybill step (activities/database/assemble-claim.ts), so the three never
 * both send one: a second ASSEMBLE makes Kaspi issue a second waybill and voids the first label. The sync
 * run's waybill step then stores the waybill as for any other order.
 */
import { KaspiBadRequestError, type KaspiClient, type KaspiOrder } from '../kaspi/index.js';
import { SyncState } from '../domain/order-lifecycle.js';
import type { Database } from '../platform/prisma-client.js';
import { claimToSend, releaseAssembleClaim } from '../activities/database/assemble-claim.js';
import { recordEvent } from '../activities/database/business-events.js';
import { markAssembled } from '../activities/database/reservations.js';
import { DEFAULT_SYNC_SETTINGS } from '../domain/sync-settings.js';
import { NotFoundError } from './errors.js';

/** The desk's request cannot be carried out now; the message says why and what to do. */
export class PackingDeskRefusal extends Error {
  override name = 'PackingDeskRefusal';
}

/** The desk waits out an unconfirmed ASSEMBLE as long as kaspi-sync's default does (assembleConfirmMinutes). */
const DESK_CONFIRM_WINDOW_MS = DEFAULT_SYNC_SETTINGS.assembleConfirmMinutes * 60_000;

export type DeskAssembleOutcome = { kind: 'assembled'; places: number } | { kind: 'already-assembled'; waybillNumber: string | null };

export async function assembleAtPackingDesk(db: Database, kaspi: KaspiClient, orderCode: string, places: number): Promise<DeskAssembleOutcome> {
  const row = await db.kaspiOrder.findFirst({ where: { orderCode } });
  if (!row) throw new NotFoundError(`order ${orderCode} is not in kaspi-sync's database (not taken in yet, or another shop's)`);
  if (!row.isKaspiDelivery) throw new PackingDeskRefusal(`order ${orderCode} is not a Kaspi Delivery order: Kaspi assembles none and issues no waybill for it`);
  if (row.syncState !== SyncState.ACCEPTED) {
    throw new PackingDeskRefusal(`order ${orderCode} is ${row.syncState} in kaspi-sync, not ACCEPTED: only accepted orders are assembled (see \`kaspi-sync order show ${orderCode}\`)`);
  }
  const order = await kaspi.getOrder(row.orderId);
  if (!order) throw new PackingDeskRefusal(`Kaspi does not know order ${orderCode} (id ${row.orderId})`);
  if (order.assembled) {
    await markAssembled(db, row.orderId);
    return { kind: 'already-assembled', waybillNumber: order.kaspiDelivery?.waybillNumber ?? null };
  }
  const notNow = whyKaspiWouldRefuse(order);
  if (notNow) throw new PackingDeskRefusal(`order ${orderCode} cannot be assembled now: ${notNow}`);

  const owner = `packing-desk/${orderCode}`;
  // The claim and the time of sending in one statement, as kaspi-sync's own senders take them: recorded before
  // the request leaves, so a lost reply is not repeated by anyone.
  const claim = await claimToSend(db, row.orderId, owner, DESK_CONFIRM_WINDOW_MS);
  if (claim.kind === 'claimed-elsewhere') {
    const holder = await db.kaspiOrder.findUnique({ where: { orderId: row.orderId }, select: { assembleClaimedBy: true, assembleClaimedAt: true } });
    throw new PackingDeskRefusal(
      `order ${orderCode} is being assembled by ${holder?.assembleClaimedBy ?? 'another step'} (since ${holder?.assembleClaimedAt?.toISOString() ?? '?'}); not sending a second ASSEMBLE`,
    );
  }
  if (claim.kind === 'unconfirmed') {
    // kaspi-sync sent one moments ago and Kaspi does not show it yet (a lost reply): it may still arrive. The claim
    // stays free, so whoever looks after the window may send.
    throw new PackingDeskRefusal(
      `kaspi-sync sent ASSEMBLE for order ${orderCode} at ${claim.sentAt.toISOString()} and Kaspi does not show it yet; it may still arrive: ` +
        `not sending a second one — try again after ${new Date(claim.sentAt.getTime() + DESK_CONFIRM_WINDOW_MS).toISOString()}`,
    );
  }
  try {
    await kaspi.assembleOrder({ id: order.id, code: order.code }, places);
  } catch (error) {
    // Whatever went wrong, the order itself says whether the ASSEMBLE arrived (a lost reply is not a refusal).
    const assembledAfterAll = await kaspi.getOrder(order.id).then((o) => o?.assembled === true, () => false);
    if (!assembledAfterAll) {
      if (error instanceof KaspiBadRequestError) {
        await db.kaspiOrder.update({ where: { orderId: row.orderId }, data: { assembleSentAt: null } });
        await releaseAssembleClaim(db, row.orderId, owner);
        throw new PackingDeskRefusal(`Kaspi refused ASSEMBLE for order ${orderCode}: ${error.message}`);
      }
      // The claim stays with the desk: nobody repeats an ASSEMBLE that may still reach Kaspi.
      throw new PackingDeskRefusal(
        `no usable answer from Kaspi for ASSEMBLE of order ${orderCode} (${(error as Error).message}). It may still have arrived: ` +
          `do not repeat it now — check \`kaspi-sync order show ${orderCode}\` in a few minutes`,
      );
    }
  }
  await markAssembled(db, row.orderId, places);
  await recordEvent(db, { message: 'assembled at the packing desk', orderCode, extra: { places } });
  return { kind: 'assembled', places };
}

/** Kaspi's preconditions for ASSEMBLE (docs/kaspi-api.md §3.3, T5), checked before sending. */
function whyKaspiWouldRefuse(order: KaspiOrder): string | null {
  if (order.status !== 'ACCEPTED_BY_MERCHANT') return `Kaspi shows it ${order.status}`;
  if (order.state !== 'KASPI_DELIVERY') return `Kaspi lists it under ${order.state}, not KASPI_DELIVERY (e.g. still waiting for the buyer's signature)`;
  if (order.kaspiDelivery?.courierTransmissionDate != null) return 'it is already handed over to the courier';
  return null;
}
