import type { AgentStackEvent } from './events.js';
import { enforce, mayRead, type Action, type Caller, type Policy, type Resource } from './policy.js';
import type { Store } from './store.js';
import type { CallOptions } from './types.js';
import { requireDid } from './validation.js';

export type IdKind = 'task' | 'grant';

/**
 * What the operation modules (agents.ts, tasks.ts, delegations.ts, events.ts) share: the store,
 * the policy, the injected clock and id generator, and the in-process announcement of committed
 * events. One per AgentStack; no module keeps state of its own.
 */
export interface Runtime {
  readonly store: Store;
  readonly policy: Policy;
  now(): Date;
  /** `now()` as the domain's ISO-8601 string. */
  timestamp(): string;
  newId(kind: IdKind): string;
  /** Announces a committed event to in-process listeners. */
  emit(event: AgentStackEvent): void;
}

/** The caller named by a call's options (a DID, checked), or the anonymous caller. */
export function callerOf(options: CallOptions): Caller {
  return { did: options.actorDid == null ? null : requireDid('actorDid', options.actorDid) };
}

/** The policy seam, for writes: throws UNAUTHENTICATED or FORBIDDEN when the caller may not. */
export function authorize(runtime: Runtime, caller: Caller, action: Action, resource: Resource): Promise<void> {
  return enforce(runtime.policy, caller, action, resource);
}

/** The policy seam, for reads: each item the caller may not see becomes null. */
export async function visibleOrNull<T>(
  runtime: Runtime,
  caller: Caller,
  action: Action,
  items: readonly (T | null)[],
  resourceOf: (item: T) => Resource,
): Promise<(T | null)[]> {
  return Promise.all(
    items.map(async (item) => (item !== null && (await mayRead(runtime.policy, caller, action, resourceOf(item))) ? item : null)),
  );
}

/** The policy seam, for lists: only what the caller may see. */
export async function visibleOnly<T>(
  runtime: Runtime,
  caller: Caller,
  action: Action,
  items: readonly T[],
  resourceOf: (item: T) => Resource,
): Promise<T[]> {
  const allowed = await Promise.all(items.map((item) => mayRead(runtime.policy, caller, action, resourceOf(item))));
  return items.filter((_item, index) => allowed[index]);
}
