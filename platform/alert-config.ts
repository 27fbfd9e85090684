/**
 * Configuration of metrics and alerts, read from the environment once (docs/operating.md "Alerts and metrics"):
 *   METRICS_ADDRESS                    host:port of /metrics (Prometheus text); off when unset
 *   TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID  both: alerts go to this Telegram chat
 *   TELEGRAM_API_URL                   default https://api.telegram.org (tests point it at a stand-in)
 *   ALERT_WEBHOOK_URL                  alerts are POSTed here as JSON
 *   ALERT_WEBHOOK_SECRET               required with the URL: HMAC-SHA256 key of X-Kaspi-Sync-Signature
 *   ALERT_LANGUAGE                     ru (default) or en
 *   ALERT_* thresholds                 below, with their defaults
 * The token and the secret are kept out of every message, log line and workflow history: only the delivery
 * activities read them, from this object.
 */
import { ConfigurationError } from './config.js';
import { DEFAULT_WORKING_HOURS, parseWorkingHours, type WorkingHours } from '../domain/acceptance-deadline.js';
import { parseAlertLanguage, type AlertLanguage } from '../domain/alert-messages.js';

type Env = NodeJS.ProcessEnv;

export interface TelegramChannel { apiUrl: string; botToken: string; chatId: string }
export interface WebhookChannel { url: string; secret: string }

export interface AlertThresholds {
  /** A firing alert is repeated at most this often (ALERT_REMINDER_MINUTES, 30). */
  reminderMinutes: number;
  /** A held order is "near its deadline" with this many minutes left (ALERT_DEADLINE_WARNING_MINUTES, 30). */
  deadlineWarningMinutes: number;
  /** An assembled order without a waybill this long after acceptance alerts (ALERT_WAYBILL_MINUTES, 30). */
  waybillMinutes: number;
  /** A sync step failing in this many runs in a row alerts (ALERT_FAILED_RUNS, 3). */
  failedRuns: number;
  /** No usable Kaspi answer for this long alerts (ALERT_KASPI_UNREACHABLE_MINUTES, 10). */
  kaspiUnreachableMinutes: number;
  /** The schedule is "missing ticks" after this many intervals without a run (ALERT_MISSED_TICKS, 3). */
  missedTicks: number;
  workingHours: WorkingHours;
}

export interface AlertSettings {
  language: AlertLanguage;
  telegram?: TelegramChannel;
  webhook?: WebhookChannel;
  thresholds: AlertThresholds;
  /** How often the alert workflow evaluates the conditions (ALERT_EVALUATION_INTERVAL, 1m). */
  evaluationIntervalMs: number;
  /** Almaty time of the daily summary, minutes after midnight (ALERT_DAILY_SUMMARY_AT, e.g. 09:00); off when unset. */
  dailySummaryMinute?: number;
}

export interface MetricsSettings { host: string; port: number }

