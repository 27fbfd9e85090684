import assert from 'node:assert/strict';
import { KaspiClient } from '../../kaspi/client.js';
import { KaspiConfigurationError, KaspiNotFoundError, KaspiRateLimitedError } from '../../kaspi/errors.js';
import { errorFromResponse, retryAfterToMs } from '../../kaspi/http-errors.js';

const NOW = Date.parse('2025-06-20T06:00:00Z');

describe('Mapping Kaspi HTTP answers to errors', () => {
  it('reads Retry-After as seconds or as an HTTP date, defaulting to 5 s', () => {
    assert.equal(retryAfterToMs('3', NOW), 3000);
    assert.equal(retryAfterToMs(new Date(NOW + 12_000).toUTCString(), NOW), 12_000);
    assert.equal(retryAfterToMs(undefined, NOW), 5000);
    assert.equal(retryAfterToMs('soon', NOW), 5000);
  });

  it('tells a JSON 404 (unknown resource) from an HTML 404 (wrong URL or missing Accept)', () => {
    const json = errorFromResponse({
      statusCode: 404,
      headers: { 'content-type': 'application/vnd.api+json' },
      body: Buffer.from('{"errors":[{"title":"Order not found."}]}'),
      operation: 'GET /orders/{id}',
    });
    assert.ok(json instanceof KaspiNotFoundError);
    assert.equal(json.kaspiTitle, 'Order not found.');
    const html = errorFromResponse({ statusCode: 404, headers: {}, body: Buffer.from('<html></html>'), operation: 'GET /orders' });
    assert.ok(html instanceof KaspiConfigurationError);
  });

  it('treats a redirect as a configuration problem instead of following it with the token', () => {
    const error = errorFromResponse({
      statusCode: 301,
      headers: { location: 'https://kaspi.kz/shop/api/v2/orders' },
      body: Buffer.alloc(0),
      operation: 'GET /orders',
    });
    assert.ok(error instanceof KaspiConfigurationError);
    assert.match(error.message, /https:\/\/kaspi\.kz/);
  });

  it('carries the rate-limit delay from an HTTP-date Retry-After', () => {
    const error = errorFromResponse(
      { statusCode: 429, headers: { 'retry-after': new Date(NOW + 2000).toUTCString() }, body: Buffer.alloc(0), operation: 'GET /orders' },
      NOW,
    );
    assert.ok(error instanceof KaspiRateLimitedError);
    assert.equal(error.retryAfterMs, 2000);
  });

  it('refuses to build a client from a config with an empty token', () => {
    assert.throws(
      () =>
        new KaspiClient({
          baseUrl: 'https://kaspi.kz/shop/api/v2',
          token: ' ',
          contentType: 'application/vnd.api+json',
          userAgent: 'x',
          requestTimeoutMs: 1000,
          maxConcurrentRequests: 1,
          maxRequestsPerSecond: 1,
        }),
      KaspiConfigurationError,
    );
  });
});
