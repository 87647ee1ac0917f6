import { isDid } from './did.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import type { AgentStackEvent } from './events.js';
import { grantAllows, isGrantHonoured, scopeAllows, MAX_DELEGATION_DEPTH } from './grant-rules.js';
import type { AgentProfile, DelegationGrant, Task, TaskStatus } from './types.js';
import type { Webhook } from './webhooks.js';

/**
 * Who may do what: one function, `authorize(caller, action, resource, context)`, that every
 * AgentStack operation asks before it writes and before it hands out what it read. Resolvers and
 * transports never decide; they only say who the caller is.
 *
 * A denied write is UNAUTHENTICATED (no caller) or FORBIDDEN, and changes nothing; a denied read
 * makes the thing invisible (null for a lookup, absent from a list, never delivered).
 *
 * `DELEGATION_POLICY` is the rule: the table below. `OPEN_POLICY` lets everyone do everything; it
 * exists for tests of the other rules (lifecycle, storage) and is never the default.
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
  | 'event.read'
  | 'webhook.manage'
  | 'webhook.read';

/**
 * What an action is about, as it is when the policy is asked: `current` is the stored state (null
 * for something new), `next` the state a write would store (absent for reads and no-op writes).
 */
export type Resource =
  | { kind: 'agent'; did: string; current: AgentProfile | null; next?: AgentProfile }
  | { kind: 'task'; current: Task | null; next?: Task }
  /** A new grant carries the grant it is sub-delegated from (`parent`), if any. */
  | { kind: 'grant'; current: DelegationGrant | null; next?: DelegationGrant; parent?: DelegationGrant | null }
  /** `hasDelegation(owner, agent, …)`: a question about the grants between two DIDs. */
  | { kind: 'grants-between'; ownerDid: string; agentDid: string }
  | { kind: 'event'; event: AgentStackEvent }
  | { kind: 'webhook'; current: Webhook | null; next?: Webhook };

export interface Caller {
  /** The caller's DID; null when nobody could be identified. */
  did: string | null;
  /** The app it acts through (an app key's `sourceApp`), recorded on events. */
  app?: string | null;
}

export type Decision = { allow: true } | { allow: false; reason: string };

/**
 * What a policy may read to decide, for one call. Read from the store when asked (never from a
 * cache that outlives the call, so a revocation through any replica counts at once), and
 * remembered for the rest of that call only.
 */
export interface PolicyContext {
  readonly now: Date;
  /** Grants from `ownerDid` to `agentDid`, whatever their state. */
  grantsBetween(ownerDid: string, agentDid: string): Promise<DelegationGrant[]>;
  grant(id: string): Promise<DelegationGrant | null>;
  agent(did: string): Promise<AgentProfile | null>;
}

export interface Policy {
  authorize(caller: Caller, action: Action, resource: Resource, context: PolicyContext): Decision | Promise<Decision>;
  /**
   * The task fields `task.read` decisions look at. A read that asks for some fields only (e.g.
   * `_entities`) then fetches these too and nothing else; absent, such reads fetch whole tasks.
   * The policy is asked about every task either way.
   */
  readonly taskReadFields?: readonly (keyof Task)[];
}

const ALLOW: Decision = Object.freeze({ allow: true });

/** Everyone may do everything: for tests of the other rules only. */
export const OPEN_POLICY: Policy = Object.freeze({ authorize: () => ALLOW, taskReadFields: [] as (keyof Task)[] });

// ---- the rule table ---------------------------------------------------------------------

/** One way to be allowed: a test of the question, and how a denial names it. */
interface Who {
  readonly is: (q: Question) => boolean | Promise<boolean>;
  readonly says: string;
}

interface Question {
  caller: string;
  resource: Resource;
  context: PolicyContext;
}

/** No identity needed: agents are a public directory. */
const ANYONE: Who = { is: () => true, says: 'anyone' };

/** What an assignee may move its task to while it holds it (any same-status patch too). */
const ASSIGNEE_MAY_SET: ReadonlySet<TaskStatus> = new Set(['running', 'blocked', 'complete', 'failed']);

// ---- the people the rules name ------------------------------------------------------------

function who(says: string, is: Who['is']): Who {
  return { is, says };
}

const taskOwner = who("the task's owner", ({ caller, resource }) => {
  const { current, next } = taskOf(resource);
  return (next ?? current)?.ownerDid === caller;
});

/** A webhook is its owner's alone (an app key acts for the DIDs it may: the caller is then that DID). */
const webhookOwner = who("the webhook's owner", ({ caller, resource }) => {
  const { current, next } = webhookOf(resource);
  if (current === null && next === undefined) return false;
  return (current === null || current.ownerDid === caller) && (next === undefined || next.ownerDid === caller);
});

