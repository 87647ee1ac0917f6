import type { Clock } from './replay-limiter.js';

/**
 * The feed's re-reads while a wake-up named a position not readable yet (event-feed.ts): the
 * first after `firstMs`, then doubling up to `maxMs`, for at most `budgetMs` of waiting in all.
 * One re-read is pending at a time.
 */
export class HintBackoff {
  /** Re-reads made so far (stats). */
  retries = 0;
  private timer: unknown = null;
  private delayMs: number;
  private waitedMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly firstMs: number,
    private readonly maxMs: number,
    private readonly budgetMs: number,
  ) {
    this.delayMs = firstMs;
  }

  get pending(): boolean {
    return this.timer !== null;
  }

  /** Runs `reread` after the next delay; false (and starts over) when the budget is spent. */
  schedule(reread: () => void): boolean {
    if (this.waitedMs >= this.budgetMs) {
      this.reset();
      return false;
    }
    const delay = this.delayMs;
    this.delayMs = Math.min(delay * 2, this.maxMs);
    this.waitedMs += delay;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.retries++;
      reread();
    }, delay);
    return true;
  }

  /** Cancels a pending re-read; the next schedule starts from the first delay. */
  reset(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.delayMs = this.firstMs;
    this.waitedMs = 0;
  }
}
