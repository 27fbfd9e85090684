/**
 * Builds a kaspi-sync worker: one task queue serving both workflows and all activities, with the
 * activities' dependencies (database, Kaspi client, warehouse mapping) handed in.
 */
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities/index.js';
import { createPriceListActivities } from '../activities/price-list-activities.js';
import type { PriceListSettings } from '../platform/feed-config.js';
import type { WorkerTuning } from '../platform/config.js';
import { workflowsPath } from './workflows-path.js';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dependencies: ActivityDependencies;
  /** A prebuilt bundle (tests build one per run; production: WORKFLOW_BUNDLE_PATH from
   * `npm run build:workflows`); otherwise the worker bundles the workflow code at start-up. */
  workflowBundle?: WorkflowBundleOption;
  tuning?: Partial<WorkerTuning>;
  /** The shop's price-list settings; without them the price-list activity refuses (no feed configured). */
  priceList?: PriceListSettings;
}

export function createKaspiSyncWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: { ...createActivities(options.dependencies), ...createPriceListActivities({ ...options.dependencies, priceList: options.priceList }) },
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    maxConcurrentActivityTaskExecutions: options.tuning?.maxConcurrentActivities ?? 100,
    maxConcurrentWorkflowTaskExecutions: options.tuning?.maxConcurrentWorkflowTasks ?? 40,
    maxCachedWorkflows: options.tuning?.maxCachedWorkflows ?? 500,
    // In-flight activities get a moment to finish on SIGTERM; anything cut off is retried by Temporal.
    shutdownGraceTime: '10 seconds',
  });
}