const grantOwner = who("the grant's owner", ({ caller, resource }) => grantOf(resource).current?.ownerDid === caller);
const grantor = who("the grant's grantor", ({ caller, resource }) => grantOf(resource).current?.grantorDid === caller);

/** An agent holding an honoured grant from the task's owner that allows `scope`. */
function grantFromTaskOwner(scope: string): Who {
  return who(`an agent with an active grant from the owner allowing ${scope}`, ({ caller, resource, context }) => {
    const { current, next } = taskOf(resource);
    const ownerDid = (next ?? current)?.ownerDid;
    // A user, or no owner: refused at once, without a lookup (nor a promise).
    if (!ownerDid || !isDid(caller, 'agent')) return false;
    return (async () => {
      for (const grant of await context.grantsBetween(ownerDid, caller)) {
        if (grantAllows(grant, scope) && (await isGrantHonoured(grant, context.now, context.grant))) return true;
      }
      return false;
    })();
  });
}

/**
 * The delegation policy: for each action, everyone who may take it (any one suffices). A caller
 * who is none of them is refused, with the list as the reason. Within a list, the rules that
 * need no lookup come before those that read grants or agents: the order never changes a
 * decision (any one suffices), only what a call costs.
 */
const RULES: { readonly [A in Action]: readonly Who[] } = {
  'agent.read': [ANYONE],
  'agent.register': [
    who('the agent itself', ({ caller, resource }) => agentOf(resource).did === caller),
    who("the agent's owner (a user; a new agent's ownerDid)", ({ caller, resource }) => {
      const { current, next } = agentOf(resource);
      return isDid(caller, 'user') && (current ? current.ownerDid === caller : next?.ownerDid === caller);
    }),
  ],
  'task.create': [taskOwner, grantFromTaskOwner('tasks:create')],
  'task.assign': [taskOwner, grantFromTaskOwner('tasks:assign')],
  'task.publish': [taskOwner, grantFromTaskOwner('tasks:publish')],
  'task.update': [
    taskOwner,
    who('the assignee, to running, blocked, complete or failed, or a patch, while it holds the task', ({ caller, resource }) => {
      const { current, next } = taskOf(resource);
      if (!current || current.assigneeDid !== caller) return false;
      return !next || next.status === current.status || ASSIGNEE_MAY_SET.has(next.status);
    }),
    grantFromTaskOwner('tasks:update'),
  ],
  'task.claim': [
    who('the claiming agent itself', ({ caller, resource }) => taskOf(resource).next?.assigneeDid === caller),
    who("the claiming agent's owner", async ({ caller, resource, context }) => {
      const claimant = taskOf(resource).next?.assigneeDid;
      return claimant != null && (await context.agent(claimant))?.ownerDid === caller;
    }),
  ],
  'task.read': [
    taskOwner,
    who('the assignee', ({ caller, resource }) => taskOf(resource).current?.assigneeDid === caller),
    who('anyone identified, while the task is published and pending (the marketplace)', ({ resource }) => {
      const task = taskOf(resource).current;
      return task !== null && task.published && task.status === 'pending';
    }),
    grantFromTaskOwner('tasks:read'),
  ],
  'delegation.grant': [
    who('the owner, for a root grant', ({ caller, resource }) => {
      const grant = grantOf(resource).next;
      return grant !== undefined && grant.parentGrantId === null && grant.ownerDid === caller;
    }),
    who(
      'the agent of the parent grant, if it allows agents:delegate, is honoured, and covers the new scopes and expiry',
      async ({ caller, resource, context }) => {
        const { next: grant, parent } = grantOf(resource);
        if (!grant || !parent || grant.parentGrantId !== parent.id) return false;
        if (parent.agentDid !== caller || parent.ownerDid !== grant.ownerDid) return false;
        if (!grantAllows(parent, 'agents:delegate')) return false;
        if (!grant.scopes.every((scope) => parent.scopes.some((held) => scopeAllows(held, scope)))) return false;
        if (parent.expiresAt !== null && (grant.expiresAt === null || grant.expiresAt > parent.expiresAt)) return false;
        // Honoured now, and the new grant would still be within the depth that is honoured.
        return isGrantHonoured(parent, context.now, context.grant, MAX_DELEGATION_DEPTH - 1);
      },
    ),
  ],
  'delegation.revoke': [grantOwner, grantor],
  'delegation.read': [grantOwner, who("the grant's agent", ({ caller, resource }) => grantOf(resource).current?.agentDid === caller), grantor],
  'delegation.check': [
    who('the owner asked about', ({ caller, resource }) => betweenOf(resource).ownerDid === caller),
    who('the agent asked about', ({ caller, resource }) => betweenOf(resource).agentDid === caller),
  ],
  'webhook.manage': [webhookOwner],
  'webhook.read': [webhookOwner],
  // An event is visible to whoever may read what it carries, as the event carries it.
  'event.read': [
    who('whoever may read the entity the event carries', (q) => {
      const { event } = eventOf(q.resource);
      if ('task' in event) return allowedBy(RULES['task.read'], { ...q, resource: { kind: 'task', current: event.task } });
      if ('grant' in event) return allowedBy(RULES['delegation.read'], { ...q, resource: { kind: 'grant', current: event.grant } });
      if ('webhook' in event) return allowedBy(RULES['webhook.read'], { ...q, resource: { kind: 'webhook', current: event.webhook } });
      return allowedBy(RULES['agent.read'], { ...q, resource: { kind: 'agent', did: event.agent.did, current: event.agent } });
    }),
  ],
};

