/** Reading a published price list back in tests: stockCount per SKU and storeId, straight from the XML. */
import type { PriceListSettings } from '../../platform/feed-config.js';

export const FEED_SETTINGS: PriceListSettings = { company: 'ТОО "Тест" & Co', merchantId: '30123456', safetyStock: 0, maxDropShare: 0.3 };

export function stockCounts(xml: string): Record<string, Record<string, number>> {
  const offers: Record<string, Record<string, number>> = {};
  for (const [, sku, body] of xml.matchAll(/<offer sku="([^"]+)">([\s\S]*?)<\/offer>/g)) {
    offers[sku] = {};
    for (const [, attributes] of body.matchAll(/<availability ([^>]*)\/>/g)) {
      const storeId = /storeId="([^"]+)"/.exec(attributes)![1];
      const count = Number(/stockCount="(\d+)"/.exec(attributes)![1]);
      const available = /available="(yes|no)"/.exec(attributes)![1];
      if ((available === 'yes') !== count > 0) throw new Error(`${sku}@${storeId}: available="${available}" with stockCount ${count}`);
      offers[sku][storeId] = count;
    }
  }
  return offers;
}
