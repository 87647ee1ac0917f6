/**
 * The commit notifier (src/store/commit-notifier.ts): one NOTIFY in flight at most, hints that
 * arrive meanwhile merged into the next one (the highest position), never a stale or repeated
 * position, and a failure dropped without stopping later notifications.
 */
import { describe, expect, it } from 'vitest';
import { CommitNotifier } from '../../src/store/commit-notifier.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CommitNotifier', () => {
  it('sends one at a time; hints during a send become one send of the highest position', async () => {
    const sent: number[] = [];
    const pending: ReturnType<typeof deferred>[] = [];
    const notifier = new CommitNotifier((position) => {
      sent.push(position);
      const next = deferred();
      pending.push(next);
      return next.promise;
    });
    notifier.hint(5);
    notifier.hint(7);
    notifier.hint(6);
    expect(sent).toEqual([5]);
    pending[0]!.resolve();
    await tick();
    expect(sent).toEqual([5, 7]);
    notifier.hint(7); // already sent
    notifier.hint(3); // below what was sent
    pending[1]!.resolve();
    await tick();
    expect(sent).toEqual([5, 7]);
    notifier.hint(9);
    expect(sent).toEqual([5, 7, 9]);
    pending[2]!.resolve();
    await tick();
  });

  it('drops a failed send, reports it, and sends the next hint', async () => {
    const sent: number[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const notifier = new CommitNotifier(
      async (position) => {
        sent.push(position);
        if (fail) throw new Error('connection lost');
      },
      (error) => errors.push(error),
    );
    notifier.hint(1);
    await tick();
    expect(errors).toHaveLength(1);
    fail = false;
    notifier.hint(2);
    await tick();
    expect(sent).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
  });
});
