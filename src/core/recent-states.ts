import type { Versioned } from './versioned-write.js';

/** How many states an AgentStack remembers by default (a task is ~1 KiB: a few MiB at most). */
export const DEFAULT_RECENT_STATES = 4_096;

/** The key of each kind of thing among the recent states. */
export const recentKey = {
  task: (id: string) => `task:${id}`,
  agent: (did: string) => `agent:${did}`,
} as const;

/**
 * The states this process last read or wrote in a versioned write, by key ("task:<id>"), so
 * the next write of the same thing can skip reading it: the write is conditional on the
 * remembered version, and every write of a task or an agent bumps its version, so a write that
 * lands proves the remembered state *was* the stored one — the rules judged the real state.
 * A state another replica (or another call) changed meanwhile only makes that write miss, and
 * the write starts over from a fresh read (versioned-write.ts). Never used to answer a read.
 *
 * A miss costs the round trip a hit saves, so recalling pays only while most recalled writes
 * land. With one replica, or a router that keeps a task's writes on one replica, nearly all do;
 * with writes spread evenly over N replicas about 1 in N does. So the share that landed is kept
 * (a moving average), and below one half only every 16th write recalls — enough to notice when
 * it pays again.
 *
 * Least recently used entries go first once `capacity` is reached (a Map keeps insertion order).
 */
export class RecentStates {
  private readonly states = new Map<string, Versioned>();
  /** Moving average of recalled writes that landed (1) or missed (0), over about 32 writes. */
  private landedShare = 1;
  private skipped = 0;

  constructor(readonly capacity = DEFAULT_RECENT_STATES) {}

  get size(): number {
    return this.states.size;
  }

  /** The share of recent recalled writes that landed (1 at first). */
  get hitRate(): number {
    return this.landedShare;
  }

  /** The remembered state, unless recalling does not pay at the moment (see above). */
  recall<T extends Versioned>(key: string): T | undefined {
    const state = this.states.get(key);
    if (state === undefined) return undefined;
    if (this.landedShare < 0.5 && ++this.skipped % 16 !== 0) return undefined;
    // Refreshes its place: a thing written often stays.
    this.states.delete(key);
    this.states.set(key, state);
    return state as T;
  }

  /** A write conditional on a recalled state landed, or missed because the state was stale. */
  landed(hit: boolean): void {
    this.landedShare += ((hit ? 1 : 0) - this.landedShare) / 32;
  }

  remember(key: string, state: Versioned): void {
    if (this.capacity <= 0) return;
    const known = this.states.get(key);
    // Two calls racing on one thing: keep the newer state.
    if (known !== undefined && known.version > state.version) return;
    this.states.delete(key);
    this.states.set(key, state);
    if (this.states.size > this.capacity) this.states.delete(this.states.keys().next().value!);
  }

  forget(key: string): void {
    this.states.delete(key);
  }
}
