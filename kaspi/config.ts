/**
 * The Kaspi client's one typed configuration. The client never reads the environment: the worker builds this
 * object from it (platform/kaspi-environment.ts), tests and tools build it in code.
 */
import { KaspiConfigurationError } from './errors.js';

export interface KaspiClientConfig {
  /** API base, e.g. `https://kaspi.kz/shop/api/v2` (no trailing slash, no `/orders`). */
  baseUrl: string;
  token: string;
  contentType: string;
  userAgent: string;
  requestTimeoutMs: number;
  maxConcurrentRequests: number;
  maxRequestsPerSecond: number;
  /** Sent as X-Merchant-Uid on every request when set: Kaspi support says it picks the shop a call acts for. */
  merchantUid?: string;
  /** Shadow mode: every request but a GET is refused before it leaves the process. */
  readOnly?: boolean;
}

export const DEFAULT_CONTENT_TYPE = 'application/vnd.api+json';
/** Kaspi's WAF drops HTTP libraries' default agents, so we always identify ourselves. */
export const DEFAULT_USER_AGENT = 'kaspi-sync/0.1 (+https://github.com/kaspi-sync)';
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 20;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Accepts both the API base and the orders URL (the seed configures the latter, because it POSTs status
 * changes there) and returns the base.
 */
export function normaliseKaspiBaseUrl(raw: string, source = 'baseUrl'): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new KaspiConfigurationError(`${source} is not a valid URL; expected e.g. https://kaspi.kz/shop/api/v2/orders`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KaspiConfigurationError(`${source} must be an http(s) URL; expected e.g. https://kaspi.kz/shop/api/v2/orders`);
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new KaspiConfigurationError(
      `${source} uses plain http:// to ${url.hostname}: the API token would travel unencrypted; use https:// (plain http is accepted only for a local sandbox on 127.0.0.1, localhost or ::1)`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/orders$/, '');
  return `${url.origin}${path}`;
}

/** Copied secrets often carry a trailing newline; a header containing one would be rejected outright. */
export function cleanToken(raw: string): string {
  return raw.trim();
}

/** Guards configs built in code rather than from the environment. */
export function assertValidConfig(config: KaspiClientConfig): void {
  if (cleanToken(config.token) === '') {
    throw new KaspiConfigurationError('The Kaspi API token is empty; set KASPI_AUTH_TOKEN');
  }
  for (const key of ['requestTimeoutMs', 'maxConcurrentRequests', 'maxRequestsPerSecond'] as const) {
    if (!Number.isInteger(config[key]) || config[key] <= 0) {
      throw new KaspiConfigurationError(`Kaspi client setting ${key} must be a positive integer`);
    }
  }
  if (config.userAgent.trim() === '') {
    throw new KaspiConfigurationError('The Kaspi User-Agent is empty; set KASPI_USER_AGENT or leave it unset');
  }
}
