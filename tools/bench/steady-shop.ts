/**
 * An established shop's last 30 days on Kaspi's side: `count` orders with the fates a month of trade leaves
 * (≈ 85 % delivered, 5 % cancelled, 2 % returned, the rest accepted and on their way), 60 % Kaspi Delivery,
 * the rest pickup or the merchant's own delivery. Each order is walked through the sandbox's own lifecycle
 * events (hand-over, completion, cancellation, return), so Kaspi shows exactly what it would, and its
 * timeline is kept so the database can record it as kaspi-sync did at the time (tools/bench/steady-records.ts).
 * Orders go into the sandbox in-process, not over HTTP: 10,000 take about a second.
 */
import type { KaspiSandbox, SandboxOrder } from '../sandbox/index.js';
import { DEFAULT_SKUS, DEFAULT_WAREHOUSES, generateOrderSpecs } from '../sandbox/generator.js';
import { seededRandom } from '../sandbox/prng.js';

export const SHOP_WAREHOUSES = DEFAULT_WAREHOUSES;
export const SHOP_SKUS = DEFAULT_SKUS;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Every shop order was created within the status-tracking window (30 days), with an hour to spare. */
const HISTORY_MS = 30 * DAY - HOUR;

export type Fate = 'open' | 'completed' | 'cancelled' | 'cancelledInDelivery' | 'returned';

/** Shares of the final states; 'cancelled' also covers Kaspi Delivery orders cancelled with the courier. */
const FATE_SHARES: [Fate, number][] = [
  ['completed', 0.85],
  ['cancelled', 0.05],
  ['returned', 0.02],
  ['open', 0.08],
];
/** Of the cancelled Kaspi Delivery orders, this share was cancelled after hand-over (CANCELLING, then archived). */
const CANCELLED_IN_DELIVERY_SHARE = 1 / 3;

/** One shop order: as Kaspi shows it now, and when kaspi-sync recorded each step of it. */
export interface ShopOrder {
  order: SandboxOrder;
  fate: Fate;
  /** kaspi-sync reserved the stock (stock_movements SALE) and accepted the order in the same run. */
  reservedAt: number;
  acceptedAt: number;
  /** When kaspi-sync saw the hand-over to the courier; null for orders not (yet) handed over. */
  handedOverAt: number | null;
  /** When kaspi-sync saw the goods start travelling back (RETURNING); null if they never did. */
  returningAt: number | null;
  /** COMPLETED: when kaspi-sync saw the delivery; RESTOCKED: when it put the stock back. */
  closedAt: number | null;
}

export interface ShopOptions {
  count: number;
  now: number;
  /** The sync schedule's interval: kaspi-sync sees a change on Kaspi up to one interval after it happens. */
  intervalMs: number;
  seed: number;
}

/** Times of the Kaspi events in one order's life (ms), before they are placed on the calendar. */
interface Plan {
  fate: Fate;
  acceptAfter: number;
  /** From acceptance; null for orders never handed over. */
  handOverAfter: number | null;
  /** From acceptance: completion, or the cancellation (CANCELLING for in-delivery ones). */
  endAfter: number | null;
  /** From the end: archive of an in-delivery cancellation, return request of a completed order. */
  afterEnd: number | null;
  /** From the return request: RETURNED. */
  returnedAfter: number | null;
}

