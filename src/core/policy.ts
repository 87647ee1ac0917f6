import type { AgentStackEvent } from './events.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import type { AgentProfile, DelegationGrant, Task } from './types.js';

/**
 * The authorization seam: every operation of AgentStack asks `authorize(caller, action,
 * resource)` before it writes, and before it hands out what it read. Resolvers and transports
 * never decide; they only say who the caller is.
 *
 * A denied write is UNAUTHENTICATED (no caller) or FORBIDDEN, and changes nothing; a denied read
 * makes the thing invisible (null for a lookup, absent from a list). The policy that judges is
 * injected into AgentStack: `OPEN_POLICY` (everyone may do everything, the behaviour before
 * authorization) is the default until the delegation policy is configured.
 */
export type Action =
  | 'agent.register'
  | 'agent.read'
  | 'task.create'
  | 'task.assign'
  | 'task.update'
  | 'task.publish'
  | 'task.claim'
  | 'task.read'
  | 'delegation.grant'
  | 'delegation.revoke'
  | 'delegation.read'
  | 'delegation.check'
  | 'event.read';

/**
 * What an action is about, as it is when the policy is asked: `current` is the stored state (null
 * for something new), `next` the state a write would store (absent for reads and no-op writes).
 */
export type Resource =
  | { kind: 'agent'; did: string; current: AgentProfile | null; next?: AgentProfile }
  | { kind: 'task'; current: Task | null; next?: Task }
  | { kind: 'grant'; current: DelegationGrant; next?: DelegationGrant }
  /** `hasDelegation(owner, agent, …)`: a question about the grants between two DIDs. */
  | { kind: 'grants-between'; ownerDid: string; agentDid: string }
  | { kind: 'event'; event: AgentStackEvent };

export interface Caller {
  /** The caller's DID; null when nobody could be identified. */
  did: string | null;
}

export type Decision = { allow: true } | { allow: false; reason: string };

export interface Policy {
  authorize(caller: Caller, action: Action, resource: Resource): Decision | Promise<Decision>;
}

const ALLOW: Decision = Object.freeze({ allow: true });

/** Everyone may do everything: AgentStack before authorization. */
export const OPEN_POLICY: Policy = Object.freeze({ authorize: () => ALLOW });

/** Asks the policy about a write; throws (changing nothing) when it says no. */
export async function enforce(policy: Policy, caller: Caller, action: Action, resource: Resource): Promise<void> {
  const decision = await policy.authorize(caller, action, resource);
  if (decision.allow) return;
  if (caller.did === null) throw new UnauthenticatedError(`${action} needs an identified caller: ${decision.reason}`);
  throw new ForbiddenError(`${caller.did} may not ${action}: ${decision.reason}`);
}

/** Asks the policy about a read: true when the caller may see it. */
export async function mayRead(policy: Policy, caller: Caller, action: Action, resource: Resource): Promise<boolean> {
  return (await policy.authorize(caller, action, resource)).allow;
}
