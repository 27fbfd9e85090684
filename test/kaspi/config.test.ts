import assert from 'node:assert/strict';
import { DEFAULT_USER_AGENT } from '../../kaspi/config.js';
import { kaspiConfigFromEnv } from '../../platform/kaspi-environment.js';
import { KaspiConfigurationError } from '../../kaspi/errors.js';

const seedEnv = { KASPI_API_URL: 'https://kaspi.kz/shop/api/v2/orders', KASPI_AUTH_TOKEN: 'secret' };

describe('Kaspi client configuration from the environment', () => {
  it('accepts the seed’s orders URL and the API base alike, with or without a trailing slash', () => {
    for (const url of [
      'https://kaspi.kz/shop/api/v2/orders',
      'https://kaspi.kz/shop/api/v2/orders/',
      'https://kaspi.kz/shop/api/v2',
      'https://kaspi.kz/shop/api/v2/',
    ]) {
      assert.equal(kaspiConfigFromEnv({ ...seedEnv, KASPI_API_URL: url }).baseUrl, 'https://kaspi.kz/shop/api/v2');
    }
  });

  it('trims stray whitespace and newlines from a pasted token', () => {
    assert.equal(kaspiConfigFromEnv({ ...seedEnv, KASPI_AUTH_TOKEN: '  secret\n' }).token, 'secret');
  });

  it('uses JSON:API content type, its own User-Agent and documented limits by default', () => {
    const config = kaspiConfigFromEnv(seedEnv);
    assert.equal(config.contentType, 'application/vnd.api+json');
    assert.equal(config.userAgent, DEFAULT_USER_AGENT);
    assert.doesNotMatch(config.userAgent, /got|httpx/);
    assert.deepEqual(
      [config.requestTimeoutMs, config.maxConcurrentRequests, config.maxRequestsPerSecond],
      [15000, 8, 20],
    );
  });

  it('honours the seed’s KASPI_CONTENT_TYPE and KASPI_USER_AGENT and numeric overrides', () => {
    const config = kaspiConfigFromEnv({
      ...seedEnv,
      KASPI_CONTENT_TYPE: 'application/json',
      KASPI_USER_AGENT: 'shop-bot/2',
      KASPI_REQUEST_TIMEOUT_MS: '5000',
      KASPI_MAX_CONCURRENT_REQUESTS: '2',
      KASPI_MAX_REQUESTS_PER_SECOND: '6',
    });
    assert.deepEqual(
      [config.contentType, config.userAgent, config.requestTimeoutMs, config.maxConcurrentRequests, config.maxRequestsPerSecond],
      ['application/json', 'shop-bot/2', 5000, 2, 6],
    );
  });

  it('names the variable when the token is missing or blank', () => {
    for (const token of [undefined, '', '  \n']) {
      assert.throws(
        () => kaspiConfigFromEnv({ KASPI_API_URL: seedEnv.KASPI_API_URL, KASPI_AUTH_TOKEN: token }),
        (error: unknown) => error instanceof KaspiConfigurationError && /KASPI_AUTH_TOKEN/.test(error.message),
      );
    }
  });

  it('names the variable and the fix for an invalid number or URL', () => {
    assert.throws(
      () => kaspiConfigFromEnv({ ...seedEnv, KASPI_REQUEST_TIMEOUT_MS: '15s' }),
      (error: unknown) =>
        error instanceof KaspiConfigurationError && /KASPI_REQUEST_TIMEOUT_MS/.test(error.message) && /15000/.test(error.message),
    );
    assert.throws(
      () => kaspiConfigFromEnv({ ...seedEnv, KASPI_MAX_CONCURRENT_REQUESTS: '0' }),
      (error: unknown) => error instanceof KaspiConfigurationError && /KASPI_MAX_CONCURRENT_REQUESTS/.test(error.message),
    );
    assert.throws(
      () => kaspiConfigFromEnv({ ...seedEnv, KASPI_API_URL: 'kaspi.kz/shop' }),
      (error: unknown) => error instanceof KaspiConfigurationError && /KASPI_API_URL/.test(error.message),
    );
  });

  it('never repeats the token in a configuration error', () => {
    try {
      kaspiConfigFromEnv({ ...seedEnv, KASPI_AUTH_TOKEN: 'tok-123', KASPI_MAX_REQUESTS_PER_SECOND: 'many' });
      assert.fail('expected a configuration error');
    } catch (error) {
      assert.doesNotMatch(String((error as Error).message), /tok-123/);
    }
  });
});