export function buildShop(sandbox: KaspiSandbox, options: ShopOptions): ShopOrder[] {
  const random = seededRandom(options.seed);
  const between = (from: number, to: number) => from + random() * (to - from);
  // Lines, customers and delivery modes from the sandbox's own generator; dates and fates are set here.
  const specs = generateOrderSpecs(options.count, { seed: options.seed, warehouses: SHOP_WAREHOUSES, skus: SHOP_SKUS, kaspiDeliveryShare: 0.6 }, options.now);
  const planned = specs.map((spec) => {
    const plan = planOrder(spec.isKaspiDelivery ?? true, spec.express ?? false, pickFate(random()), random, options.intervalMs);
    const lifetime = plan.acceptAfter + (plan.endAfter ?? 0) + (plan.afterEnd ?? 0) + (plan.returnedAfter ?? 0) + MINUTE;
    // Open orders are recent (Kaspi Delivery ones are delivered within days, pickups wait a few days);
    // finished ones were created early enough for their whole life to lie in the past.
    const oldest = plan.fate === 'open' ? options.now - (spec.isKaspiDelivery ? 3 : 5) * DAY : options.now - HISTORY_MS;
    const newest = plan.fate === 'open' ? options.now - 15 * MINUTE : options.now - lifetime;
    return { spec: { ...spec, creationDate: Math.round(between(oldest, Math.max(oldest, newest))) }, plan };
  });
  // Kaspi's order codes grow with time: create the orders oldest first.
  planned.sort((a, b) => a.spec.creationDate - b.spec.creationDate);

  const seen = (at: number) => Math.min(options.now - MINUTE, at + random() * options.intervalMs);
  return planned.map(({ spec, plan }) => {
    const isKaspiDelivery = spec.isKaspiDelivery ?? true;
    const created = sandbox.createOrder({ ...spec, status: 'ACCEPTED_BY_MERCHANT', assembled: isKaspiDelivery });
    const code = created.code;
    // kaspi-sync accepted it on Kaspi itself: accepted_at is the acceptance, not a later sighting of it.
    const acceptedAt = Math.min(spec.creationDate + plan.acceptAfter, options.now - 2 * MINUTE);
    const seenAfterAcceptance = (at: number) => Math.max(acceptedAt + 1_000, seen(at));
    const handOver = plan.handOverAfter === null ? null : acceptedAt + plan.handOverAfter;
    const handedOver = handOver !== null && handOver < options.now - MINUTE;
    if (handedOver) sandbox.handOverToCourier(code, handOver);
    const end = plan.endAfter === null ? null : acceptedAt + plan.endAfter;
    let returningAt: number | null = null;
    let closedAt: number | null = null;
    switch (plan.fate) {
      case 'open':
        break;
      case 'completed':
        sandbox.complete(code);
        closedAt = seenAfterAcceptance(end!);
        break;
      case 'cancelled':
        sandbox.buyerCancel(code);
        closedAt = seenAfterAcceptance(end!);
        break;
      case 'cancelledInDelivery':
        sandbox.cancelInDelivery(code);
        sandbox.archiveCancelled(code);
        returningAt = seenAfterAcceptance(end!);
        closedAt = Math.max(returningAt + 1_000, seen(end! + plan.afterEnd!));
        break;
      case 'returned':
        sandbox.complete(code);
        sandbox.requestReturn(code);
        sandbox.completeReturn(code);
        returningAt = seenAfterAcceptance(end! + plan.afterEnd!);
        closedAt = Math.max(returningAt + 1_000, seen(end! + plan.afterEnd! + plan.returnedAfter!));
        break;
    }
    return {
      order: sandbox.order(code)!,
      fate: plan.fate,
      reservedAt: acceptedAt - 2_000,
      acceptedAt,
      handedOverAt: handedOver ? seenAfterAcceptance(handOver!) : null,
      returningAt,
      closedAt,
    };
  });
}

function pickFate(roll: number): Fate {
  let total = 0;
  for (const [fate, share] of FATE_SHARES) {
    total += share;
    if (roll < total) return fate;
  }
  return 'open';
}

function planOrder(isKaspiDelivery: boolean, express: boolean, fate: Fate, random: () => number, intervalMs: number): Plan {
  const between = (from: number, to: number) => from + random() * (to - from);
  if (fate === 'cancelled' && isKaspiDelivery && random() < CANCELLED_IN_DELIVERY_SHARE) fate = 'cancelledInDelivery';
  // Accepted by the first sync run after the order came in.
  const acceptAfter = 10_000 + random() * intervalMs;
  const handOverAfter = isKaspiDelivery ? (express ? between(1, 3) : between(4, 30)) * HOUR : null;
  const plan: Plan = { fate, acceptAfter, handOverAfter, endAfter: null, afterEnd: null, returnedAfter: null };
  switch (fate) {
    case 'open':
      return plan;
    case 'completed':
    case 'returned': {
      // Kaspi Delivery delivers within two days of hand-over; pickups are collected within four days.
      plan.endAfter = isKaspiDelivery ? handOverAfter! + between(3, 48) * HOUR : between(6, 96) * HOUR;
      if (fate === 'returned') {
        plan.afterEnd = between(1, 10) * DAY;
        plan.returnedAfter = between(1, 5) * DAY;
      }
      return plan;
    }
    case 'cancelled':
      // Before hand-over: the goods never left the warehouse.
      plan.endAfter = isKaspiDelivery ? random() * 0.9 * handOverAfter! : between(0.5, 48) * HOUR;
      plan.handOverAfter = null;
      return plan;
    case 'cancelledInDelivery':
      plan.endAfter = handOverAfter! + between(1, 24) * HOUR;
      plan.afterEnd = between(1, 4) * DAY;
      return plan;
  }
}
