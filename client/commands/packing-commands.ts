/** The packing desk's commands: `kaspi-sync order assemble <code> --places N` and `kaspi-sync waybills print`. */
import { writeFile } from 'node:fs/promises';
import { KaspiClient } from '../../kaspi/index.js';
import { validPlaces } from '../../domain/parcel-rules.js';
import { kaspiSettingsFromEnv } from '../../platform/config.js';
import type { CommandContext } from '../cli-context.js';
import { ExitCode, UsageError } from '../errors.js';
import { assembleAtPackingDesk, PackingDeskRefusal } from '../packing-desk.js';
import { printWaybills } from '../waybill-print.js';
import { parseCommandArgs } from './arguments.js';

export const ORDER_ASSEMBLE_USAGE = 'order assemble <code> --places N    the packing desk assembles an accepted Kaspi Delivery order in N parcels (one ASSEMBLE, never a second)';

export const WAYBILLS_USAGE = [
  'waybills print --date YYYY-MM-DD [--warehouse PP1] --out FILE.pdf',
  '                                      one PDF of the day\'s stored waybills (Almaty day of acceptance) and a manifest page, listing orders still without one',
];

export async function runOrderAssemble(code: string, placesFlag: string | undefined, context: CommandContext): Promise<number> {
  if (placesFlag === undefined) throw new UsageError(`missing --places N (the parcels packed)\nusage: ${ORDER_ASSEMBLE_USAGE}`);
  const places = Number(placesFlag);
  if (!/^\d+$/.test(placesFlag.trim()) || !validPlaces(places)) throw new UsageError(`--places must be a whole number of at least 1, got "${placesFlag}"`);
  const kaspi = new KaspiClient(kaspiSettingsFromEnv(context.io.env));
  try {
    const outcome = await assembleAtPackingDesk(context.database(), kaspi, code, places);
    context.io.out(
      outcome.kind === 'assembled'
        ? `order ${code}: ASSEMBLE sent with ${outcome.places} parcel(s); Kaspi issues the waybill within minutes and the next sync run stores it`
        : `order ${code}: Kaspi shows it assembled already${outcome.waybillNumber ? ` (waybill ${outcome.waybillNumber})` : ''}; no second ASSEMBLE sent — it would void the first label`,
    );
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof PackingDeskRefusal)) throw error;
    context.io.err(error.message);
    return ExitCode.failed;
  }
}

export async function runWaybillsCommand(args: string[], context: CommandContext): Promise<number> {
  const usage = WAYBILLS_USAGE.join('\n       ');
  const { values, positionals } = parseCommandArgs(args, { date: { type: 'string' }, warehouse: { type: 'string' }, out: { type: 'string' } }, usage);
  if (positionals[0] !== 'print') throw new UsageError(`unknown waybills command "${positionals[0] ?? ''}"\nusage: ${usage}`);
  if (!values.date || !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError(`--date must be a day such as 2026-12-02, got "${values.date ?? ''}"\nusage: ${usage}`);
  if (!values.out) throw new UsageError(`missing --out FILE.pdf\nusage: ${usage}`);
  const printed = await printWaybills(context.database(), { day: values.date, warehouse: values.warehouse?.trim() || undefined });
  await writeFile(values.out, printed.pdf);
  context.io.out(
    `${values.out}: ${printed.waybills} waybill(s), ${printed.labelPages} label page(s) and ${printed.manifestPages} manifest page(s) for ${values.date}` +
      `${values.warehouse ? ` at ${values.warehouse}` : ''}; ${printed.missing.length} order(s) still without a waybill (listed on the manifest)` +
      `${printed.missing.length ? `: ${printed.missing.join(', ')}` : ''}`,
  );
  return ExitCode.ok;
}
