/** Workflow IDs (domain/temporal-names.ts): sync runs and order workflows can never be mistaken for each other. */
import assert from 'node:assert/strict';
import { isSyncRunWorkflowId, manualSyncWorkflowId, orderCodeFromWorkflowId, orderWorkflowId, scheduledRunWorkflowId } from '../../domain/temporal-names.js';

describe('workflow IDs', () => {
  it('name sync runs kaspi-sync-run-…, a prefix no order workflow shares', () => {
    assert.equal(scheduledRunWorkflowId('kaspi-order-sync'), 'kaspi-sync-run');
    assert.equal(scheduledRunWorkflowId('shop-2'), 'kaspi-sync-run-shop-2');
    assert.equal(manualSyncWorkflowId(new Date('2026-12-01T10:00:00.123Z')), 'kaspi-sync-run-manual-2026-12-01T10:00:00Z');
    assert.ok(!orderWorkflowId('712000001').startsWith('kaspi-sync-run'));
    assert.ok(!'kaspi-sync-run-2026-12-01T10:00:00Z'.startsWith('kaspi-order-'));
  });

  it('recognise sync runs of this release and of earlier ones, and never an order workflow', () => {
    for (const id of ['kaspi-sync-run-2026-12-01T10:02:00Z', 'kaspi-sync-run-manual-2026-12-01T10:00:00Z', 'kaspi-order-sync-2026-11-26T04:00:00Z', 'kaspi-sync-manual-2026-11-26T04:14:29Z']) {
      assert.ok(isSyncRunWorkflowId(id), id);
      assert.equal(orderCodeFromWorkflowId(id), undefined, id);
    }
    assert.ok(!isSyncRunWorkflowId('kaspi-order-712000001'));
    assert.equal(orderCodeFromWorkflowId('kaspi-order-712000001'), '712000001');
  });
});
