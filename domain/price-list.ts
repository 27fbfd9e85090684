/**
 * The price list (stock feed) Kaspi fetches, as data before it becomes XML (price-list/render-xml.ts), and
 * what Kaspi accepts in it. Offers are sorted by SKU and availabilities by storeId, so the same figures
 * always give the same document (and the same hash).
 */
export interface PriceListDocument {
  company: string;
  merchantId: string;
  offers: PriceListOffer[];
}

export interface PriceListOffer {
  sku: string;
  model: string;
  brand: string;
  /** Whole tenge. */
  price: number;
  availabilities: Availability[];
}

export interface Availability {
  /** The warehouse as the Kaspi cabinet names it (PP1, 7296, …). */
  storeId: string;
  stockCount: number;
  /** Pre-order lead time in days (1–30); absent for goods in stock. */
  preOrder?: number;
}

export const KASPI_NAMESPACE = 'kaspiShopping';
export const KASPI_SCHEMA_LOCATION = 'kaspiShopping http://kaspi.kz/kaspishopping.xsd';

/**
 * What Kaspi accepts in a price list, as the partner guide and working generators state it: SKUs of at most
 * 20 letters, digits, "_" or "-", a pre-order of at most 30 days, whole-tenge prices, and only characters
 * XML 1.0 can carry. Each check returns why a value is unusable, or undefined when it is fine.
 */
export const MAX_SKU_LENGTH = 20;
export const MAX_PRE_ORDER_DAYS = 30;

const SKU_CHARACTERS = /^[A-Za-z0-9_-]+$/;
const STORE_ID_CHARACTERS = /^[A-Za-z0-9_-]+$/;
// Tab, line feed, carriage return and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
const XML_CHARACTERS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export function skuProblem(sku: string | null | undefined): string | undefined {
  if (!sku) return 'no SKU';
  if (sku.length > MAX_SKU_LENGTH) return `SKU longer than ${MAX_SKU_LENGTH} characters (${sku.length})`;
  if (!SKU_CHARACTERS.test(sku)) return 'SKU has characters Kaspi rejects (only letters, digits, "_" and "-")';
  return undefined;
}

export function storeIdProblem(storeId: string): string | undefined {
  if (!STORE_ID_CHARACTERS.test(storeId)) return `"${storeId}" is not a warehouse name Kaspi uses (only letters, digits, "_" and "-")`;
  return undefined;
}

export function textProblem(field: string, value: string | null | undefined): string | undefined {
  if (!value?.trim()) return `no ${field}`;
  if (!XML_CHARACTERS.test(value)) return `${field} has characters XML cannot carry`;
  return undefined;
}

export function priceProblem(price: number | null | undefined): string | undefined {
  if (price === null || price === undefined || !Number.isFinite(price) || Math.round(price) <= 0) return 'no price';
  return undefined;
}

export function preOrderProblem(days: number | null | undefined): string | undefined {
  if (!days) return undefined;
  if (!Number.isInteger(days) || days < 0 || days > MAX_PRE_ORDER_DAYS) return `pre-order of ${days} days (Kaspi allows 1–${MAX_PRE_ORDER_DAYS})`;
  return undefined;
}
