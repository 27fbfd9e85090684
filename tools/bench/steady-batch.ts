/**
 * What happens on Kaspi between two sync runs of an established shop: buyers cancel open orders (before
 * hand-over: ARCHIVE/CANCELLED; with the courier: KASPI_DELIVERY/CANCELLING), return delivered ones (half
 * still KASPI_DELIVERY_RETURN_REQUESTED, half already ARCHIVE/RETURNED) and place NEW orders (every fifth
 * one Express), spread over the interval since the previous run. All through the sandbox's own lifecycle
 * events, so Kaspi shows what it would; the orders are picked at random (seeded) from the shop.
 */
import type { KaspiSandbox } from '../sandbox/index.js';
import { generateOrderSpecs } from '../sandbox/generator.js';
import { seededRandom } from '../sandbox/prng.js';
import type { SteadySpec } from './options.js';
import { SHOP_SKUS, SHOP_WAREHOUSES, type ShopOrder } from './steady-shop.js';

/** Kaspi takes returns within 14 days of delivery. */
const RETURN_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
const EXPRESS_EVERY = 5;

export type BatchEventKind = 'cancelledBeforeHandover' | 'cancelledAfterHandover' | 'returnRequested' | 'returned';

/** A status change kaspi-sync must apply in the run. */
export interface BatchEvent {
  kind: BatchEventKind;
  orderId: string;
  orderCode: string;
  lineNumbers: number[];
}

export interface NewOrder {
  orderId: string;
  orderCode: string;
  creationDate: number;
  express: boolean;
  isKaspiDelivery: boolean;
}

export interface Batch {
  events: BatchEvent[];
  newOrders: NewOrder[];
}

export class BatchTooLarge extends Error {}

export function applyBatch(sandbox: KaspiSandbox, shop: ShopOrder[], spec: SteadySpec, options: { now: number; intervalMs: number; seed: number }): Batch {
  const random = seededRandom(options.seed);
  const openBeforeHandover = shop.filter((s) => s.fate === 'open' && s.order.kaspiDelivery?.courierTransmissionDate == null);
  const openWithCourier = shop.filter((s) => s.fate === 'open' && s.order.kaspiDelivery?.courierTransmissionDate != null);
  const returnable = shop.filter((s) => s.fate === 'completed' && s.closedAt !== null && s.closedAt >= options.now - RETURN_WINDOW_MS);
  const before = spec.cancellations - spec.cancelledAfterHandover;
  const picked = {
    before: sample(openBeforeHandover, before, random, 'open orders not yet handed over', '--cancellations'),
    after: sample(openWithCourier, spec.cancelledAfterHandover, random, 'open orders with the courier', '--after-handover'),
    returns: sample(returnable, spec.returns, random, 'orders delivered in the last 14 days', '--returns'),
  };

  const events: BatchEvent[] = [];
  const event = (kind: BatchEventKind, s: ShopOrder) =>
    events.push({ kind, orderId: s.order.id, orderCode: s.order.code, lineNumbers: s.order.entries.map((e) => e.entryNumber) });
  for (const s of picked.before) {
    sandbox.buyerCancel(s.order.code);
    event('cancelledBeforeHandover', s);
  }
  for (const s of picked.after) {
    sandbox.cancelInDelivery(s.order.code);
    event('cancelledAfterHandover', s);
  }
  picked.returns.forEach((s, index) => {
    sandbox.requestReturn(s.order.code);
    if (index % 2 === 1) sandbox.completeReturn(s.order.code);
    event(index % 2 === 1 ? 'returned' : 'returnRequested', s);
  });

  const specs = generateOrderSpecs(spec.newOrders, { seed: options.seed, warehouses: SHOP_WAREHOUSES, skus: SHOP_SKUS, kaspiDeliveryShare: 0.6 }, options.now);
  const newOrders = specs.map((newSpec, index): NewOrder => {
    const express = index % EXPRESS_EVERY === EXPRESS_EVERY - 1;
    // Arrived since the previous run, evenly over the interval; the newest a few seconds ago.
    const creationDate = Math.round(options.now - 5_000 - ((spec.newOrders - 1 - index) / Math.max(1, spec.newOrders)) * options.intervalMs);
    const order = sandbox.createOrder({
      ...newSpec,
      creationDate,
      ...(express ? { isKaspiDelivery: true, deliveryMode: 'DELIVERY_LOCAL', express: true } : {}),
    });
    return { orderId: order.id, orderCode: order.code, creationDate, express: order.kaspiDelivery?.express ?? false, isKaspiDelivery: order.isKaspiDelivery };
  });
  return { events, newOrders };
}

function sample<T>(items: T[], count: number, random: () => number, what: string, option: string): T[] {
  if (count > items.length) {
    throw new BatchTooLarge(`the shop has ${items.length} ${what}, fewer than the ${count} the batch needs; lower ${option} or raise --shop-orders`);
  }
  const pool = [...items];
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}
