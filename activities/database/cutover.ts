/**
 * The cut-over from the old script (kaspi_sync_cutover, one row): orders created before it are history —
 * kaspi-sync never takes stock for them, accepts or assembles them. Recorded by the adoption migration, moved
 * by `npm run cli -- cutover set` when the old script stops (docs/operating.md "Going live").
 */
import type { Database } from '../../platform/prisma-client.js';

/** Epoch ms of the cut-over; 0 when none is recorded (a database migrated before cut-overs existed has one). */
export async function cutoverTime(db: Database): Promise<number> {
  const row = await db.kaspiSyncCutover.findUnique({ where: { id: 1 } });
  return row?.cutoverAt.getTime() ?? 0;
}

export async function setCutover(db: Database, at: Date, source: string): Promise<void> {
  await db.kaspiSyncCutover.upsert({ where: { id: 1 }, create: { id: 1, cutoverAt: at, source }, update: { cutoverAt: at, source, recordedAt: new Date() } });
}

export async function cutoverRecord(db: Database): Promise<{ cutoverAt: Date; recordedAt: Date; source: string } | null> {
  return db.kaspiSyncCutover.findUnique({ where: { id: 1 }, select: { cutoverAt: true, recordedAt: true, source: true } });
}
