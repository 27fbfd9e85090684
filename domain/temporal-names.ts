/**
 * The one vocabulary shared by workflows, the worker, the CLI and tests: task queue, workflow types and IDs,
 * message names and search-attribute keys. Safe to import from workflow code (no Node built-ins).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const DEFAULT_TASK_QUEUE = 'kaspi-sync';
export const DEFAULT_SCHEDULE_ID = 'kaspi-order-sync';

export const WorkflowTypes = {
  orderSync: 'orderSyncWorkflow',
  processOrder: 'processOrderWorkflow',
  priceList: 'priceListWorkflow',
  alerts: 'alertsWorkflow',
} as const;

/** One child workflow per Kaspi order, named by the order code a merchant sees in the cabinet. */
export function orderWorkflowId(orderCode: string): string {
  return `kaspi-order-${orderCode}`;
}

export function orderCodeFromWorkflowId(workflowId: string): string | undefined {
  // Kaspi order codes are digits; this also keeps runs of releases before 2026-12 (kaspi-order-sync-<time>) out.
  return /^kaspi-order-(\d+)$/.exec(workflowId)?.[1];
}

/**
 * Sync runs are `kaspi-sync-run-…`, a prefix no order workflow (`kaspi-order-<code>`) can share, so a search
 * for one never finds the other. The schedule's runs get the server's `-<nominal time>` suffix.
 */
export const SYNC_RUN_PREFIX = 'kaspi-sync-run';

/** The workflow ID a schedule gives its runs (before the server appends the time). */
export function scheduledRunWorkflowId(scheduleId: string): string {
  return scheduleId === DEFAULT_SCHEDULE_ID ? SYNC_RUN_PREFIX : `${SYNC_RUN_PREFIX}-${scheduleId}`;
}

export function manualSyncWorkflowId(startedAt: Date): string {
  return `${SYNC_RUN_PREFIX}-manual-${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`;
}

/** A sync run's workflow ID, this release's or an earlier one's (kaspi-order-sync-<time>, kaspi-sync-manual-<time>). */
export function isSyncRunWorkflowId(workflowId: string): boolean {
  return workflowId.startsWith(`${SYNC_RUN_PREFIX}-`) || workflowId.startsWith(`${DEFAULT_SCHEDULE_ID}-`) || workflowId.startsWith('kaspi-sync-manual-');
}

/**
 * One price-list workflow per task queue, at a fixed ID: every stock change signals it with signalWithStart,
 * so the first change starts it and later ones find it running.
 */
export function priceListWorkflowId(taskQueue: string): string {
  return taskQueue === DEFAULT_TASK_QUEUE ? 'kaspi-price-list' : `kaspi-price-list-${taskQueue}`;
}

/**
 * Alerts run on a task queue of their own beside the sync's (`<queue>-alerts`), served by the same worker
 * process with its own slots: a hanging webhook never takes a slot a sync activity needs. One alert
 * workflow per sync task queue, at a fixed ID.
 */
export function alertsTaskQueue(taskQueue: string): string {
  return `${taskQueue}-alerts`;
}

export function alertsWorkflowId(taskQueue: string): string {
  return taskQueue === DEFAULT_TASK_QUEUE ? 'kaspi-sync-alerts' : `kaspi-sync-alerts-${taskQueue}`;
}

export const SearchAttributes = {
  orderCode: defineSearchAttributeKey('KaspiOrderCode', SearchAttributeType.KEYWORD),
  warehouse: defineSearchAttributeKey('KaspiWarehouse', SearchAttributeType.KEYWORD),
  outcome: defineSearchAttributeKey('KaspiOutcome', SearchAttributeType.KEYWORD),
  /** Set on sync runs when they finish: OK, or DEGRADED when a step (intake, tracking, waybills) failed. */
  syncHealth: defineSearchAttributeKey('KaspiSyncHealth', SearchAttributeType.KEYWORD),
} as const;

/** `temporal operator search-attribute create` / dev-server `--search-attribute` form. */
export const SEARCH_ATTRIBUTE_DEFINITIONS: Record<string, 'Keyword'> = {
  KaspiOrderCode: 'Keyword',
  KaspiWarehouse: 'Keyword',
  KaspiOutcome: 'Keyword',
  KaspiSyncHealth: 'Keyword',
};
