import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyWorkerMemoryPolicy, LEAN_HEAP_FLAGS, WORKER_NODE_FLAGS, WORKER_PROCESS_ENV } from '../../worker/memory-policy.js';
import { ConfigurationError } from '../../platform/config.js';

describe('worker memory policy (KASPI_SYNC_WORKER_MEMORY)', () => {
  it('is lean by default, can be left to V8, and refuses anything else by name', () => {
    assert.equal(applyWorkerMemoryPolicy({}), 'lean');
    assert.equal(applyWorkerMemoryPolicy({ KASPI_SYNC_WORKER_MEMORY: 'v8-default' }), 'v8-default');
    assert.throws(() => applyWorkerMemoryPolicy({ KASPI_SYNC_WORKER_MEMORY: 'small' }), (error: Error) => error instanceof ConfigurationError && /KASPI_SYNC_WORKER_MEMORY must be lean or v8-default, got "small"/.test(error.message));
  });

  it('names growth rules only, never a heap ceiling that could crash a busy worker', () => {
    for (const flag of [...LEAN_HEAP_FLAGS, ...WORKER_NODE_FLAGS]) assert.doesNotMatch(flag, /max-old-space-size|max-heap-size/);
    assert.equal(WORKER_PROCESS_ENV.MALLOC_ARENA_MAX, '2');
  });

  it('is what every way of starting the worker gives node: npm run worker and the container say the same flags', () => {
    const root = new URL('../../', import.meta.url);
    const workerScript: string = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).scripts.worker;
    const dockerCmd = readFileSync(new URL('Dockerfile', root), 'utf8').split('\n').find((line) => line.startsWith('CMD '))!;
    for (const flag of WORKER_NODE_FLAGS) {
      assert.ok(workerScript.split(' ').includes(flag), `npm run worker passes ${flag}: ${workerScript}`);
      assert.ok((JSON.parse(dockerCmd.slice(4)) as string[]).includes(flag), `the container passes ${flag}: ${dockerCmd}`);
    }
    assert.match(workerScript, new RegExp(`MALLOC_ARENA_MAX=\\$\\{MALLOC_ARENA_MAX:-${WORKER_PROCESS_ENV.MALLOC_ARENA_MAX}\\}`));
  });
});
