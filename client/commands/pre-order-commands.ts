/** `kaspi-sync order arrived <code>`: a pre-order's goods are in — tell Kaspi (ARRIVED), so it may be assembled. */
import { KaspiClient } from '../../kaspi/index.js';
import { kaspiSettingsFromEnv } from '../../platform/config.js';
import type { CommandContext } from '../cli-context.js';
import { ExitCode } from '../errors.js';
import { markPreOrderArrived } from '../pre-order-arrival.js';

export const ORDER_ARRIVED_USAGE =
  'order arrived <code>                  a pre-order\'s goods are in: send ARRIVED to Kaspi; the next run assembles it';

export async function runOrderArrived(code: string, context: CommandContext): Promise<number> {
  const kaspi = new KaspiClient(kaspiSettingsFromEnv(context.io.env));
  const outcome = await markPreOrderArrived(context.database(), kaspi, code);
  if (outcome.kind === 'refused') {
    context.io.err(`order ${code}: ${outcome.reason}`);
    return ExitCode.failed;
  }
  context.io.out(outcome.kind === 'sent'
    ? `order ${code}: Kaspi told the goods arrived (ARRIVED); the next sync run assembles it`
    : `order ${code}: already marked arrived; nothing sent`);
  return ExitCode.ok;
}
