import type { AgentStackEvent } from './events.js';
import { enforce, mayRead, type Action, type Caller, type Decision, type Policy, type PolicyContext, type Resource } from './policy.js';
import type { RecentStates } from './recent-states.js';
import type { Store } from './store.js';
import type { CallOptions } from './types.js';
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
    this.context = new CallLookups(runtime.store, runtime.now());
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

/**
 * What the policy looks up for one call, each read once for the call. Lazy: most decisions (the
 * owner, the assignee) look nothing up, and a live subscription asks about every event it
 * delivers, so a call that looks nothing up makes no maps and no functions. Each lookup is a
 * function of its own once asked for (a policy may pass `context.grant` on, unbound).
 */
class CallLookups implements PolicyContext {
  readonly now: Date;
  #grantsBetween: PolicyContext['grantsBetween'] | undefined;
  #grant: PolicyContext['grant'] | undefined;
  #agent: PolicyContext['agent'] | undefined;

  constructor(private readonly store: Store, now: Date) {
    this.now = now;
  }

  get grantsBetween(): PolicyContext['grantsBetween'] {
    const { store } = this;
    return (this.#grantsBetween ??= remembered((ownerDid: string, agentDid: string) => store.listGrants({ ownerDid, agentDid }), (ownerDid, agentDid) => `${ownerDid} ${agentDid}`));
  }

  get grant(): PolicyContext['grant'] {
    const { store } = this;
    return (this.#grant ??= remembered(async (id: string) => (await store.getGrants([id]))[0] ?? null, (id) => id));
  }

  get agent(): PolicyContext['agent'] {
    const { store } = this;
    return (this.#agent ??= remembered(async (did: string) => (await store.getAgents([did]))[0] ?? null, (did) => did));
  }
}

/** `read`, answering each key once (the same promise for the same key). */
function remembered<Args extends string[], T>(read: (...args: Args) => Promise<T>, keyOf: (...args: Args) => string): (...args: Args) => Promise<T> {
  const memo = new Map<string, Promise<T>>();
  return (...args) => {
    const key = keyOf(...args);
    let value = memo.get(key);
    if (!value) {
      value = read(...args);
      memo.set(key, value);
    }
    return value;
  };
}
