/**
 * Which products the price list offers, and how many units per warehouse. Sellable stock is what the ledger
 * leaves for new orders, less a safety stock, never below 0:
 *
 *   stockCount = max(0, stock_inventory.quantity − safety stock)
 *
 * `quantity` is already "on hand − reserved": a reservation takes its units out of `quantity` the moment the
 * order is reserved (a `sale:` ledger row), long before the parcel leaves, and a cancellation or return puts
 * them back only when they are sellable again (`returning_quantity` is never offered). HELD orders reserve
 * nothing, so they take nothing from the feed. The safety stock is the product's own (`products.safety_stock`)
 * or else the global one (FEED_SAFETY_STOCK). A product Kaspi would reject is left out with the reason; a
 * warehouse without a Kaspi name is left out of every offer, never published under a guessed name.
 */
import {
  MAX_PRE_ORDER_DAYS,
  preOrderProblem,
  priceProblem,
  skuProblem,
  textProblem,
  type Availability,
  type PriceListDocument,
  type PriceListOffer,
} from './price-list.js';
import type { StoreIdResolution } from './kaspi-store-ids.js';

export interface ProductFacts {
  sku: string | null;
  model: string;
  brand: string;
  price: number;
  preorder: number | null;
  isActive: boolean;
  safetyStock: number | null;
  stock: { warehouse: string; quantity: number; sellable: boolean }[];
}

export interface PriceListRules {
  company: string;
  merchantId: string;
  /** Units per warehouse kept back when the product has no safety stock of its own. */
  safetyStock: number;
  /** When set, only these SKUs are published; every other product is left out, and listed. */
  allowList?: readonly string[];
}

export interface LeftOut {
  /** The product's SKU as stored (may be the very thing that is wrong with it), or the warehouse. */
  sku?: string | null;
  warehouse?: string;
  reason: string;
}

export interface BuiltPriceList {
  document: PriceListDocument;
  leftOut: LeftOut[];
}

export function sellableUnits(quantity: number, safetyStock: number): number {
  return Math.max(0, quantity - safetyStock);
}

function productProblem(product: ProductFacts, allowList: ReadonlySet<string> | undefined): string | undefined {
  if (allowList && !(product.sku && allowList.has(product.sku))) return 'not on the allow-list (FEED_SKU_ALLOW_LIST)';
  if (!product.isActive) return 'product is inactive';
  return skuProblem(product.sku)
    ?? textProblem('model', product.model)
    ?? textProblem('brand', product.brand)
    ?? priceProblem(product.price)
    ?? preOrderProblem(product.preorder);
}

export function buildPriceList(products: readonly ProductFacts[], storeIds: ReadonlyMap<string, StoreIdResolution>, rules: PriceListRules): BuiltPriceList {
  const allowList = rules.allowList ? new Set(rules.allowList) : undefined;
  const leftOut: LeftOut[] = [];
  for (const [warehouse, resolution] of [...storeIds].sort(([a], [b]) => a.localeCompare(b))) {
    if ('problem' in resolution) leftOut.push({ warehouse, reason: `warehouse left out of every offer: ${resolution.problem}` });
  }

  const offers: PriceListOffer[] = [];
  for (const product of [...products].sort((a, b) => (a.sku ?? '').localeCompare(b.sku ?? ''))) {
    const problem = productProblem(product, allowList);
    if (problem) {
      leftOut.push({ sku: product.sku, reason: problem });
      continue;
    }
    const safetyStock = product.safetyStock ?? rules.safetyStock;
    const preOrder = product.preorder && product.preorder <= MAX_PRE_ORDER_DAYS ? product.preorder : undefined;
    const availabilities: Availability[] = [];
    for (const row of product.stock) {
      const resolution = storeIds.get(row.warehouse);
      if (!resolution || !('storeId' in resolution)) continue;
      availabilities.push({
        storeId: resolution.storeId,
        stockCount: row.sellable ? sellableUnits(row.quantity, safetyStock) : 0,
        ...(preOrder ? { preOrder } : {}),
      });
    }
    if (availabilities.length === 0) {
      leftOut.push({ sku: product.sku, reason: 'no stock row at a warehouse with a Kaspi name' });
      continue;
    }
    availabilities.sort((a, b) => a.storeId.localeCompare(b.storeId));
    offers.push({ sku: product.sku!, model: product.model.trim(), brand: product.brand.trim(), price: Math.round(product.price), availabilities });
  }
  return { document: { company: rules.company, merchantId: rules.merchantId, offers }, leftOut };
}

/** Per SKU: its price and stockCount per storeId — what diffs and guardrails compare. */
export interface PriceListFigures {
  [sku: string]: { price: number; stores: Record<string, number> };
}

export function figuresOf(document: PriceListDocument): PriceListFigures {
  return Object.fromEntries(document.offers.map((offer) => [
    offer.sku,
    { price: offer.price, stores: Object.fromEntries(offer.availabilities.map((a) => [a.storeId, a.stockCount])) },
  ]));
}

export function totalStockOf(figures: PriceListFigures): number {
  return Object.values(figures).reduce((sum, offer) => sum + Object.values(offer.stores).reduce((a, b) => a + b, 0), 0);
}
