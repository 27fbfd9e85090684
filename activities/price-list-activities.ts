/**
 * The price list (stock feed): build a candidate from the ledger, check it against the XSD and the
 * guardrails, and publish it as a new version — or keep the last good one and say why in log_events.
 * Run by the price-list workflow's activity after a stock change, and by `feed diff` / `feed write` /
 * `feed publish` in the CLI with the same dependencies.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../platform/prisma-client.js';
import type { PriceListSettings } from '../platform/feed-config.js';
import type { WarehouseMapping } from '../domain/warehouse.js';
import type { PriceListDocument } from '../domain/price-list.js';
import { kaspiStoreIds } from '../domain/kaspi-store-ids.js';
import { buildPriceList, figuresOf, totalStockOf, type LeftOut, type PriceListFigures } from '../domain/price-list-offers.js';
import { judgePriceList, type GuardrailVerdict } from '../domain/price-list-guardrails.js';
import { diffPriceLists, type PriceListDiff } from '../domain/price-list-diff.js';
import { renderPriceListXml } from '../price-list/render-xml.js';
import { validatePriceListXml, XmlValidatorMissingError, type SchemaVerdict } from '../price-list/validate-xml.js';
import { readPriceListInputs, unitsReservedSince } from './database/price-list-inputs.js';
import { insertVersion, latestPublishedVersion, lockPublishing, pruneVersions, type PublishedVersion } from './database/price-list-versions.js';
import { recordEvent } from './database/business-events.js';
import { inTransaction, type Tx } from './database/transaction.js';

export interface PriceListDependencies {
  db: Database;
  warehouseMapping: WarehouseMapping;
  /** Undefined when the shop has no feed configured (KASPI_COMPANY / KASPI_MERCHANT_ID unset). */
  priceList?: PriceListSettings;
  now?: () => number;
}

export interface PriceListCandidate {
  document: PriceListDocument;
  xml: string;
  /** sha256 of the document without its date: the same figures give the same hash and ETag. */
  contentHash: string;
  figures: PriceListFigures;
  offerCount: number;
  totalStock: number;
  leftOut: LeftOut[];
  ledgerPosition: number;
  schema: SchemaVerdict;
}

export interface PriceListPreview {
  candidate: PriceListCandidate;
  published?: PublishedVersion;
  diff: PriceListDiff;
  /** The schema first, then the guardrails. */
  verdict: GuardrailVerdict | { publish: false; rule: 'schema'; reason: string };
  unitsReservedSince: number;
}

export type PublishOutcome =
  | { outcome: 'published'; versionId: number; offerCount: number; totalStock: number; leftOut: number }
  | { outcome: 'unchanged'; versionId: number }
  | { outcome: 'refused'; rule: string; reason: string; servingVersionId?: number };

/** About two days of versions at one a minute while stock keeps moving. */
export const DEFAULT_KEPT_VERSIONS = 3000;

export const PriceListFailureTypes = {
  notConfigured: 'PriceListNotConfigured',
  validatorMissing: 'XmlValidatorMissing',
} as const;

function settingsOf(deps: PriceListDependencies): PriceListSettings {
  if (!deps.priceList) {
    throw ApplicationFailure.nonRetryable('no price list configured: set KASPI_COMPANY and KASPI_MERCHANT_ID', PriceListFailureTypes.notConfigured);
  }
  return deps.priceList;
}

export async function previewPriceList(deps: PriceListDependencies, options: { acceptDrop?: boolean } = {}): Promise<PriceListPreview> {
  const settings = settingsOf(deps);
  const inputs = await readPriceListInputs(deps.db);
  const built = buildPriceList(inputs.products, kaspiStoreIds(inputs.warehouses, deps.warehouseMapping), settings);
  const xml = renderPriceListXml(built.document, (deps.now ?? Date.now)());
  let schema: SchemaVerdict;
  try {
    schema = await validatePriceListXml(xml);
  } catch (error) {
    if (error instanceof XmlValidatorMissingError) throw ApplicationFailure.nonRetryable(error.message, PriceListFailureTypes.validatorMissing);
    throw error;
  }
  const figures = figuresOf(built.document);
  const candidate: PriceListCandidate = {
    document: built.document,
    xml,
    contentHash: createHash('sha256').update(JSON.stringify(built.document)).digest('hex'),
    figures,
    offerCount: built.document.offers.length,
    totalStock: totalStockOf(figures),
    leftOut: built.leftOut,
    ledgerPosition: inputs.ledgerPosition,
    schema,
  };
  const published = await latestPublishedVersion(deps.db);
  const sold = published ? await unitsReservedSince(deps.db, published.ledgerPosition) : 0;
  const guard = judgePriceList({ candidate, published, unitsSoldSince: sold, maxDropShare: settings.maxDropShare, acceptDrop: options.acceptDrop });
  // An empty candidate fails the schema too (it requires an offer); the guardrail's reason says more.
  const verdict = !schema.valid && guard.publish
    ? { publish: false as const, rule: 'schema' as const, reason: `the file does not match kaspi_catalog.xsd: ${schema.errors.join('; ')}` }
    : guard;
  return { candidate, published, diff: diffPriceLists(published?.figures, figures), verdict, unitsReservedSince: sold };
}