export function metricsSettingsFromEnv(env: Env = process.env): MetricsSettings | undefined {
  const address = env.METRICS_ADDRESS?.trim();
  if (!address) return undefined;
  const match = /^(.+):(\d{1,5})$/.exec(address);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) throw new ConfigurationError(`METRICS_ADDRESS must be host:port, e.g. 127.0.0.1:9464, got "${address}".`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Undefined when no channel is configured: no alert workflow runs. */
export function alertSettingsFromEnv(env: Env = process.env): AlertSettings | undefined {
  const telegram = telegramFromEnv(env);
  const webhook = webhookFromEnv(env);
  if (!telegram && !webhook) return undefined;
  let language: AlertLanguage;
  let workingHours: WorkingHours;
  try {
    language = parseAlertLanguage(env.ALERT_LANGUAGE);
    workingHours = env.ALERT_WORKING_HOURS || env.ALERT_WORKING_DAYS
      ? parseWorkingHours(env.ALERT_WORKING_HOURS?.trim() || '09:00-18:00', env.ALERT_WORKING_DAYS?.trim() || '1-7')
      : DEFAULT_WORKING_HOURS;
  } catch (error) {
    throw new ConfigurationError((error as Error).message);
  }
  const summaryAt = env.ALERT_DAILY_SUMMARY_AT?.trim();
  let dailySummaryMinute: number | undefined;
  if (summaryAt) {
    const match = /^(\d{1,2}):(\d{2})$/.exec(summaryAt);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) throw new ConfigurationError(`ALERT_DAILY_SUMMARY_AT must be HH:MM Almaty time (e.g. 09:00), got "${summaryAt}".`);
    dailySummaryMinute = Number(match[1]) * 60 + Number(match[2]);
  }
  return {
    language,
    ...(telegram ? { telegram } : {}),
    ...(webhook ? { webhook } : {}),
    thresholds: {
      reminderMinutes: positive(env, 'ALERT_REMINDER_MINUTES', 30),
      deadlineWarningMinutes: positive(env, 'ALERT_DEADLINE_WARNING_MINUTES', 30),
      waybillMinutes: positive(env, 'ALERT_WAYBILL_MINUTES', 30),
      failedRuns: positive(env, 'ALERT_FAILED_RUNS', 3),
      kaspiUnreachableMinutes: positive(env, 'ALERT_KASPI_UNREACHABLE_MINUTES', 10),
      missedTicks: positive(env, 'ALERT_MISSED_TICKS', 3),
      workingHours,
    },
    evaluationIntervalMs: durationMs(env, 'ALERT_EVALUATION_INTERVAL', 60_000),
    ...(dailySummaryMinute === undefined ? {} : { dailySummaryMinute }),
  };
}

function telegramFromEnv(env: Env): TelegramChannel | undefined {
  const botToken = env.TELEGRAM_BOT_TOKEN?.trim();
  const chatId = env.TELEGRAM_CHAT_ID?.trim();
  if (!botToken && !chatId) return undefined;
  if (!botToken || !chatId) throw new ConfigurationError('TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID go together: set both (the bot from @BotFather, the chat it writes to) or neither.');
  if (!/^-?\d+$|^@[A-Za-z0-9_]{5,}$/.test(chatId)) throw new ConfigurationError(`TELEGRAM_CHAT_ID must be a numeric chat ID (e.g. -1001234567890) or @channelname, got "${chatId}".`);
  const apiUrl = (env.TELEGRAM_API_URL?.trim() || 'https://api.telegram.org').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(apiUrl)) throw new ConfigurationError(`TELEGRAM_API_URL must be an http(s) URL, got "${apiUrl}".`);
  // The bot token travels in the URL's path: plain http only to this machine (a local stand-in or proxy).
  if (apiUrl.startsWith('http://') && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(apiUrl)) {
    throw new ConfigurationError('TELEGRAM_API_URL must be https:// (the bot token is part of every request); plain http:// only to 127.0.0.1 or localhost.');
  }
  return { apiUrl, botToken, chatId };
}

function webhookFromEnv(env: Env): WebhookChannel | undefined {
  const url = env.ALERT_WEBHOOK_URL?.trim();
  if (!url) return undefined;
  if (!/^https?:\/\//.test(url)) throw new ConfigurationError('ALERT_WEBHOOK_URL must be an http(s) URL.');
  const secret = env.ALERT_WEBHOOK_SECRET?.trim();
  if (!secret) throw new ConfigurationError('ALERT_WEBHOOK_SECRET is not set: every webhook POST is signed (X-Kaspi-Sync-Signature); use a long random value, e.g. `openssl rand -hex 32`.');
  return { url, secret };
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(`${name} must be a whole number from 1, got "${raw}".`);
  return value;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function durationMs(env: Env, name: string, fallbackMs: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallbackMs;
  const match = /^(\d+)(ms|s|m|h)$/.exec(raw);
  if (!match || Number(match[1]) <= 0) throw new ConfigurationError(`${name} must be a whole number with a unit ms, s, m or h (e.g. 1m), got "${raw}".`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
