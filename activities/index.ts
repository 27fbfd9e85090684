import type { ActivityDependencies } from './dependencies.js';
import { createOrderActivities } from './order-activities.js';
import { createStatusTrackingActivities } from './status-tracking-activities.js';
import { createSyncActivities } from './sync-activities.js';

export type { ActivityDependencies } from './dependencies.js';

/** All activities, built from their dependencies (the worker registers this object). */
export function createActivities(deps: ActivityDependencies) {
  return { ...createOrderActivities(deps), ...createSyncActivities(deps), ...createStatusTrackingActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