/** Publishes the candidate as the new served version, unless it is unchanged or a rule refuses it. */
export async function publishPriceList(deps: PriceListDependencies, options: { acceptDrop?: boolean } = {}): Promise<PublishOutcome> {
  const settings = settingsOf(deps);
  return inTransaction(deps.db, async (tx) => {
    await lockPublishing(tx);
    const preview = await previewPriceList(deps, options);
    const { candidate, published, verdict } = preview;
    if (!verdict.publish) {
      await recordRefusal(tx, deps.db, preview, verdict.rule, verdict.reason);
      return { outcome: 'refused', rule: verdict.rule, reason: verdict.reason, ...(published ? { servingVersionId: published.id } : {}) };
    }
    if (published && published.contentHash === candidate.contentHash) {
      if (!sameLeftOut(published.leftOut, candidate.leftOut)) {
        await tx.priceListVersion.update({ where: { id: published.id }, data: { leftOut: candidate.leftOut as object[] } });
        await recordLeftOut(tx, candidate.leftOut);
      }
      return { outcome: 'unchanged', versionId: published.id };
    }
    const version = await insertVersion(tx, {
      contentHash: candidate.contentHash,
      xml: candidate.xml,
      offerCount: candidate.offerCount,
      totalStock: candidate.totalStock,
      ledgerPosition: candidate.ledgerPosition,
      figures: candidate.figures,
      leftOut: candidate.leftOut,
    }, new Date((deps.now ?? Date.now)()));
    await recordEvent(tx, {
      message: `price list published: ${version.offerCount} offers, ${version.totalStock} units (version ${version.id})`,
      extra: {
        versionId: version.id,
        offerCount: version.offerCount,
        totalStock: version.totalStock,
        added: preview.diff.added.length,
        removed: preview.diff.removed.length,
        stockChanges: preview.diff.stockChanges.length,
        ...(options.acceptDrop ? { acceptDrop: true } : {}),
      },
    });
    if (!sameLeftOut(published?.leftOut ?? [], candidate.leftOut)) await recordLeftOut(tx, candidate.leftOut);
    await pruneVersions(tx, settings.keepVersions ?? DEFAULT_KEPT_VERSIONS);
    return { outcome: 'published', versionId: version.id, offerCount: version.offerCount, totalStock: version.totalStock, leftOut: candidate.leftOut.length };
  });
}

const REFUSED = 'price list refused';

/** One event per distinct refusal: the same reason again (every change while input stays broken) is not repeated. */
async function recordRefusal(tx: Tx, db: Database, preview: PriceListPreview, rule: string, reason: string): Promise<void> {
  const last = await db.logEvent.findFirst({ where: { message: { startsWith: 'price list ' } }, orderBy: { id: 'desc' }, select: { message: true } });
  const published = preview.published;
  const message = `${REFUSED}: ${reason}; ${published ? `still serving version ${published.id} of ${published.createdAt.toISOString()}` : 'nothing is served yet'}`;
  if (last?.message === message) return;
  await recordEvent(tx, {
    level: 'WARNING',
    message,
    extra: {
      rule,
      candidate: { offerCount: preview.candidate.offerCount, totalStock: preview.candidate.totalStock },
      ...(published ? { published: { versionId: published.id, offerCount: published.offerCount, totalStock: published.totalStock } } : {}),
      unitsReservedSince: preview.unitsReservedSince,
      ...(preview.candidate.leftOut.length > 0 ? { leftOut: preview.candidate.leftOut } : {}),
    },
  });
}

async function recordLeftOut(tx: Tx, leftOut: LeftOut[]): Promise<void> {
  await recordEvent(tx, {
    level: leftOut.length > 0 ? 'WARNING' : 'INFO',
    message: leftOut.length > 0 ? `price list leaves out ${leftOut.length} products or warehouses` : 'price list leaves nothing out any more',
    extra: { leftOut },
  });
}

function sameLeftOut(a: LeftOut[], b: LeftOut[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The worker's activities for the price list, bound to their dependencies (names recorded in histories). */
export function createPriceListActivities(deps: PriceListDependencies) {
  return {
    publishPriceList: (options: { acceptDrop?: boolean } = {}) => publishPriceList(deps, options),
  };
}

export type PriceListActivities = ReturnType<typeof createPriceListActivities>;
