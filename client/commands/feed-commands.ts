/**
 * `kaspi-sync feed write --out FILE | diff | publish [--accept-drop]`: the price list by hand. `diff` shows what
 * publishing would change on Kaspi (and whether a guardrail would refuse it) without publishing; `write`
 * writes the file once, validated, for an upload in the cabinet; `publish` publishes now instead of waiting
 * for the worker, and with --accept-drop publishes a drop the guardrails refuse (never an empty list).
 */
import { rename, writeFile } from 'node:fs/promises';
import type { CommandContext } from '../cli-context.js';
import { ExitCode, UsageError } from '../errors.js';
import { warehouseMappingFromEnv } from '../../platform/config.js';
import { requiredPriceListSettings } from '../../platform/feed-config.js';
import { previewPriceList, publishPriceList, type PriceListDependencies, type PriceListPreview } from '../../activities/price-list-activities.js';
import { parseCommandArgs } from './arguments.js';

export const FEED_USAGE = [
  'feed diff                                 what publishing the price list now would change on Kaspi, and what is left out',
  'feed write --out FILE                     write the price list (kaspi_catalog XML) once, validated',
  'feed publish [--accept-drop]              publish the price list now (--accept-drop: past the drop guardrail)',
];

const options = { out: { type: 'string' }, 'accept-drop': { type: 'boolean' } } as const;

export async function runFeedCommand(args: string[], context: CommandContext): Promise<number> {
  const usage = FEED_USAGE.join('\n       ');
  const { values, positionals } = parseCommandArgs(args, options, usage);
  const deps: PriceListDependencies = {
    db: context.database(),
    warehouseMapping: warehouseMappingFromEnv(context.io.env),
    priceList: requiredPriceListSettings(context.io.env),
  };
  switch (positionals[0]) {
    case 'diff':
      return diff(context, await previewPriceList(deps));
    case 'write': {
      if (!values.out) throw new UsageError(`feed write needs --out FILE\nusage: ${usage}`);
      return write(context, await previewPriceList(deps), values.out);
    }
    case 'publish': {
      const outcome = await publishPriceList(deps, { acceptDrop: values['accept-drop'] });
      if (outcome.outcome === 'refused') {
        context.io.err(`refused (${outcome.rule}): ${outcome.reason}${outcome.servingVersionId ? `; version ${outcome.servingVersionId} stays served` : ''}`);
        return ExitCode.failed;
      }
      context.io.out(outcome.outcome === 'published'
        ? `published version ${outcome.versionId}: ${outcome.offerCount} offers, ${outcome.totalStock} units, ${outcome.leftOut} left out`
        : `unchanged: version ${outcome.versionId} is already served`);
      return ExitCode.ok;
    }
    default:
      throw new UsageError(`unknown feed command "${positionals[0] ?? ''}"\nusage: ${usage}`);
  }
}

function describeCandidate(preview: PriceListPreview): string[] {
  const { candidate, published } = preview;
  return [
    `price list now: ${candidate.offerCount} offers, ${candidate.totalStock} units`,
    published
      ? `published: version ${published.id} of ${published.createdAt.toISOString()}, ${published.offerCount} offers, ${published.totalStock} units`
      : 'published: nothing yet (first publish)',
  ];
}

function describeLeftOut(preview: PriceListPreview): string[] {
  const { leftOut } = preview.candidate;
  if (leftOut.length === 0) return ['left out: nothing'];
  return [`left out: ${leftOut.length}`, ...leftOut.map((l) => `  ${l.warehouse ? `warehouse ${l.warehouse}` : (l.sku ?? '(no SKU)')}: ${l.reason}`)];
}

function describeVerdict(preview: PriceListPreview): string {
  return preview.verdict.publish ? 'would publish: yes' : `would publish: no (${preview.verdict.rule}) — ${preview.verdict.reason}`;
}

function diff(context: CommandContext, preview: PriceListPreview): number {
  const { diff: changes } = preview;
  const lines = [...describeCandidate(preview)];
  lines.push(`offers added: ${changes.added.length}${changes.added.length ? ` (${changes.added.join(', ')})` : ''}`);
  lines.push(`offers removed: ${changes.removed.length}${changes.removed.length ? ` (${changes.removed.join(', ')})` : ''}`);
  for (const p of changes.priceChanges) lines.push(`price ${p.sku}: ${p.from} → ${p.to}`);
  lines.push(changes.byWarehouse.length === 0 ? 'stock: no change' : 'stock by warehouse:');
  for (const w of changes.byWarehouse) {
    lines.push(`  ${w.storeId}: +${w.unitsUp} units on ${w.offersUp} offers, −${w.unitsDown} units on ${w.offersDown} offers`);
  }
  for (const c of changes.stockChanges) lines.push(`  ${c.sku} @ ${c.storeId}: ${c.from} → ${c.to}`);
  lines.push(...describeLeftOut(preview), describeVerdict(preview));
  for (const line of lines) context.io.out(line);
  return ExitCode.ok;
}

async function write(context: CommandContext, preview: PriceListPreview, out: string): Promise<number> {
  const { verdict, candidate } = preview;
  // A drop is the operator's call for a file they upload themselves; an empty or invalid file never is.
  if (!verdict.publish && (verdict.rule === 'empty' || verdict.rule === 'schema')) {
    context.io.err(`not written: ${verdict.reason}`);
    return ExitCode.failed;
  }
  const partial = `${out}.partial`;
  await writeFile(partial, candidate.xml, 'utf8');
  await rename(partial, out);
  for (const line of [...describeCandidate(preview), ...describeLeftOut(preview)]) context.io.out(line);
  if (!verdict.publish) context.io.err(`warning: the worker would refuse to publish this (${verdict.rule}): ${verdict.reason}`);
  context.io.out(`written: ${out}`);
  return ExitCode.ok;
}
