/** The first step of every sync run: its complete settings, recorded in its history as this activity's result. */
import { resolveRunSettings as resolve, type RunSettings, type SyncSettings } from '../domain/sync-settings.js';
import type { ActivityDependencies } from './dependencies.js';

/**
 * Today's defaults fill what the run's input leaves unset, and the worker's KASPI_SYNC_MODE is added. Invalid
 * settings fail the run at once, by name (a non-retryable failure).
 */
export async function resolveRunSettings({ mode }: ActivityDependencies, overrides: Partial<SyncSettings> | undefined): Promise<RunSettings> {
  return resolve(overrides, mode ?? 'live');
}
