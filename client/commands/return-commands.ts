/**
 * The counter's and the returns desk's commands: `kaspi-sync order complete <code> [--code NNNN]` (Kaspi's
 * two-step completion with the buyer's code) and `kaspi-sync order received <code> --good N --damaged M`
 * (or `--line SKU:GOOD:DAMAGED` per line) for a return whose goods are back.
 */
import { KaspiClient } from '../../kaspi/index.js';
import { DEFAULT_SYNC_SETTINGS } from '../../domain/sync-settings.js';
import { kaspiSettingsFromEnv, scheduleSettingsFromEnv } from '../../platform/config.js';
import { receiveReturn, ReceiptRefusal, UnknownOrder, type ReturnCount } from '../../activities/database/return-receipt.js';
import type { CommandContext } from '../cli-context.js';
import { ExitCode, NotFoundError, UsageError } from '../errors.js';
import { completeWithBuyerCode, CompletionRefusal } from '../order-completion.js';
import { askOnTerminal } from '../terminal-prompt.js';

export const ORDER_COMPLETE_USAGE = 'order complete <code> [--code NNNN]  hand-over of a pickup / own-delivery order: Kaspi texts the buyer a code, you type it, Kaspi completes the order (--code: the buyer already has one)';
export const ORDER_RECEIVED_USAGE =
  'order received <code> --good N --damaged M | --line SKU:GOOD:DAMAGED ...\n' +
  '                                      a return\'s goods are back: good units into sellable stock, damaged ones recorded apart (never sold), once';

export async function runOrderComplete(code: string, codeFlag: string | undefined, context: CommandContext): Promise<number> {
  const kaspi = new KaspiClient(kaspiSettingsFromEnv(context.io.env));
  const settings = { ...DEFAULT_SYNC_SETTINGS, ...scheduleSettingsFromEnv(context.io.env).syncSettings };
  try {
    const outcome = await completeWithBuyerCode(context.database(), kaspi, code, {
      code: codeFlag,
      settings,
      askForCode: async () => {
        context.io.out(`order ${code}: Kaspi has texted the buyer a code`);
        return (context.io.ask ?? askOnTerminal)('code the buyer shows: ');
      },
    });
    context.io.out(outcome.kind === 'completed' ? `order ${code}: completed on Kaspi with the buyer's code` : `order ${code}: Kaspi shows it completed already; recorded`);
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof CompletionRefusal)) throw error;
    context.io.err(error.message);
    return ExitCode.failed;
  }
}

export async function runOrderReceived(code: string, values: { good?: string; damaged?: string; line?: string[] }, context: CommandContext): Promise<number> {
  const count = returnCount(values);
  try {
    const outcome = await receiveReturn(context.database(), code, count);
    if (outcome.kind === 'already-received') {
      context.io.out(`order ${code}: its return was received already on ${outcome.at.toISOString()}; nothing changed`);
    } else {
      context.io.out(
        `order ${code}: received ${outcome.good} good unit(s) back into sellable stock, ${outcome.damaged} damaged (recorded, not sellable)` +
          `${outcome.missing > 0 ? `, ${outcome.missing} not come back (recorded as missing)` : ''}`,
      );
    }
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof UnknownOrder) throw new NotFoundError(error.message);
    if (!(error instanceof ReceiptRefusal)) throw error;
    context.io.err(error.message);
    return ExitCode.failed;
  }
}

function returnCount({ good, damaged, line }: { good?: string; damaged?: string; line?: string[] }): ReturnCount {
  if (line && line.length > 0) {
    if (good !== undefined || damaged !== undefined) throw new UsageError(`use either --good/--damaged or --line, not both\nusage: ${ORDER_RECEIVED_USAGE}`);
    const perSku = new Map<string, { good: number; damaged: number }>();
    for (const spec of line) {
      const match = /^(.+):(\d+):(\d+)$/.exec(spec.trim());
      if (!match) throw new UsageError(`--line must be SKU:GOOD:DAMAGED (whole numbers), got "${spec}"`);
      if (perSku.has(match[1])) throw new UsageError(`--line names ${match[1]} twice`);
      perSku.set(match[1], { good: Number(match[2]), damaged: Number(match[3]) });
    }
    return { perSku };
  }
  if (good === undefined && damaged === undefined) throw new UsageError(`say what came back: --good N --damaged M, or --line SKU:GOOD:DAMAGED\nusage: ${ORDER_RECEIVED_USAGE}`);
  return { good: units('good', good), damaged: units('damaged', damaged) };
}

function units(flag: string, raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${flag} must be a whole number of at least 0, got "${raw}"`);
  return Number(raw);
}
