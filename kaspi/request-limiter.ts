const ONE_SECOND_MS = 1000;

/**
 * Bounds concurrent requests and request starts per rolling second, because Kaspi answers parallel
 * bursts with 429. Waiters are served in arrival order.
 */
export class RequestLimiter {
  private active = 0;
  private readonly recentStarts: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private wakeUp: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.waiting.push(start);
      this.startWaiting();
    });
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.startWaiting();
    }
  }

  private startWaiting(): void {
    while (this.waiting.length > 0 && this.active < this.maxConcurrent) {
      const now = this.now();
      while (this.recentStarts.length > 0 && this.recentStarts[0] <= now - ONE_SECOND_MS) this.recentStarts.shift();
      if (this.recentStarts.length >= this.maxPerSecond) {
        this.wakeUpAfter(this.recentStarts[0] + ONE_SECOND_MS - now);
        return;
      }
      this.recentStarts.push(now);
      this.active += 1;
      this.waiting.shift()!();
    }
  }

  private wakeUpAfter(delayMs: number): void {
    if (this.wakeUp) return;
    this.wakeUp = setTimeout(() => {
      this.wakeUp = undefined;
      this.startWaiting();
    }, Math.max(1, delayMs));
  }
}
