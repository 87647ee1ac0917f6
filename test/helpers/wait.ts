/** Bounded waiting for tests: every wait has a deadline and says what it waited for. */

// The real clock, taken when this module loads: deadlines and polling keep running while a test
// fakes timers (vi.useFakeTimers) to control when the code under test may act.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realNow = Date.now;

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  intervalMs = 10,
): Promise<T> {
  const deadline = realNow() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (realNow() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

/** Rejects when `promise` does not settle in time. */
export async function within<T>(what: string, promise: Promise<T>, timeoutMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = realSetTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    realClearTimeout(timer);
  }
}

/** Pulls `count` values from an async iterator, within a deadline. */
export async function take<T>(iterator: AsyncIterator<T>, count: number, timeoutMs = 10_000): Promise<T[]> {
  const values: T[] = [];
  await within(
    `${count} values`,
    (async () => {
      while (values.length < count) {
        const result = await iterator.next();
        if (result.done) throw new Error(`Iterator ended after ${values.length} of ${count} values`);
        values.push(result.value);
      }
    })(),
    timeoutMs,
  );
  return values;
}
