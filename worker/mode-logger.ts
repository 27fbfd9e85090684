/**
 * Every log line of a worker carries its mode (`mode: "shadow"` or `"live"`), workflow and activity lines alike,
 * so a shadow run's decisions can never be mistaken for actions when reading logs.
 */
import type { Logger, LogLevel, LogMetadata } from '@temporalio/worker';
import type { SyncMode } from '../domain/sync-settings.js';

export function withMode(inner: Logger, mode: SyncMode): Logger {
  const tagged = (meta?: LogMetadata): LogMetadata => ({ ...meta, mode });
  return {
    log: (level: LogLevel, message: string, meta?: LogMetadata) => inner.log(level, message, tagged(meta)),
    trace: (message, meta) => inner.trace(message, tagged(meta)),
    debug: (message, meta) => inner.debug(message, tagged(meta)),
    info: (message, meta) => inner.info(message, tagged(meta)),
    warn: (message, meta) => inner.warn(message, tagged(meta)),
    error: (message, meta) => inner.error(message, tagged(meta)),
  };
}
