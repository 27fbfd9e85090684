/**
 * The alerts' own worker in the same process as the sync's: task queue `<queue>-alerts`, a few slots of its
 * own, the alert activities with their dependencies. A channel that hangs or fails occupies only these slots,
 * so sync runs are never slowed or failed by it. `ensureAlertsWorkflow` starts the one alert loop, or finds it
 * running (the worker calls it at every start; a second worker finds the same loop).
 */
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { createAlertActivities, type AlertActivityDependencies } from '../activities/alert-activities.js';
import { alertsTaskQueue, alertsWorkflowId, WorkflowTypes } from '../domain/temporal-names.js';
import type { AlertsInput } from '../workflows/alerts.js';
import { workflowsPath } from './workflows-path.js';

export interface AlertsWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  /** The sync's task queue; the alerts use `<taskQueue>-alerts`. */
  taskQueue: string;
  dependencies: AlertActivityDependencies;
  workflowBundle?: WorkflowBundleOption;
}

export function createAlertsWorker(options: AlertsWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: alertsTaskQueue(options.taskQueue),
    activities: createAlertActivities(options.dependencies),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    maxConcurrentActivityTaskExecutions: 10,
    maxConcurrentWorkflowTaskExecutions: 2,
    maxCachedWorkflows: 10,
    shutdownGraceTime: '5 seconds',
  });
}

export async function ensureAlertsWorkflow(client: Client, taskQueue: string, input: AlertsInput): Promise<string> {
  const workflowId = alertsWorkflowId(taskQueue);
  await client.workflow.start(WorkflowTypes.alerts, {
    taskQueue: alertsTaskQueue(taskQueue),
    workflowId,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  return workflowId;
}
