/**
 * Configuration of the price list (stock feed), read from the environment once:
 *   KASPI_COMPANY, KASPI_MERCHANT_ID  the shop as the feed names it (both, or neither: no feed)
 *   FEED_SAFETY_STOCK      default 0    units per warehouse kept back (products.safety_stock overrides)
 *   FEED_MAX_DROP_SHARE    default 0.3  largest share of offers or unexplained stock that may vanish at once
 *   FEED_SKU_ALLOW_LIST    optional     comma-separated SKUs; when set, only these are published
 *   FEED_KEEP_VERSIONS     default 3000 published versions kept in price_list_versions (the newest is served)
 *   FEED_MIN_INTERVAL      default 1m   at most one regeneration per interval (changes in between wait)
 *   FEED_REFRESH_INTERVAL  default 10m  regenerated at least this often, change or not (the safety net)
 *   FEED_ADDRESS           default 127.0.0.1:8090   where `feed:serve` listens (host:port)
 *   FEED_TOKEN             required by feed:serve   the secret path segment: /<FEED_TOKEN>/kaspi.xml
 *   FEED_BASIC_AUTH        optional     user:password that Kaspi's cabinet sends for the price-list URL
 */
import { ConfigurationError } from './config.js';

type Env = NodeJS.ProcessEnv;

export interface PriceListSettings {
  company: string;
  merchantId: string;
  safetyStock: number;
  maxDropShare: number;
  allowList?: string[];
  /** How many published versions price_list_versions keeps (the newest is the served one). */
  keepVersions?: number;
}

export interface PriceListRefreshSettings {
  minIntervalMs: number;
  refreshIntervalMs: number;
}

export interface FeedServerSettings {
  host: string;
  port: number;
  /** The path Kaspi fetches: /<token>/kaspi.xml. */
  path: string;
  basicAuth?: { user: string; password: string };
}

export const FEED_FILE_NAME = 'kaspi.xml';
const MIN_TOKEN_LENGTH = 16;

/** Undefined when the shop has not configured a feed (neither KASPI_COMPANY nor KASPI_MERCHANT_ID). */
export function priceListSettingsFromEnv(env: Env = process.env): PriceListSettings | undefined {
  const company = env.KASPI_COMPANY?.trim();
  const merchantId = env.KASPI_MERCHANT_ID?.trim();
  if (!company && !merchantId) return undefined;
  if (!company || !merchantId) {
    throw new ConfigurationError('KASPI_COMPANY and KASPI_MERCHANT_ID go together: set both (the shop name and the merchant ID of the Kaspi cabinet) to publish a price list.');
  }
  const allowList = env.FEED_SKU_ALLOW_LIST?.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  return {
    company,
    merchantId,
    safetyStock: wholeNumber(env, 'FEED_SAFETY_STOCK', 0),
    maxDropShare: share(env, 'FEED_MAX_DROP_SHARE', 0.3),
    ...(allowList && allowList.length > 0 ? { allowList } : {}),
    ...(env.FEED_KEEP_VERSIONS?.trim() ? { keepVersions: Math.max(1, wholeNumber(env, 'FEED_KEEP_VERSIONS', 1)) } : {}),
  };
}

export function requiredPriceListSettings(env: Env = process.env): PriceListSettings {
  const settings = priceListSettingsFromEnv(env);
  if (!settings) throw new ConfigurationError('no price list configured: set KASPI_COMPANY and KASPI_MERCHANT_ID (docs/operating.md, "Price list").');
  return settings;
}

export function priceListRefreshFromEnv(env: Env = process.env): PriceListRefreshSettings {
  const settings = {
    minIntervalMs: duration(env, 'FEED_MIN_INTERVAL', 60_000),
    refreshIntervalMs: duration(env, 'FEED_REFRESH_INTERVAL', 10 * 60_000),
  };
  if (settings.refreshIntervalMs < settings.minIntervalMs) {
    throw new ConfigurationError('FEED_REFRESH_INTERVAL must not be shorter than FEED_MIN_INTERVAL.');
  }
  return settings;
}

export function feedServerSettingsFromEnv(env: Env = process.env): FeedServerSettings {
  const address = env.FEED_ADDRESS?.trim() || '127.0.0.1:8090';
  const match = /^(.+):(\d{1,5})$/.exec(address);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) throw new ConfigurationError(`FEED_ADDRESS must be host:port, e.g. 0.0.0.0:8090, got "${address}".`);
  const token = env.FEED_TOKEN?.trim();
  if (!token) {
    throw new ConfigurationError(`FEED_TOKEN is not set: the price list is served at /<FEED_TOKEN>/${FEED_FILE_NAME}; use a long random value, e.g. \`openssl rand -hex 16\`.`);
  }
  if (token.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new ConfigurationError(`FEED_TOKEN must be at least ${MIN_TOKEN_LENGTH} letters, digits, "_" or "-" (it is what keeps the URL unguessable).`);
  }
  const rawAuth = env.FEED_BASIC_AUTH?.trim();
  let basicAuth: FeedServerSettings['basicAuth'];
  if (rawAuth) {
    const separator = rawAuth.indexOf(':');
    if (separator <= 0 || separator === rawAuth.length - 1) throw new ConfigurationError('FEED_BASIC_AUTH must be user:password.');
    basicAuth = { user: rawAuth.slice(0, separator), password: rawAuth.slice(separator + 1) };
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port, path: `/${token}/${FEED_FILE_NAME}`, ...(basicAuth ? { basicAuth } : {}) };
}

function wholeNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigurationError(`${name} must be a whole number of units (0 or more), got "${raw}".`);
  return value;
}

function share(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = raw.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : Number(raw);
  if (!Number.isFinite(value) || value < 0 || value >= 1) throw new ConfigurationError(`${name} must be a share below 1 (e.g. 0.3 or 30%), got "${raw}".`);
  return value;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function duration(env: Env, name: string, fallbackMs: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallbackMs;
  const match = /^(\d+)(ms|s|m|h)$/.exec(raw);
  if (!match || Number(match[1]) <= 0) throw new ConfigurationError(`${name} must be a whole number with a unit ms, s, m or h (e.g. 1m), got "${raw}".`);
  return Number(match[1]) * UNIT_MS[match[2]];
}
