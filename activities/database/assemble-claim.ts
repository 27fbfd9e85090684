/**
 * One sender of ASSEMBLE per order. A second ASSEMBLE makes Kaspi issue a second waybill (the first label
 * becomes invalid), and two paths can want to send it: the order's own workflow and the sync run's waybill
 * step, or two overlapping runs. Each claims the order here first, compare-and-set; only the holder sends.
 * The holder's own retries keep the claim (they re-read the order before repeating). A claim nobody has used
 * for CLAIM_STALE_MS (its holder crashed or gave up) may be taken over.
 */
import type { Database } from '../../platform/prisma-client.js';

export const CLAIM_STALE_MS = 10 * 60_000;

/** True when `owner` now holds the claim (it was free, already its own, or stale); false when another holds it. */
export async function claimAssemble(db: Database, orderId: string, owner: string, now = Date.now()): Promise<boolean> {
  const claimed = await db.$executeRaw`
    UPDATE kaspi_orders SET assemble_claimed_by = ${owner}, assemble_claimed_at = ${new Date(now)}
    WHERE order_id = ${orderId} AND assembled = false
      AND (assemble_claimed_by IS NULL OR assemble_claimed_by = ${owner} OR assemble_claimed_at < ${new Date(now - CLAIM_STALE_MS)})`;
  return claimed === 1;
}

/** Kaspi refused the ASSEMBLE outright (not sent, nothing to wait for): another step may try later. */
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
