/**
 * The price list as a file: Kaspi's documented shape, escaping and UTF-8 from the XML library, and the
 * repository's XSD (price-list/kaspi_catalog.xsd) accepting every generated file and refusing broken ones.
 */
import assert from 'node:assert/strict';
import { renderPriceListXml } from '../../price-list/render-xml.js';
import { validatePriceListXml } from '../../price-list/validate-xml.js';
import type { PriceListDocument } from '../../domain/price-list.js';

const document: PriceListDocument = {
  company: `ТОО "Пример" & <Co> 'Алматы'`,
  merchantId: '30123456',
  offers: [
    {
      sku: 'SKU-TEA-001',
      model: 'Чай зелёный 100 г & "мята"',
      brand: 'Example',
      price: 2990,
      availabilities: [{ storeId: 'PP1', stockCount: 12 }, { storeId: 'PP2', stockCount: 0 }],
    },
    { sku: 'PRE_7', model: 'Pre-order kettle', brand: 'Kettle<>', price: 15000, availabilities: [{ storeId: '7296', stockCount: 3, preOrder: 7 }] },
  ],
};
const generatedAt = Date.parse('2025-06-10T05:00:00Z');

describe('the price list file', () => {
  it('has the documented kaspi_catalog shape: namespace, company, merchantid, offers with availabilities and price', () => {
    const xml = renderPriceListXml(document, generatedAt);
    assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>/);
    assert.match(xml, /<kaspi_catalog xmlns="kaspiShopping" date="2025-06-10T10:00" xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xsi:schemaLocation="kaspiShopping http:\/\/kaspi.kz\/kaspishopping.xsd">/);
    assert.match(xml, /<merchantid>30123456<\/merchantid>/);
    assert.match(xml, /<offer sku="SKU-TEA-001">\s*<model>/);
    assert.match(xml, /<availability available="yes" storeId="PP1" stockCount="12"\/>/);
    assert.match(xml, /<availability available="no" storeId="PP2" stockCount="0"\/>/);
    assert.match(xml, /<availability available="yes" storeId="7296" preOrder="7" stockCount="3"\/>/);
    assert.match(xml, /<price>2990<\/price>/);
  });

  it('escapes all five characters Kaspi names (& < > " \') and keeps Cyrillic as UTF-8 text', () => {
    const xml = renderPriceListXml({ ...document, offers: [{ ...document.offers[0], sku: 'A-1' }, document.offers[1]] }, generatedAt);
    assert.match(xml, /<company>ТОО &quot;Пример&quot; &amp; &lt;Co&gt; &apos;Алматы&apos;<\/company>/);
    assert.match(xml, /<model>Чай зелёный 100 г &amp; &quot;мята&quot;<\/model>/);
    assert.match(xml, /<brand>Kettle&lt;&gt;<\/brand>/);
    assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<kaspi_catalog xmlns="kaspiShopping" date=/, 'markup untouched');
    assert.ok(Buffer.from(xml, 'utf8').includes(Buffer.from('Чай зелёный', 'utf8')));
  });

  it('passes the repository XSD when generated', async () => {
    const verdict = await validatePriceListXml(renderPriceListXml(document, generatedAt));
    assert.deepEqual(verdict, { valid: true, errors: [] });
  });

  for (const [broken, change] of [
    ['an offer without a price', (xml: string) => xml.replace('<price>2990</price>', '')],
    ['a SKU longer than 20 characters', (xml: string) => xml.replace('sku="SKU-TEA-001"', 'sku="SKU-TEA-001-AND-MORE-STUFF"')],
    ['a negative stockCount', (xml: string) => xml.replace('stockCount="12"', 'stockCount="-1"')],
    ['available other than yes/no', (xml: string) => xml.replace('available="yes"', 'available="true"')],
    ['a pre-order over 30 days', (xml: string) => xml.replace('preOrder="7"', 'preOrder="45"')],
    ['no offers at all', (xml: string) => xml.replace(/<offers>[\s\S]*<\/offers>/, '<offers/>')],
    ['a missing merchantid', (xml: string) => xml.replace(/<merchantid>.*<\/merchantid>/, '')],
    ['two offers with one SKU', (xml: string) => xml.replace('sku="PRE_7"', 'sku="SKU-TEA-001"')],
    ['a price in tiyn', (xml: string) => xml.replace('<price>2990</price>', '<price>2990.50</price>')],
    ['a cut-off file', (xml: string) => xml.slice(0, xml.length / 2)],
  ] as const) {
    it(`fails the XSD with ${broken}`, async () => {
      const verdict = await validatePriceListXml(change(renderPriceListXml(document, generatedAt)));
      assert.equal(verdict.valid, false);
      assert.ok(verdict.errors.length > 0, 'says why');
    });
  }
});
