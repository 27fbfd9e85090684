/**
 * All of kaspi-sync's configuration, read from the environment once and validated at start-up. Errors
 * name the variable and the fix. The seed's variable names (DB_URL, KASPI_*) keep working.
 */
import { readFileSync } from 'node:fs';
import type { KaspiClientConfig } from '../kaspi/index.js';
import { kaspiConfigFromEnv } from './kaspi-environment.js';
import type { WarehouseMapping } from '../domain/warehouse.js';
import { DEFAULT_SCHEDULE_ID, DEFAULT_TASK_QUEUE } from '../domain/temporal-names.js';
import { DEFAULT_SYNC_SETTINGS, SYNC_MODES, withDefaults, type SyncMode, type SyncSettings } from '../domain/sync-settings.js';
import { databaseUrlFromEnv } from './database-url.js';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  tls?: boolean | { clientCertPair: { crt: Buffer; key: Buffer } };
}

export interface WorkerTuning {
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
  maxCachedWorkflows: number;
}

type Env = NodeJS.ProcessEnv;

export function temporalSettingsFromEnv(env: Env = process.env): TemporalSettings {
  const certPath = env.TEMPORAL_TLS_CERT?.trim();
  const keyPath = env.TEMPORAL_TLS_KEY?.trim();
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new ConfigurationError('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: set both (mTLS) or neither.');
  }
  const apiKey = env.TEMPORAL_API_KEY?.trim() || undefined;
  let tls: TemporalSettings['tls'];
  if (certPath && keyPath) tls = { clientCertPair: { crt: readFileSync(certPath), key: readFileSync(keyPath) } };
  else if (apiKey || /^(1|true|yes)$/i.test(env.TEMPORAL_TLS ?? '')) tls = true;
  return {
    address: env.TEMPORAL_ADDRESS?.trim() || '127.0.0.1:7233',
    namespace: env.TEMPORAL_NAMESPACE?.trim() || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE?.trim() || DEFAULT_TASK_QUEUE,
    apiKey,
    tls,
  };
}

export function databaseUrlOrThrow(env: Env = process.env): string {
  const url = databaseUrlFromEnv(env);
  if (!url) throw new ConfigurationError('DB_URL is not set. Set DB_URL (or DATABASE_URL) to postgresql://user:password@host:5432/database.');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigurationError(`DB_URL must be a postgresql:// URL, got a value starting with "${url.slice(0, 12)}".`);
  return url;
}

export function kaspiSettingsFromEnv(env: Env = process.env): KaspiClientConfig {
  try {
    return kaspiConfigFromEnv(env);
  } catch (error) {
    throw new ConfigurationError((error as Error).message);
  }
}

/**
 * KASPI_SYNC_MODE: live (default) acts on Kaspi and the stock; shadow reads Kaspi exactly as live does, sends
 * no POST, changes no stock or order row, and records what it would have done (docs/operating.md "Going live").
 */
export function syncModeFromEnv(env: Env = process.env): SyncMode {
  const raw = env.KASPI_SYNC_MODE?.trim();
  if (!raw) return 'live';
  if (!(SYNC_MODES as readonly string[]).includes(raw)) {
    throw new ConfigurationError(`KASPI_SYNC_MODE must be one of ${SYNC_MODES.join(', ')}, got "${raw}".`);
  }
  return raw as SyncMode;
}

/** KASPI_WAREHOUSE_MAP: JSON object from pickupPointId (or its warehouse part) to a stocks.name. */
export function warehouseMappingFromEnv(env: Env = process.env): WarehouseMapping {
  const raw = env.KASPI_WAREHOUSE_MAP?.trim();
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigurationError('KASPI_WAREHOUSE_MAP must be JSON, e.g. {"30123456_PP1":"PP1","Store7":"PP2"}.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string' || !v)) {
    throw new ConfigurationError('KASPI_WAREHOUSE_MAP must be a JSON object of non-empty strings, e.g. {"30123456_PP1":"PP1"}.');
  }
  return parsed as WarehouseMapping;
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigurationError(`${name} must be a positive whole number, got "${raw}".`);
  return value;
}

