/**
 * The replay rate: a token bucket of events per second that every replay batch draws from before it
 * reads (replay-limiter.ts), with waits that can be called off and a clock tests can replace.
 */

/** Time and timers, injectable for tests. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. Its timers do not keep the process alive (like the feed's own timers). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A wait that can be called off: `promise` then resolves to false. */
export interface Wait {
  readonly promise: Promise<boolean>;
  cancel(): void;
}

const granted: Wait = { promise: Promise.resolve(true), cancel: () => {} };
const refused: Wait = { promise: Promise.resolve(false), cancel: () => {} };

interface BucketWaiter {
  readonly count: number;
  readonly resolve: (ok: boolean) => void;
}

/**
 * A token bucket: `rate` tokens per second, holding at most `capacity`; it starts full. Waiters are
 * served in FIFO order (a small request does not overtake a large one). One timer at most, set for
 * when the first waiter can be served; no polling.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly waiters: BucketWaiter[] = [];
  private timer: unknown = null;
  private closed = false;

  constructor(
    readonly rate: number,
    readonly capacity: number,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number, got ${rate}`);
    if (!(capacity > 0) || !Number.isFinite(capacity)) throw new RangeError(`capacity must be a positive number, got ${capacity}`);
    this.tokens = capacity;
    this.last = clock.now();
  }

  /** Tokens available now (negative while in debt). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /** Requests waiting for tokens. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Whether a timer is pending (tests check that none is left behind). */
  get timerPending(): boolean {
    return this.timer !== null;
  }

  /** Takes `count` tokens once they are there (at once if nobody waits and they are). */
  take(count: number): Wait {
    if (this.closed) return refused;
    if (!(count >= 0) || count > this.capacity) throw new RangeError(`Cannot take ${count} tokens from a bucket of ${this.capacity}`);
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= count) {
      this.tokens -= count;
      return granted;
    }
    let waiter!: BucketWaiter;
    const promise = new Promise<boolean>((resolve) => {
      waiter = { count, resolve };
    });
    this.waiters.push(waiter);
    this.schedule();
    return {
      promise,
      cancel: () => {
        const index = this.waiters.indexOf(waiter);
        if (index < 0) return;
        this.waiters.splice(index, 1);
        waiter.resolve(false);
        // The first waiter's timer may now be too late or too early for the new first one.
        if (index === 0) this.reschedule();
      },
    };
  }

  /** Returns unused tokens (a read that came back with fewer events than it reserved). */
  give(count: number): void {
    if (count <= 0 || this.closed) return;
    this.refill();
    this.tokens = Math.min(this.capacity, this.tokens + count);
    this.reschedule();
  }

  /** Takes `count` tokens without waiting; the bucket may go into debt, which later takers wait out. */
  charge(count: number): void {
    if (count <= 0 || this.closed) return;
    this.refill();
    this.tokens -= count;
  }

  /** Every waiter gets false; no timer is left. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }

  private refill(): void {
    const now = this.clock.now();
    if (now > this.last) this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }

  private reschedule(): void {
    this.clearTimer();
    this.drain();
  }

  private drain(): void {
    if (this.closed) return;
    this.refill();
    for (let first = this.waiters[0]; first && this.tokens >= first.count; first = this.waiters[0]) {
      this.waiters.shift();
      this.tokens -= first.count;
      first.resolve(true);
    }
    this.schedule();
  }

  private schedule(): void {
    const first = this.waiters[0];
    if (this.timer !== null || !first || this.closed) return;
    const ms = Math.max(1, Math.ceil(((first.count - this.tokens) * 1000) / this.rate));
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.drain();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
