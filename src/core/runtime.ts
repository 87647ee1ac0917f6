import type { AgentStackEvent } from './events.js';
import { enforce, mayRead, type Action, type Caller, type Decision, type Policy, type PolicyContext, type Resource } from './policy.js';
import type { RecentStates } from './recent-states.js';
import type { Store } from './store.js';
import type { AgentProfile, CallOptions, DelegationGrant } from './types.js';
import { optionalText, requireDid } from './validation.js';

export type IdKind = 'task' | 'grant' | 'webhook';

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
  /** What this process last read or wrote of each thing, for the next write's first attempt (recent-states.ts). */
  readonly recent: RecentStates;
}

/** The caller named by a call's options (a DID, checked, and its app), or the anonymous caller. */
export function callerOf(options: CallOptions): Caller {
  return {
    did: options.actorDid == null ? null : requireDid('actorDid', options.actorDid),
    app: optionalText('actorApp', options.actorApp) ?? null,
  };
}

/**
 * The policy, for one call of one caller: what it looks up to decide (grants, agents) is read
 * from the store once and remembered for this call only, so a page of tasks from the same owner
 * costs one grant lookup, and the next call reads afresh.
 */
export class Judge {
  private readonly context: PolicyContext;

  constructor(
    private readonly runtime: Runtime,
    readonly caller: Caller,
  ) {
    this.context = callContext(runtime);
  }

  /** For a write: throws UNAUTHENTICATED or FORBIDDEN when the caller may not. */
  authorize(action: Action, resource: Resource): Promise<void> {
    return enforce(this.runtime.policy, this.caller, action, resource, this.context);
  }

  allows(action: Action, resource: Resource): Promise<boolean> {
    return mayRead(this.runtime.policy, this.caller, action, resource, this.context);
  }

  /** For a lookup: each item the caller may not see becomes null. */
  async visibleOrNull<T>(action: Action, items: readonly (T | null)[], resourceOf: (item: T) => Resource): Promise<(T | null)[]> {
    const allowed = await this.decideEach(action, items, (item) => (item === null ? null : resourceOf(item)));
    return items.map((item, index) => (allowed[index] ? item : null));
  }

  /** For a list: only what the caller may see. */
  async visibleOnly<T>(action: Action, items: readonly T[], resourceOf: (item: T) => Resource): Promise<T[]> {
    const allowed = await this.decideEach(action, items, resourceOf);
    return items.filter((_item, index) => allowed[index]);
  }

  /**
   * The policy's answer for each item (null resource: not allowed). Decisions the policy makes
   * at once (the owner, the assignee: no lookup) are taken as they are; only those it looks
   * something up for are awaited. A page of 1,000 tasks then costs no promise per task.
   */
  private async decideEach<T>(action: Action, items: readonly T[], resourceOf: (item: T) => Resource | null): Promise<boolean[]> {
    const { policy } = this.runtime;
    const decisions = items.map((item) => {
      const resource = resourceOf(item);
      return resource === null ? DENIED : policy.authorize(this.caller, action, resource, this.context);
    });
    // Any thenable counts as pending (a policy may answer with another realm's or library's promise).
    const pending = decisions.some((decision) => typeof (decision as Partial<PromiseLike<Decision>>).then === 'function');
    const settled = pending ? await Promise.all(decisions) : (decisions as Decision[]);
    return settled.map((decision) => decision.allow);
  }
}

const DENIED: Decision = Object.freeze({ allow: false, reason: 'nothing to read' });

function callContext(runtime: Runtime): PolicyContext {
  const { store } = runtime;
  const between = new Map<string, Promise<DelegationGrant[]>>();
  const grants = new Map<string, Promise<DelegationGrant | null>>();
  const agents = new Map<string, Promise<AgentProfile | null>>();
  return {
    now: runtime.now(),
    grantsBetween: (ownerDid, agentDid) =>
      remember(between, `${ownerDid} ${agentDid}`, () => store.listGrants({ ownerDid, agentDid })),
    grant: (id) => remember(grants, id, async () => (await store.getGrants([id]))[0] ?? null),
    agent: (did) => remember(agents, did, async () => (await store.getAgents([did]))[0] ?? null),
  };
}

function remember<T>(memo: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let value = memo.get(key);
  if (!value) {
    value = read();
    memo.set(key, value);
  }
  return value;
}