export function workerTuningFromEnv(env: Env = process.env): WorkerTuning {
  return {
    maxConcurrentActivities: positiveInteger(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES', 100),
    maxConcurrentWorkflowTasks: positiveInteger(env, 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 40),
    maxCachedWorkflows: positiveInteger(env, 'WORKER_MAX_CACHED_WORKFLOWS', 500),
  };
}

/**
 * The sync schedule and hand-started runs:
 *   SYNC_SCHEDULE_ID     default kaspi-order-sync
 *   SYNC_INTERVAL        default 2m    (how often the schedule starts a sync: 90s, 15m, 1h, ...; why 2m:
 *                                       docs/status-tracking.md — Express orders have 60 minutes)
 *   SYNC_CATCHUP_WINDOW  default 10m   (after an outage, a missed tick older than this is dropped)
 *   SYNC_RUN_TIMEOUT     default 15m   (hard bound of one run: the server ends a run still open after it)
 *   SYNC_SETTINGS        optional JSON of business settings, e.g. {"outOfStockPolicy":"cancel"}
 */
export interface ScheduleSettings {
  scheduleId: string;
  interval: string;
  catchupWindow: string;
  /** Hard bound of one run (the schedule action's workflowRunTimeout). */
  runTimeout: string;
  syncSettings?: Partial<SyncSettings>;
}

/** Short enough that a new order waits at most ~2 minutes for its run (p95 creation → accepted ≤ 3 minutes). */
export const DEFAULT_SYNC_INTERVAL = '2m';
export const DEFAULT_SYNC_RUN_TIMEOUT = '15m';

const DURATION = /^\d+(s|m|h|d)$/;

export function scheduleSettingsFromEnv(env: Env = process.env): ScheduleSettings {
  const raw = env.SYNC_SETTINGS?.trim();
  return {
    scheduleId: env.SYNC_SCHEDULE_ID?.trim() || DEFAULT_SCHEDULE_ID,
    interval: durationSetting('SYNC_INTERVAL', env.SYNC_INTERVAL, DEFAULT_SYNC_INTERVAL),
    catchupWindow: durationSetting('SYNC_CATCHUP_WINDOW', env.SYNC_CATCHUP_WINDOW, '10m'),
    runTimeout: durationSetting('SYNC_RUN_TIMEOUT', env.SYNC_RUN_TIMEOUT, DEFAULT_SYNC_RUN_TIMEOUT),
    syncSettings: raw ? parseSyncSettings(raw, 'SYNC_SETTINGS') : undefined,
  };
}

export function durationSetting(source: string, raw: string | undefined, fallback: string): string {
  const value = raw?.trim() || fallback;
  if (!DURATION.test(value)) {
    throw new ConfigurationError(`${source} must be a whole number with a unit s, m, h or d (e.g. 30m), got "${value}".`);
  }
  return value;
}

/** Business settings as JSON (env or --settings): only known keys, and values the workflows accept. */
export function parseSyncSettings(raw: string, source: string): Partial<SyncSettings> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigurationError(`${source} must be a JSON object, e.g. {"outOfStockPolicy":"cancel","maxOrdersInFlight":10}.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigurationError(`${source} must be a JSON object, e.g. {"outOfStockPolicy":"cancel"}.`);
  }
  const unknown = Object.keys(parsed).filter((key) => !(key in DEFAULT_SYNC_SETTINGS));
  if (unknown.length > 0) {
    throw new ConfigurationError(`${source} has unknown settings ${unknown.join(', ')}; known: ${Object.keys(DEFAULT_SYNC_SETTINGS).join(', ')}.`);
  }
  try {
    withDefaults(parsed as Partial<SyncSettings>);
  } catch (error) {
    throw new ConfigurationError(`${source}: ${(error as Error).message}.`);
  }
  return parsed as Partial<SyncSettings>;
}
