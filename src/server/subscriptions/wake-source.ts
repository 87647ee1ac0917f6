/**
 * Something that knows when the event log may have grown: PostgreSQL NOTIFY, the in-process
 * AgentStack, … It only ever says "read the log again" (optionally with the sequence that
 * committed); the feed never takes event data from it, so a wake-up source may drop, repeat or
 * delay wake-ups without any effect on what subscribers receive, only on when.
 */
export interface WakeSource {
  /** Starts calling `wake`. Resolves once wake-ups flow (or, for a remote source, once it tried). */
  start(wake: (sequence?: number) => void): Promise<void>;
  /** Stops for good and releases what it holds (connections, listeners, timers). */
  close(): Promise<void>;
  /**
   * Whether wake-ups are wanted now (some subscription is open, some webhook waits for events).
   * A source that can tell writers so (PgNotifyWakeSource) makes writes nobody waits for cost
   * nothing; `want(true)` then resolves once every write that commits from now on will wake it,
   * and never rejects (a source that cannot say so just wakes on as before). Without it: always.
   */
  want?(wanted: boolean): Promise<void>;
}