/** AgentStack's policy: the table above. */
export const DELEGATION_POLICY: Policy = Object.freeze({
  // Answers at once when no rule it tries needs a lookup (a promise per decision otherwise: reads judge every item).
  authorize(caller: Caller, action: Action, resource: Resource, context: PolicyContext): Decision | Promise<Decision> {
    const rules = RULES[action];
    if (rules.includes(ANYONE)) return ALLOW;
    if (caller.did === null) return { allow: false, reason: `${action} needs an identified caller` };
    const allowed = allowedBy(rules, { caller: caller.did, resource, context });
    return allowed instanceof Promise ? allowed.then((yes) => decisionOf(yes, rules)) : decisionOf(allowed, rules);
  },
  // What the task.read rules above look at (test/server/entity-projection.test.ts fails without any one).
  taskReadFields: ['ownerDid', 'assigneeDid', 'published', 'status'] as (keyof Task)[],
});

/** Asks the policy about a write; throws (changing nothing) when it says no. */
export async function enforce(policy: Policy, caller: Caller, action: Action, resource: Resource, context: PolicyContext): Promise<void> {
  const decision = await policy.authorize(caller, action, resource, context);
  if (decision.allow) return;
  if (caller.did === null) throw new UnauthenticatedError(`${action} needs an identified caller`);
  throw new ForbiddenError(`${caller.did} may not ${action}: ${decision.reason}`);
}

/** Asks the policy about a read: true when the caller may see it. */
export async function mayRead(policy: Policy, caller: Caller, action: Action, resource: Resource, context: PolicyContext): Promise<boolean> {
  return (await policy.authorize(caller, action, resource, context)).allow;
}

function decisionOf(allowed: boolean, rules: readonly Who[]): Decision {
  return allowed ? ALLOW : { allow: false, reason: `only ${rules.map((rule) => rule.says).join('; or ')}` };
}

/** Whether any rule admits the question, in order; synchronous until a rule needs a lookup. */
function allowedBy(rules: readonly Who[], question: Question, from = 0): boolean | Promise<boolean> {
  for (let i = from; i < rules.length; i++) {
    const admitted = rules[i]!.is(question);
    if (admitted instanceof Promise) return admitted.then((yes) => yes || allowedBy(rules, question, i + 1));
    if (admitted) return true;
  }
  return false;
}

function taskOf(resource: Resource): Extract<Resource, { kind: 'task' }> {
  return expectKind(resource, 'task');
}
function agentOf(resource: Resource): Extract<Resource, { kind: 'agent' }> {
  return expectKind(resource, 'agent');
}
function grantOf(resource: Resource): Extract<Resource, { kind: 'grant' }> {
  return expectKind(resource, 'grant');
}
function betweenOf(resource: Resource): Extract<Resource, { kind: 'grants-between' }> {
  return expectKind(resource, 'grants-between');
}
function webhookOf(resource: Resource): Extract<Resource, { kind: 'webhook' }> {
  return expectKind(resource, 'webhook');
}
function eventOf(resource: Resource): Extract<Resource, { kind: 'event' }> {
  return expectKind(resource, 'event');
}

/** A resource of the wrong kind for an action is a programming error, not a denial. */
function expectKind<K extends Resource['kind']>(resource: Resource, kind: K): Extract<Resource, { kind: K }> {
  if (resource.kind !== kind) throw new TypeError(`The policy expected a ${kind} resource, got ${resource.kind}`);
  return resource as Extract<Resource, { kind: K }>;
}
