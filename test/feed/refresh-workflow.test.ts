/**
 * The price-list workflow's own timing, on the time-skipping test server with an inline activity that only
 * records when it ran (server time): a burst of stock changes regenerates once, at most once a minute, the
 * safety-net timer regenerates without any change, a failed regeneration does not end the workflow, and the
 * history stays bounded by continuing as new.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTimeSkippingServer } from '../support/time-skipping.js';
import { Worker } from '@temporalio/worker';
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowTypes } from '../../domain/temporal-names.js';
import { priceListInputsChangedSignal } from '../../workflows/messages.js';
import type { PriceListWorkflowInput } from '../../workflows/price-list.js';
import type { PublishOutcome } from '../../activities/price-list-activities.js';
import { sharedWorkflowBundle } from '../support/infrastructure.js';
import { waitFor } from '../support/wait-for.js';

const MINUTE = 60_000;

describe('the price-list workflow (time-skipping server)', function () {
  this.timeout(180_000);
  let env: TestWorkflowEnvironment | undefined;

  before(async () => {
    env = await startTimeSkippingServer();
  });
  after(() => env?.teardown());

  /** Runs the workflow against an activity that records the server time of each regeneration. */
  async function withWorkflow(input: PriceListWorkflowInput, body: (ctx: { runs: number[]; signal: () => Promise<void>; workflowId: string; firstRunId: string }) => Promise<void>, failFirst = false) {
    const runs: number[] = [];
    const taskQueue = `price-list-${randomUUID()}`;
    const workflowId = `kaspi-price-list-${taskQueue}`;
    const worker = await Worker.create({
      connection: env!.nativeConnection,
      taskQueue,
      workflowBundle: await sharedWorkflowBundle(),
      activities: {
        async publishPriceList(): Promise<PublishOutcome> {
          runs.push(activityInfo().currentAttemptScheduledTimestampMs);
          if (failFirst && runs.length === 1) throw ApplicationFailure.nonRetryable('database unreachable', 'Test');
          return { outcome: 'published', versionId: runs.length, offerCount: 1, totalStock: 1, leftOut: 0 };
        },
      },
    });
    await worker.runUntil(async () => {
      const handle = await env!.client.workflow.start(WorkflowTypes.priceList, { taskQueue, workflowId, args: [input] });
      try {
        await body({ runs, workflowId, firstRunId: handle.firstExecutionRunId, signal: () => handle.signal(priceListInputsChangedSignal) });
      } finally {
        // A workflow left running without its worker would stop the test server from skipping time.
        await handle.terminate('test over');
      }
    });
  }

  it('regenerates at once when started, then folds a burst of changes into one regeneration a minute later', async () => {
    await withWorkflow({ minIntervalMs: MINUTE, refreshIntervalMs: 10 * MINUTE }, async ({ runs, signal }) => {
      await waitFor(async () => runs.length === 1, 10_000);
      for (let i = 0; i < 5; i++) await signal();
      await env!.sleep('30s');
      for (let i = 0; i < 3; i++) await signal();
      await env!.sleep('40s');
      await waitFor(async () => runs.length >= 2, 10_000);
      await env!.sleep('20s');
      assert.equal(runs.length, 2, 'eight changes, one regeneration');
      const gap = runs[1] - runs[0];
      // Activity scheduling times are a few hundred ms apart from the workflow's own clock.
      assert.ok(gap >= MINUTE - 1_000 && gap < MINUTE + 5_000, `second regeneration ${gap} ms after the first`);
    });
  });

  it('regenerates on the safety-net timer with no change at all', async () => {
    await withWorkflow({ minIntervalMs: MINUTE, refreshIntervalMs: 10 * MINUTE }, async ({ runs }) => {
      await waitFor(async () => runs.length === 1, 10_000);
      await env!.sleep('25m');
      await waitFor(async () => runs.length >= 3, 10_000);
      const gap = runs[1] - runs[0];
      assert.ok(gap >= 10 * MINUTE - 1_000 && gap < 10 * MINUTE + 5_000, `safety net after ${gap} ms`);
    });
  });

  it('keeps running after a failed regeneration and publishes on the next change', async () => {
    await withWorkflow({ minIntervalMs: 1_000, refreshIntervalMs: 10 * MINUTE }, async ({ runs, signal }) => {
      await waitFor(async () => runs.length === 1, 10_000);
      await signal();
      await env!.sleep('5s');
      await waitFor(async () => runs.length === 2, 10_000);
    }, true);
  });

  it('continues as new every 100 regenerations, each run well under 2,000 history events', async () => {
    await withWorkflow({ minIntervalMs: 1_000, refreshIntervalMs: 1_000 }, async ({ runs, workflowId, firstRunId }) => {
      await env!.sleep('250s');
      await waitFor(async () => runs.length >= 200, 30_000);
      const eventsPerRun: number[] = [];
      let runId: string | undefined = firstRunId;
      while (runId) {
        const history = await env!.client.workflow.getHandle(workflowId, runId).fetchHistory();
        eventsPerRun.push(history.events?.length ?? 0);
        runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
      assert.ok(eventsPerRun.length >= 3, `${runs.length} regenerations in ${eventsPerRun.length} runs`);
      assert.ok(eventsPerRun.every((n) => n < 2_000), `events per run: ${eventsPerRun.join(', ')}`);
      console.log(`      ${runs.length} regenerations, events per run: ${eventsPerRun.join(', ')}`);
    });
  });
});
