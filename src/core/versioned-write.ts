import type { AgentStackEvent } from './events.js';
import { ConflictError } from './errors.js';
import type { Runtime } from './runtime.js';

/** Anything written under optimistic concurrency: tasks and agent profiles. */
export interface Versioned {
  /** 1 when first stored, one more with every write; 0 stands for "not stored yet". */
  version: number;
  updatedAt: string;
}

export interface VersionedWrite<T extends Versioned> {
  /** The stored state, or null when there is none yet (throw here if there must be one). */
  read(): Promise<T | null>;
  /**
   * The state to store, derived from `current` by the rules (which throw to refuse), or null when
   * it is already so and nothing needs writing. `at` is the write's timestamp.
   */
  derive(current: T | null, at: string): Promise<T | null>;
  /**
   * Stores `next` only while the stored version is still `current?.version ?? 0`, together with
   * its event; answers the committed event, or null (writing nothing) when another writer came first.
   */
  commit(next: T, current: T | null, at: string): Promise<AgentStackEvent | null>;
  /** Pinned by the caller: CONFLICT unless the stored version is exactly this. */
  expectedVersion?: number | undefined;
  /** Names the thing in CONFLICT messages, e.g. "Task task_1". */
  label: string;
  /**
   * Names the thing among the runtime's recent states (recent-states.ts), e.g. "task:task_1": the
   * first attempt then starts from the state this process last saw, without a read. Without a
   * key, every attempt reads.
   */
  key?: string;
}

/** Each lost race means another writer committed, so attempts are bounded by contention. */
const MAX_ATTEMPTS = 100;

/**
 * The one optimistic-write loop. Read the state, derive the next one through the rules, write it
 * conditional on the version that was read. When another writer got there first, start over from
 * the fresh state, so the rules always judge the state that exists — unless the caller pinned
 * `expectedVersion`, which then answers CONFLICT instead. Answers what is stored afterwards.
 *
 * With a `key`, the first attempt may start from the state this process last read or wrote
 * instead of reading (one round trip instead of two). Only a write that lands is answered from
 * it: that proves the state was current. Anything else it would answer — a refusal, "already
 * so", a version other than the expected one, a lost race — may be an artefact of staleness, so
 * the loop then goes on exactly as without it, from a fresh read.
 */
export async function writeVersioned<T extends Versioned>(runtime: Runtime, write: VersionedWrite<T>): Promise<T> {
  const { expectedVersion, label, key } = write;
  const { recent } = runtime;
  const recalled = key === undefined ? undefined : recent.recall<T>(key);
  if (recalled !== undefined) {
    const written = await writeRecalled(runtime, write, recalled);
    if (written) return written;
    recent.forget(key!);
  }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await write.read();
    if (key !== undefined && current !== null) recent.remember(key, current);
    const version = current?.version ?? 0;
    if (expectedVersion !== undefined && version !== expectedVersion) throw staleVersion(label, version, expectedVersion);
    const at = runtime.timestamp();
    const derived = await write.derive(current, at);
    if (derived === null) {
      if (current === null) throw new Error(`${label}: nothing to write and nothing stored`);
      return current;
    }
    const next: T = { ...derived, version: version + 1, updatedAt: at };
    const event = await write.commit(next, current, at);
    if (event) {
      runtime.emit(event);
      if (key !== undefined) recent.remember(key, next);
      return next;
    }
    if (expectedVersion !== undefined) {
      const latest = await write.read();
      throw staleVersion(label, latest?.version ?? 0, expectedVersion);
    }
  }
  throw new ConflictError(`${label} is changing too fast; retry`);
}

/** One attempt from a remembered state: what it wrote, or null when a fresh read must decide. */
async function writeRecalled<T extends Versioned>(runtime: Runtime, write: VersionedWrite<T>, recalled: T): Promise<T | null> {
  if (write.expectedVersion !== undefined && recalled.version !== write.expectedVersion) return null;
  const at = runtime.timestamp();
  let derived: T | null;
  try {
    derived = await write.derive(recalled, at);
  } catch {
    // Judged on what may be stale: the fresh attempt judges again and throws what is true now.
    return null;
  }
  if (derived === null) return null;
  const next: T = { ...derived, version: recalled.version + 1, updatedAt: at };
  const event = await write.commit(next, recalled, at);
  runtime.recent.landed(event !== null);
  if (!event) return null;
  runtime.emit(event);
  runtime.recent.remember(write.key!, next);
  return next;
}

function staleVersion(label: string, version: number, expected: number): ConflictError {
  return new ConflictError(`${label} is at version ${version}, not the expected version ${expected}`);
}
