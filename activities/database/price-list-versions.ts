/**
 * The published price lists (price_list_versions). The newest row is what the feed URL serves; nothing but
 * a published version is ever written here, so a refused candidate leaves the last good one in place.
 */
import type { Database } from '../../platform/prisma-client.js';
import type { Tx } from './transaction.js';
import type { LeftOut, PriceListFigures } from '../../domain/price-list-offers.js';

export interface PublishedVersion {
  id: number;
  createdAt: Date;
  contentHash: string;
  offerCount: number;
  totalStock: number;
  ledgerPosition: number;
  figures: PriceListFigures;
  leftOut: LeftOut[];
}

export interface NewVersion {
  contentHash: string;
  xml: string;
  offerCount: number;
  totalStock: number;
  ledgerPosition: number;
  figures: PriceListFigures;
  leftOut: LeftOut[];
}

const summaryColumns = { id: true, createdAt: true, contentHash: true, offerCount: true, totalStock: true, ledgerPosition: true, figures: true, leftOut: true } as const;

export async function latestPublishedVersion(db: Database | Tx): Promise<PublishedVersion | undefined> {
  const row = await db.priceListVersion.findFirst({ orderBy: { id: 'desc' }, select: summaryColumns });
  return row ? { ...row, figures: row.figures as unknown as PriceListFigures, leftOut: row.leftOut as unknown as LeftOut[] } : undefined;
}

/** What the server needs to answer a conditional GET without loading the file. */
export async function latestVersionStamp(db: Database): Promise<{ id: number; contentHash: string; createdAt: Date } | undefined> {
  return (await db.priceListVersion.findFirst({ orderBy: { id: 'desc' }, select: { id: true, contentHash: true, createdAt: true } })) ?? undefined;
}

export async function versionXml(db: Database, id: number): Promise<string | undefined> {
  return (await db.priceListVersion.findUnique({ where: { id }, select: { xml: true } }))?.xml;
}

export async function insertVersion(tx: Tx, version: NewVersion, createdAt: Date): Promise<PublishedVersion> {
  const row = await tx.priceListVersion.create({
    data: { ...version, figures: version.figures as object, leftOut: version.leftOut as object[], createdAt },
    select: summaryColumns,
  });
  return { ...row, figures: version.figures, leftOut: version.leftOut };
}

/** One publisher at a time (the workflow's activity and `feed publish` by hand): held until the transaction ends. */
export async function lockPublishing(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kaspi-sync:price-list'))`;
}

/**
 * Versions are kept for diffs and audits, not forever: a busy shop publishes up to one a minute, each with the
 * whole file. Everything older than the newest `keep` goes; the served (newest) version never does.
 */
export async function pruneVersions(tx: Tx, keep: number): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM price_list_versions
     WHERE id <= (SELECT id FROM price_list_versions ORDER BY id DESC OFFSET ${Math.max(1, keep)} LIMIT 1)`;
}
