/** Signals and queries of kaspi-sync's workflows, shared by the workflows and the operator CLI. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { OrderResult, SyncSummary } from '../domain/sync-types.js';

/** Parent → child: Kaspi reports the order cancelled; stop and compensate. */
export const orderCancelledSignal = defineSignal<[{ kaspiStatus: string }]>('orderCancelled');

/** Operator → held child: the cause was fixed (stock added, SKU created); try again now. */
export const retryOrderSignal = defineSignal<[]>('retryOrder');

/** Child → parent: the order's first pass is done (accepted, held, cancelled). */
export const orderSettledSignal = defineSignal<[OrderResult]>('orderSettled');

export interface OrderProgress {
  orderCode: string;
  stage: string;
  outcome?: OrderResult['outcome'];
  reason?: string;
  warehouse?: string | null;
  attempts: number;
}

/** Stock, products or warehouses changed (a database trigger, via the worker's listener): regenerate the price list. */
export const priceListInputsChangedSignal = defineSignal<[]>('priceListInputsChanged');

export const orderProgressQuery = defineQuery<OrderProgress>('orderProgress');
export const syncProgressQuery = defineQuery<{ phase: string; summary: SyncSummary }>('syncProgress');
