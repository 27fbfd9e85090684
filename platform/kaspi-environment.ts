/**
 * The Kaspi client's configuration from the environment the seed's users already have (KASPI_API_URL,
 * KASPI_AUTH_TOKEN, KASPI_CONTENT_TYPE, KASPI_USER_AGENT) plus kaspi-sync's own limits. The one place that
 * reads them; the client itself only takes the typed object (kaspi/config.ts).
 */
import {
  cleanToken,
  DEFAULT_CONTENT_TYPE,
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  DEFAULT_MAX_REQUESTS_PER_SECOND,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  normaliseKaspiBaseUrl,
  type KaspiClientConfig,
} from '../kaspi/config.js';
import { KaspiConfigurationError } from '../kaspi/errors.js';

type Env = Record<string, string | undefined>;

export function kaspiConfigFromEnv(env: Env = process.env): KaspiClientConfig {
  return {
    baseUrl: normaliseKaspiBaseUrl(required(env, 'KASPI_API_URL', 'https://kaspi.kz/shop/api/v2/orders'), 'KASPI_API_URL'),
    token: required(env, 'KASPI_AUTH_TOKEN', 'the API token from the Kaspi seller cabinet (Settings → API token)'),
    contentType: optional(env, 'KASPI_CONTENT_TYPE') ?? DEFAULT_CONTENT_TYPE,
    userAgent: optional(env, 'KASPI_USER_AGENT') ?? DEFAULT_USER_AGENT,
    requestTimeoutMs: positiveInteger(env, 'KASPI_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS),
    maxConcurrentRequests: positiveInteger(env, 'KASPI_MAX_CONCURRENT_REQUESTS', DEFAULT_MAX_CONCURRENT_REQUESTS),
    maxRequestsPerSecond: positiveInteger(env, 'KASPI_MAX_REQUESTS_PER_SECOND', DEFAULT_MAX_REQUESTS_PER_SECOND),
    ...(optional(env, 'KASPI_MERCHANT_UID') ? { merchantUid: optional(env, 'KASPI_MERCHANT_UID') } : {}),
  };
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function required(env: Env, name: string, example: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new KaspiConfigurationError(`${name} is not set; set it to ${example}`);
  return name === 'KASPI_AUTH_TOKEN' ? cleanToken(value) : value;
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) {
    throw new KaspiConfigurationError(
      `${name} must be a positive whole number, got "${raw}"; fix it or unset it to use the default ${fallback}`,
    );
  }
  return value;
}
