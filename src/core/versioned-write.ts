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
}

/** Each lost race means another writer committed, so attempts are bounded by contention. */
const MAX_ATTEMPTS = 100;

/**
 * The one optimistic-write loop. Read the state, derive the next one through the rules, write it
 * conditional on the version that was read. When another writer got there first, start over from
 * the fresh state, so the rules always judge the state that exists — unless the caller pinned
 * `expectedVersion`, which then answers CONFLICT instead. Answers what is stored afterwards.
 */
export async function writeVersioned<T extends Versioned>(runtime: Runtime, write: VersionedWrite<T>): Promise<T> {
  const { expectedVersion, label } = write;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await write.read();
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
      return next;
    }
    if (expectedVersion !== undefined) {
      const latest = await write.read();
      throw staleVersion(label, latest?.version ?? 0, expectedVersion);
    }
  }
  throw new ConflictError(`${label} is changing too fast; retry`);
}

function staleVersion(label: string, version: number, expected: number): ConflictError {
  return new ConflictError(`${label} is at version ${version}, not the expected version ${expected}`);
}
