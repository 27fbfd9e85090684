/**
 * One sender of ASSEMBLE per order. A second ASSEMBLE makes Kaspi issue a second waybill (the first label
 * becomes invalid), and two paths can want to send it: the order's own workflow and the sync run's waybill
 * step, or two overlapping runs. Each claims the order here first, compare-and-set; only the holder sends.
 * The holder's own retries keep the claim (they re-read the order before repeating). A holder that only read
 * (ASSEMBLE sent earlier and not confirmed yet) hands it back, so whoever looks after the confirm window may
 * send; a claim nobody has used for CLAIM_STALE_MS (its holder crashed mid-send or gave up) may be taken over.
 */
import type { Database } from '../../platform/prisma-client.js';

export const CLAIM_STALE_MS = 10 * 60_000;

/** What a sender may do, decided with the claim in one statement. */
export type SendingClaim =
  /** The claim is the sender's and the time of sending is recorded: send ASSEMBLE now. */
  | { kind: 'send' }
  /** ASSEMBLE was sent at `sentAt`, inside the confirm window: read Kaspi again, do not repeat. The claim is free. */
  | { kind: 'unconfirmed'; sentAt: Date }
  /** Another holds the claim, or the order is assembled. */
  | { kind: 'claimed-elsewhere' };

/**
 * The claim taken and the decision made in one statement (this runs for every Kaspi Delivery order): a sender
 * that may send gets the claim with the time of sending recorded (before the request leaves, so a lost reply is
 * known to have maybe arrived); an ASSEMBLE sent inside the last `confirmWindowMs` leaves the claim free — only
 * read, nothing sent, so whoever looks after the window may send — and the time of sending as it was.
 */
export async function claimToSend(db: Database, orderId: string, owner: string, confirmWindowMs: number, now = Date.now()): Promise<SendingClaim> {
  const at = new Date(now);
  // ASSEMBLE sent before this (or never) may be sent now. The condition is written out in each CASE rather than
  // read from a subquery: a FROM subquery would keep its snapshot's assemble_sent_at when a concurrent claim
  // commits first, while these CASEs are evaluated on the row version the UPDATE locks.
  const sendableIfSentBefore = new Date(now - confirmWindowMs);
  const [row] = await db.$queryRaw<{ sending: boolean; assemble_sent_at: Date | null }[]>`
    UPDATE kaspi_orders SET
      assemble_claimed_by = CASE WHEN assemble_sent_at IS NULL OR assemble_sent_at <= ${sendableIfSentBefore} THEN ${owner} END,
      assemble_claimed_at = CASE WHEN assemble_sent_at IS NULL OR assemble_sent_at <= ${sendableIfSentBefore} THEN ${at}::timestamp END,
      assembly_waiting_for = CASE WHEN assemble_sent_at IS NULL OR assemble_sent_at <= ${sendableIfSentBefore} THEN NULL ELSE assembly_waiting_for END,
      assemble_sent_at = CASE WHEN assemble_sent_at IS NULL OR assemble_sent_at <= ${sendableIfSentBefore} THEN ${at}::timestamp ELSE assemble_sent_at END,
      updated_at = ${at}
    WHERE order_id = ${orderId} AND assembled = false
      AND (assemble_claimed_by IS NULL OR assemble_claimed_by = ${owner} OR assemble_claimed_at < ${new Date(now - CLAIM_STALE_MS)})
    RETURNING assemble_claimed_by IS NOT NULL AS sending, assemble_sent_at`;
  if (!row) return { kind: 'claimed-elsewhere' };
  return row.sending ? { kind: 'send' } : { kind: 'unconfirmed', sentAt: row.assemble_sent_at! };
}

/** The holder is not sending (Kaspi refused it outright, or it only read an unconfirmed one): another step may. */
export async function releaseAssembleClaim(db: Database, orderId: string, owner: string): Promise<void> {
  await db.$executeRaw`
    UPDATE kaspi_orders SET assemble_claimed_by = NULL, assemble_claimed_at = NULL
    WHERE order_id = ${orderId} AND assemble_claimed_by = ${owner}`;
}

/**
 * Who is asking: the workflow. Every activity of one order workflow is the same sender (its assemble step
 * re-reads after a lost reply in a later activity), and one sync run collects an order once.
 */
export function claimOwner(info: { workflowExecution?: { workflowId: string }; activityId: string }): string {
  return (info.workflowExecution?.workflowId ?? `no-workflow/${info.activityId}`).slice(0, 200);
}
