import { condition } from '@temporalio/workflow';

/**
 * Runs `work` for every item with at most `limit` running at once, waiting for all of them. Failures are
 * the callback's business: it must catch what it wants to survive. Workflow code is single-threaded and
 * deterministic, so a counter and condition() are all the coordination needed.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let running = 0;
  const all: Promise<void>[] = [];
  for (const item of items) {
    await condition(() => running < limit);
    running += 1;
    all.push(work(item).finally(() => void (running -= 1)));
  }
  await Promise.all(all);
}
