/** loadOnce (src/core/load-once.ts): one load shared while it runs, kept once it succeeds, tried again after a failure. */
import { describe, expect, it } from 'vitest';
import { loadOnce } from '../../src/core/load-once.js';

describe('loadOnce', () => {
  it('starts one load for every call while it runs, and keeps its value', async () => {
    let loads = 0;
    const load = loadOnce(async () => ++loads);
    const [a, b] = await Promise.all([load(), load()]);
    expect([a, b, await load(), loads]).toEqual([1, 1, 1, 1]);
  });

  it('does not keep a failure: the next call loads again', async () => {
    let loads = 0;
    const load = loadOnce(async () => {
      loads++;
      if (loads === 1) throw new Error('passing failure');
      return 'loaded';
    });
    await expect(load()).rejects.toThrow('passing failure');
    await expect(load()).resolves.toBe('loaded');
    await expect(load()).resolves.toBe('loaded');
    expect(loads).toBe(2);
  });

  it('calls that shared a failing load all see its failure', async () => {
    const load = loadOnce(() => Promise.reject(new Error('gone')));
    const results = await Promise.allSettled([load(), load()]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
