import type { DeliveryMode, OrderSpec } from './model.js';
import { integerBetween, pick, seededRandom } from './prng.js';

export interface GenerateOptions {
  seed?: number;
  warehouses?: string[];
  skus?: string[];
  /** Creation time of the newest generated order; older ones are spread before it. */
  createdAt?: number;
  /** Share of orders delivered by Kaspi Delivery / Postomat (0..1). */
  kaspiDeliveryShare?: number;
}

export const DEFAULT_WAREHOUSES = ['PP1', 'PP2', 'PP15'];
export const DEFAULT_SKUS = [
  'SKU-TEA-001',
  'SKU-MUG-017',
  'SKU-COFFEE-250',
  'SKU-KETTLE-2L',
  'SKU-PLATE-6',
  'SKU-SPOON-12',
  'SKU-PAN-28',
  'SKU-TOWEL-3',
];
const FIRST_NAMES = ['Айгерим', 'Данияр', 'Асель', 'Нурлан', 'Мадина', 'Ерлан', 'Жанна', 'Тимур'];
const LAST_NAMES = ['Серикова', 'Ахметов', 'Касымова', 'Жумабаев', 'Ибраева', 'Омаров', 'Нургалиева', 'Сапаров'];
const KASPI_DELIVERY_MODES: DeliveryMode[] = ['DELIVERY_LOCAL', 'DELIVERY_LOCAL', 'DELIVERY_REGIONAL_TODOOR', 'DELIVERY_PICKUP'];
const OWN_DELIVERY_MODES: DeliveryMode[] = ['DELIVERY_PICKUP', 'DELIVERY_PICKUP', 'DELIVERY_LOCAL', 'DELIVERY_REGIONAL_PICKUP'];
/** Keeps any generated batch inside one 14-day creation window. */
const MAX_SPREAD_MS = 12 * 24 * 60 * 60 * 1000;
const DEFAULT_SPACING_MS = 60_000;

/** Deterministic for a given seed: the same call yields the same orders (codes come from the store). */
export function generateOrderSpecs(count: number, options: GenerateOptions, now: number): OrderSpec[] {
  const random = seededRandom(options.seed ?? 1);
  const warehouses = options.warehouses ?? DEFAULT_WAREHOUSES;
  const skus = options.skus ?? DEFAULT_SKUS;
  const newest = options.createdAt ?? now;
  const kaspiDeliveryShare = options.kaspiDeliveryShare ?? 0.6;
  const spacing = Math.min(DEFAULT_SPACING_MS, Math.floor(MAX_SPREAD_MS / Math.max(1, count)));

  return Array.from({ length: count }, (_, index): OrderSpec => {
    const isKaspiDelivery = random() < kaspiDeliveryShare;
    const deliveryMode = pick(random, isKaspiDelivery ? KASPI_DELIVERY_MODES : OWN_DELIVERY_MODES);
    const lineCount = random() < 0.7 ? 1 : integerBetween(random, 2, 3);
    const lineSkus = [...new Set(Array.from({ length: lineCount }, () => pick(random, skus)))];
    return {
      warehouse: pick(random, warehouses),
      lines: lineSkus.map((sku) => ({ sku, quantity: random() < 0.8 ? 1 : integerBetween(random, 2, 4) })),
      isKaspiDelivery,
      deliveryMode,
      express: isKaspiDelivery && deliveryMode === 'DELIVERY_LOCAL' && random() < 0.25,
      creationDate: newest - (count - 1 - index) * spacing,
      customer: {
        firstName: pick(random, FIRST_NAMES),
        lastName: pick(random, LAST_NAMES),
        cellPhone: `7${pick(random, ['01', '05', '07', '47', '77'])}${String(integerBetween(random, 0, 9_999_999)).padStart(7, '0')}`,
      },
    };
  });
}
