/**
 * What buyers and Kaspi do to orders while kaspi-sync works on them: cancel before or after acceptance,
 * cancel during delivery (goods travel back, maybe arrive, maybe get archived), complete and return.
 * An event that does not fit the order's current state is skipped, as it could not happen on Kaspi.
 */
import { LifecycleError, type KaspiSandbox } from '../sandbox/index.js';
import { pick } from '../sandbox/prng.js';

type Step = (sandbox: KaspiSandbox, code: string) => void;

const step = (name: keyof KaspiSandbox): Step => (sandbox, code) => (sandbox[name] as (code: string) => void).call(sandbox, code);

/** Chains of Kaspi lifecycle steps, each cut short at a random point. */
const STORIES: { name: string; steps: Step[] }[] = [
  { name: 'buyer-cancel', steps: [step('buyerCancel')] },
  { name: 'cancel-in-delivery', steps: [step('handOverToCourier'), step('cancelInDelivery'), step('markReturnedToWarehouse'), step('archiveCancelled')] },
  { name: 'complete-and-return', steps: [step('handOverToCourier'), step('complete'), step('requestReturn'), step('completeReturn')] },
  { name: 'complete-own-delivery', steps: [step('complete'), step('requestReturn'), step('completeReturn')] },
];

/** Plays one random story on one random order; returns its name, or undefined when nothing applied. */
export function playBuyerEvent(sandbox: KaspiSandbox, random: () => number): string | undefined {
  const candidates = sandbox.orders().filter((o) => o.status === 'APPROVED_BY_BANK' || o.status === 'ACCEPTED_BY_MERCHANT');
  if (candidates.length === 0) return undefined;
  const order = pick(random, candidates);
  const story = pick(random, STORIES);
  const length = 1 + Math.floor(random() * story.steps.length);
  return applySteps(sandbox, order.code, story.steps.slice(0, length)) > 0 ? story.name : undefined;
}

/** Applies the steps in order until one does not fit the order's state; returns how many applied. */
function applySteps(sandbox: KaspiSandbox, code: string, steps: readonly Step[]): number {
  let applied = 0;
  for (const next of steps) {
    try {
      next(sandbox, code);
      applied += 1;
    } catch (error) {
      if (!(error instanceof LifecycleError)) throw error;
      break;
    }
  }
  return applied;
}

/** Kaspi's end of goods travelling back, by status: a cancellation back at Kaspi's warehouse and archived, a return completed. */
const RETURN_ENDINGS: Record<string, Step[]> = {
  CANCELLING: [step('markReturnedToWarehouse'), step('archiveCancelled')],
  KASPI_DELIVERY_RETURN_REQUESTED: [step('markReturnedToWarehouse'), step('completeReturn')],
};

/** Takes one random order whose goods are travelling back to Kaspi's end of it; returns 'return-finished' or undefined. */
export function finishOneReturn(sandbox: KaspiSandbox, random: () => number): string | undefined {
  const candidates = sandbox.orders().filter((o) => RETURN_ENDINGS[o.status] !== undefined);
  if (candidates.length === 0) return undefined;
  const order = pick(random, candidates);
  return applySteps(sandbox, order.code, RETURN_ENDINGS[order.status]!) > 0 ? 'return-finished' : undefined;
}
