/**
 * The price list as Kaspi's XML, built with xmlbuilder2 so that escaping, UTF-8 and well-formedness are the
 * library's job rather than string concatenation's. `wellFormed` makes it throw rather than write a
 * character XML cannot carry (rules.ts keeps such products out before they get here).
 */
import { create } from 'xmlbuilder2';
import { ALMATY_UTC_OFFSET_MS } from '../kaspi/almaty-time.js';
import { KASPI_NAMESPACE, KASPI_SCHEMA_LOCATION, type PriceListDocument } from '../domain/price-list.js';

const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** `date` as Kaspi's samples write it: Almaty wall-clock time to the minute, e.g. 2025-06-10T10:00. */
export function priceListDate(epochMs: number): string {
  return new Date(epochMs + ALMATY_UTC_OFFSET_MS).toISOString().slice(0, 16);
}

export function renderPriceListXml(document: PriceListDocument, generatedAt: number): string {
  const root = create({ version: '1.0', encoding: 'utf-8' })
    .ele(KASPI_NAMESPACE, 'kaspi_catalog', { date: priceListDate(generatedAt) })
    .att(XMLNS, 'xmlns:xsi', XSI)
    .att(XSI, 'xsi:schemaLocation', KASPI_SCHEMA_LOCATION);
  root.ele('company').txt(document.company);
  root.ele('merchantid').txt(document.merchantId);
  const offers = root.ele('offers');
  for (const offer of document.offers) {
    const element = offers.ele('offer', { sku: offer.sku });
    element.ele('model').txt(offer.model);
    element.ele('brand').txt(offer.brand);
    const availabilities = element.ele('availabilities');
    for (const availability of offer.availabilities) {
      availabilities.ele('availability', {
        available: availability.stockCount > 0 ? 'yes' : 'no',
        storeId: availability.storeId,
        ...(availability.preOrder ? { preOrder: String(availability.preOrder) } : {}),
        stockCount: String(availability.stockCount),
      });
    }
    element.ele('price').txt(String(offer.price));
  }
  return escapeQuotes(root.end({ prettyPrint: true, wellFormed: true })) + '\n';
}

/**
 * Kaspi's price-list guide asks for all five of & < > " ' escaped; XML itself (and so xmlbuilder2) escapes
 * quotes only where they would end an attribute. The serialized file has text only between ">" and "<" and
 * attribute values only inside tags (where the library already wrote " and < > as entities), so this pass
 * touches nothing but literal quotes.
 */
function escapeQuotes(xml: string): string {
  return xml.replace(/(<[^>]*>)|([^<]+)/g, (_, tag: string | undefined, text: string | undefined) =>
    tag !== undefined ? tag.replace(/'/g, '&apos;') : text!.replace(/"/g, '&quot;').replace(/'/g, '&apos;'));
}
