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
} as const;

/** One child workflow per Kaspi order, named by the order code a merchant sees in the cabinet. */
export function orderWorkflowId(orderCode: string): string {
  return `kaspi-order-${orderCode}`;
}

export function orderCodeFromWorkflowId(workflowId: string): string | undefined {
  // Kaspi order codes are digits; this keeps scheduled sync runs (kaspi-order-sync-<time>) out.
  return /^kaspi-order-(\d+)$/.exec(workflowId)?.[1];
}

export function manualSyncWorkflowId(startedAt: Date): string {
  return `kaspi-sync-manual-${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`;
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
