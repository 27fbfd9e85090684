import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestLimiter } from '../../kaspi/request-limiter.js';

describe('Request limiter', () => {
  it('never runs more tasks at once than allowed', async () => {
    const limiter = new RequestLimiter(3, 1000);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await sleep(10);
          running -= 1;
        }),
      ),
    );
    assert.equal(peak, 3);
  });

  it('starts no more than the allowed number of requests in any second', async () => {
    const limiter = new RequestLimiter(10, 4);
    const starts: number[] = [];
    const began = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => limiter.run(async () => void starts.push(Date.now() - began))));
    assert.ok(starts.slice(0, 4).every((at) => at < 200), `first four start at once: ${starts}`);
    assert.ok(starts.slice(4).every((at) => at >= 990), `the rest wait for the next second: ${starts}`);
  });

  it('frees its slot when a task fails', async () => {
    const limiter = new RequestLimiter(1, 1000);
    await assert.rejects(limiter.run(async () => Promise.reject(new Error('boom'))));
    assert.equal(await limiter.run(async () => 'next'), 'next');
  });
});
