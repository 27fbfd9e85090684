/** Price-list configuration mistakes are refused at start-up, naming the variable (platform/feed-config.ts). */
import assert from 'node:assert/strict';
import { feedServerSettingsFromEnv, priceListRefreshFromEnv, priceListSettingsFromEnv } from '../../platform/feed-config.js';

const shop = { KASPI_COMPANY: 'Shop', KASPI_MERCHANT_ID: '30123456' };

describe('price-list configuration', () => {
  it('is off when neither KASPI_COMPANY nor KASPI_MERCHANT_ID is set, and refuses one without the other', () => {
    assert.equal(priceListSettingsFromEnv({}), undefined);
    assert.throws(() => priceListSettingsFromEnv({ KASPI_COMPANY: 'Shop' }), /KASPI_COMPANY and KASPI_MERCHANT_ID go together/);
  });

  it('reads safety stock, drop share (as a fraction or a percentage) and the allow-list', () => {
    assert.deepEqual(priceListSettingsFromEnv({ ...shop, FEED_SAFETY_STOCK: '2', FEED_MAX_DROP_SHARE: '25%', FEED_SKU_ALLOW_LIST: 'A, B ,C' }), {
      company: 'Shop', merchantId: '30123456', safetyStock: 2, maxDropShare: 0.25, allowList: ['A', 'B', 'C'],
    });
    assert.throws(() => priceListSettingsFromEnv({ ...shop, FEED_SAFETY_STOCK: '-1' }), /FEED_SAFETY_STOCK/);
    assert.throws(() => priceListSettingsFromEnv({ ...shop, FEED_MAX_DROP_SHARE: '1.5' }), /FEED_MAX_DROP_SHARE/);
  });

  it('serves at /<FEED_TOKEN>/kaspi.xml and refuses a missing or guessable token', () => {
    assert.deepEqual(feedServerSettingsFromEnv({ FEED_TOKEN: 'a'.repeat(16), FEED_ADDRESS: '0.0.0.0:9000', FEED_BASIC_AUTH: 'kaspi:p:w' }), {
      host: '0.0.0.0', port: 9000, path: `/${'a'.repeat(16)}/kaspi.xml`, basicAuth: { user: 'kaspi', password: 'p:w' },
    });
    assert.throws(() => feedServerSettingsFromEnv({}), /FEED_TOKEN is not set/);
    assert.throws(() => feedServerSettingsFromEnv({ FEED_TOKEN: 'short' }), /at least 16/);
    assert.throws(() => feedServerSettingsFromEnv({ FEED_TOKEN: 'a'.repeat(16), FEED_ADDRESS: 'nohost' }), /FEED_ADDRESS must be host:port/);
  });

  it('debounces at least a minute and refreshes every 10 minutes by default', () => {
    assert.deepEqual(priceListRefreshFromEnv({}), { minIntervalMs: 60_000, refreshIntervalMs: 600_000 });
    assert.throws(() => priceListRefreshFromEnv({ FEED_MIN_INTERVAL: '5m', FEED_REFRESH_INTERVAL: '1m' }), /must not be shorter/);
  });
});
