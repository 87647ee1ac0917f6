import { grantAllows, isGrantActive } from './delegation.js';
import { BadUserInputError, ConflictError, NotFoundError } from './errors.js';
import type { AgentStackEvent, AgentStackListener, EventFilter, TaskEventDraft } from './events.js';
import { mergePatch, stableStringify } from './json.js';
import { assertTransition } from './lifecycle.js';
import type { Store, TaskRelation } from './store.js';
import { newTask } from './task.js';
import type {
  AgentFilter,
  AgentPageRequest,
  AgentProfile,
  AgentStackSnapshot,
  CallOptions,
  CreateTaskInput,
  DelegationFilter,
  DelegationGrant,
  Task,
  Page,
  RegisterAgentInput,
  TaskFilter,
  TaskPageRequest,
  TaskPatch,
  TaskStatus,
} from './types.js';
import {
  LIMITS,
  optionalMetadata,
  optionalScore,
  optionalStringList,
  optionalText,
  optionalUrl,
  optionalVersion,
  requireDid,
  requireId,
  requireInstant,
  requireScope,
  requireScopes,
  requireStatus,
  requireText,
} from './validation.js';

export type IdKind = 'task' | 'grant';

export interface AgentStackOptions {
  store: Store;
  /** The clock; injected so tests (and replays) control time. */
  now?: () => Date;
  /** The id generator; injected for determinism. Defaults to `<kind>_<uuid>` from Web Crypto. */
  newId?: (kind: IdKind) => string;
  /** Called when an event listener throws: a listener must never fail the write that notified it. */
  onListenerError?: (error: unknown, event: AgentStackEvent) => void;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/**
 * The coordinator: every rule of AgentStack, over any Store.
 *
 * Writes follow one pattern: validate the input, read the current state, derive the next
 * state through the rules, then hand state + event to the store as one atomic, conditional
 * write. A task write is conditional on the version that was read; when another writer got
 * there first, the write is re-derived from the fresh state (so the rules judge the state
 * that actually exists), unless the caller pinned an `expectedVersion`, which then conflicts.
 */
export class AgentStack {
  private readonly store: Store;
  private readonly now: () => Date;
  private readonly newId: (kind: IdKind) => string;
  private readonly onListenerError: (error: unknown, event: AgentStackEvent) => void;
  private readonly listeners = new Set<AgentStackListener>();

  constructor(options: AgentStackOptions) {
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? defaultId;
    this.onListenerError = options.onListenerError ?? (() => {});
  }

  // ---- agents -------------------------------------------------------------------------

  async registerAgent(input: RegisterAgentInput, options: CallOptions = {}): Promise<AgentProfile> {
    const did = requireDid('agent did', input.did, 'agent');
    const name = requireText('name', input.name);
    const sourceApp = requireText('sourceApp', input.sourceApp);
    const supportedProtocols = optionalStringList('supportedProtocols', input.supportedProtocols, LIMITS.protocols);
    const inboxUrl = optionalUrl('inboxUrl', input.inboxUrl);
    const taskEndpoint = optionalUrl('taskEndpoint', input.taskEndpoint);
    const reputationScore = optionalScore('reputationScore', input.reputationScore);
    const metadata = optionalMetadata('metadata', input.metadata);
    const actorDid = this.actor(options);

    const existing = await this.getAgent(did);
    const at = this.timestamp();
    // Re-registration updates: a field left out keeps its value, an explicit null clears it.
    const agent: AgentProfile = {
      did,
      name,
      sourceApp,
      supportedProtocols: pick(supportedProtocols, existing?.supportedProtocols, []) ?? [],
      inboxUrl: pick(inboxUrl, existing?.inboxUrl, null),
      taskEndpoint: pick(taskEndpoint, existing?.taskEndpoint, null),
      reputationScore: pick(reputationScore, existing?.reputationScore, null),
      metadata: pick(metadata, existing?.metadata, {}) ?? {},
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    const event = await this.store.saveAgent(agent, { type: 'agent.registered', occurredAt: at, actorDid, agent });
    this.emit(event);
    return (event as AgentStackEvent & { agent: AgentProfile }).agent;
  }

  async getAgent(did: string): Promise<AgentProfile | null> {
    const [agent] = await this.store.getAgents([did]);
    return agent ?? null;
  }

  /** Batch lookup for DataLoaders: answers in the order asked, null for unknown DIDs. */
  async getAgents(dids: readonly string[]): Promise<(AgentProfile | null)[]> {
    return this.store.getAgents(dids);
  }

  async listAgents(filter: AgentFilter = {}, page: AgentPageRequest = {}): Promise<Page<AgentProfile>> {
    return this.store.listAgents(filter, { first: pageSize(page.first), after: page.after ?? null });
  }

  // ---- tasks --------------------------------------------------------------------------

  async createTask(input: CreateTaskInput, options: CallOptions = {}): Promise<Task> {
    const ownerDid = requireDid('ownerDid', input.ownerDid);
    const sourceApp = requireText('sourceApp', input.sourceApp);
    const title = requireText('title', input.title);
    const description = optionalText('description', input.description, LIMITS.longText) ?? null;
    const assigneeDid = input.assigneeDid == null ? null : requireDid('assigneeDid', input.assigneeDid, 'agent');
    const paymentIntentId = optionalText('paymentIntentId', input.paymentIntentId) ?? null;
    const escrowId = optionalText('escrowId', input.escrowId) ?? null;
    const reputationEventId = optionalText('reputationEventId', input.reputationEventId) ?? null;
    const metadata = optionalMetadata('metadata', input.metadata) ?? {};
    const idempotencyKey = optionalText('idempotencyKey', input.idempotencyKey) ?? null;
    const actorDid = this.actor(options);

    if (assigneeDid) await this.requireAgent(assigneeDid);
    const at = this.timestamp();
    const task = newTask({
      id: this.newId('task'),
      ownerDid,
      assigneeDid,
      sourceApp,
      title,
      description,
      // Creating with an assignee is creating and assigning in one step.
      status: assigneeDid ? 'queued' : 'pending',
      paymentIntentId,
      escrowId,
      reputationEventId,
      metadata,
      createdAt: at,
    });
    const fingerprint = stableStringify({
      ownerDid,
      sourceApp,
      title,
      description,
      assigneeDid,
      paymentIntentId,
      escrowId,
      reputationEventId,
      metadata,
    });
    const result = await this.store.insertTask(
      task,
      { type: 'task.created', occurredAt: at, actorDid, task, previousStatus: null },
      idempotencyKey ? { key: idempotencyKey, fingerprint } : null,
    );
    if (!result.created) {
      if (result.fingerprint !== fingerprint) {
        throw new ConflictError(
          `Idempotency key ${JSON.stringify(idempotencyKey)} was already used by ${ownerDid} for a different task`,
        );
      }
      return result.existing;
    }
    this.emit(result.event);
    return task;
  }

  async getTask(id: string): Promise<Task | null> {
    const [task] = await this.store.getTasks([id]);
    return task ?? null;
  }

  /** Batch lookup for DataLoaders: answers in the order asked, null for unknown ids. */
  async getTasks(ids: readonly string[]): Promise<(Task | null)[]> {
    return this.store.getTasks(ids);
  }

  async listTasks(filter: TaskFilter = {}, page: TaskPageRequest = {}): Promise<Page<Task>> {
    const checked = this.checkTaskQuery(filter, page);
    return this.store.listTasks(checked.filter, checked.page);
  }

  private checkTaskQuery(
    filter: TaskFilter,
    page: TaskPageRequest,
  ): { filter: TaskFilter; page: { first: number; after: { createdAt: string; id: string } | null } } {
    const checked: TaskFilter = {
      ...filter,
      ownerDid: filter.ownerDid == null ? filter.ownerDid : requireDid('ownerDid', filter.ownerDid),
      assigneeDid: filter.assigneeDid == null ? filter.assigneeDid : requireDid('assigneeDid', filter.assigneeDid),
      status: filter.status == null ? filter.status : requireStatus(filter.status),
    };
    // A keyset from a client's cursor is input too: a malformed one must not reach the database.
    const after =
      page.after == null
        ? null
        : { createdAt: requireInstant('after.createdAt', page.after.createdAt), id: requireId('after.id', page.after.id) };
    return { filter: checked, page: { first: pageSize(page.first), after } };
  }

  /**
   * The same page of tasks for each of several owners (or assignees), in one store read, in
   * key order: the batch behind `User.tasks` / `Agent.tasks`. The relation wins over a
   * conflicting filter value: these are each key's own tasks.
   */
  async listTasksFor(
    by: TaskRelation,
    keys: readonly string[],
    filter: TaskFilter = {},
    page: TaskPageRequest = {},
  ): Promise<Page<Task>[]> {
    if (by !== 'ownerDid' && by !== 'assigneeDid') throw new BadUserInputError(`Cannot list tasks by ${String(by)}`);
    for (const key of keys) requireDid(by, key, by === 'assigneeDid' ? 'agent' : undefined);
    const { filter: checked, page: checkedPage } = this.checkTaskQuery({ ...filter, [by]: null }, page);
    if (keys.length === 0) return [];
    return this.store.listTaskPages(by, keys, checked, checkedPage);
  }

  /** Assigns the task to a registered agent. The assigned task is `queued` for that agent. */
  async assignTask(taskId: string, agentDid: string, options: CallOptions = {}): Promise<Task> {
    const did = requireDid('agentDid', agentDid, 'agent');
    return this.changeTask(taskId, options, 'task.assigned', async (task) => {
      await this.requireAgent(did);
      if (task.assigneeDid === did && task.status === 'queued') return null; // already so: nothing to do
      assertTransition(task, 'queued', did, 'assigned');
      return { ...task, assigneeDid: did, status: 'queued' };
    });
  }

  /** Moves the task through the lifecycle; the same status patches links and metadata. */
  async updateTaskStatus(taskId: string, status: TaskStatus, patch: TaskPatch = {}, options: CallOptions = {}): Promise<Task> {
    const to = requireStatus(status);
    const paymentIntentId = optionalText('paymentIntentId', patch.paymentIntentId);
    const escrowId = optionalText('escrowId', patch.escrowId);
    const reputationEventId = optionalText('reputationEventId', patch.reputationEventId);
    const metadata = optionalMetadata('metadata', patch.metadata);
    return this.changeTask(taskId, options, 'task.updated', async (task) => {
      assertTransition(task, to, task.assigneeDid);
      return {
        ...task,
        status: to,
        paymentIntentId: paymentIntentId === undefined ? task.paymentIntentId : paymentIntentId,
        escrowId: escrowId === undefined ? task.escrowId : escrowId,
        reputationEventId: reputationEventId === undefined ? task.reputationEventId : reputationEventId,
        metadata: metadata === undefined ? task.metadata : metadata === null ? {} : mergePatch(task.metadata, metadata),
      };
    });
  }

  /** Opens a pending task to claims by any agent, optionally linking the uGig gig that advertises it. */
  async publishTask(taskId: string, gigId?: string | null, options: CallOptions = {}): Promise<Task> {
    const gig = optionalText('gigId', gigId);
    return this.changeTask(taskId, options, 'task.updated', async (task) => {
      if (task.status !== 'pending') {
        throw new ConflictError(`Task ${taskId} is ${task.status}; only a pending task can be published`);
      }
      const nextGig = gig === undefined ? task.gigId : gig;
      if (task.published && nextGig === task.gigId) return null; // already so: nothing to do
      return { ...task, published: true, publishedAt: task.publishedAt ?? this.timestamp(), gigId: nextGig };
    });
  }

  /** A registered agent takes a published pending task: it becomes `queued` for that agent. */
  async claimTask(taskId: string, agentDid: string, options: CallOptions = {}): Promise<Task> {
    const did = requireDid('agentDid', agentDid, 'agent');
    return this.changeTask(taskId, options, 'task.assigned', async (task) => {
      await this.requireAgent(did);
      if (!task.published) throw new ConflictError(`Task ${taskId} is not published and cannot be claimed`);
      if (task.status !== 'pending') {
        throw new ConflictError(`Task ${taskId} is ${task.status} and can no longer be claimed`);
      }
      return { ...task, assigneeDid: did, status: 'queued' };
    });
  }

  // ---- delegation ---------------------------------------------------------------------

  async delegate(
    ownerDid: string,
    agentDid: string,
    scopes: string[],
    expiresAt?: string | Date | null,
    options: CallOptions = {},
  ): Promise<DelegationGrant> {
    const owner = requireDid('ownerDid', ownerDid);
    const agent = requireDid('agentDid', agentDid, 'agent');
    const checkedScopes = requireScopes(scopes);
    const expiry = expiresAt == null ? null : requireInstant('expiresAt', expiresAt);
    const actorDid = this.actor(options);
    const at = this.timestamp();
    if (expiry !== null && expiry <= at) throw new BadUserInputError(`expiresAt ${expiry} is not in the future`);
    await this.requireAgent(agent);
    const grant: DelegationGrant = {
      id: this.newId('grant'),
      ownerDid: owner,
      agentDid: agent,
      scopes: checkedScopes,
      expiresAt: expiry,
      createdAt: at,
      revokedAt: null,
      parentGrantId: null,
    };
    const event = await this.store.insertGrant(grant, { type: 'delegation.granted', occurredAt: at, actorDid, grant });
    this.emit(event);
    return grant;
  }

  async revokeDelegation(grantId: string, options: CallOptions = {}): Promise<DelegationGrant> {
    const id = requireId('grantId', grantId);
    const actorDid = this.actor(options);
    const current = await this.getDelegation(id);
    if (!current) throw new NotFoundError(`Unknown delegation grant: ${id}`);
    if (current.revokedAt !== null) throw new ConflictError(`Delegation grant ${id} is already revoked`);
    const at = this.timestamp();
    const grant: DelegationGrant = { ...current, revokedAt: at };
    const event = await this.store.revokeGrant(grant, { type: 'delegation.revoked', occurredAt: at, actorDid, grant });
    // Someone revoked it between our read and our write: the outcome they asked for holds.
    if (!event) throw new ConflictError(`Delegation grant ${id} is already revoked`);
    this.emit(event);
    return grant;
  }

  async getDelegation(id: string): Promise<DelegationGrant | null> {
    const [grant] = await this.store.getGrants([id]);
    return grant ?? null;
  }

  /** Batch lookup for DataLoaders: answers in the order asked, null for unknown ids. */
  async getDelegations(ids: readonly string[]): Promise<(DelegationGrant | null)[]> {
    return this.store.getGrants(ids);
  }

  async listDelegations(filter: DelegationFilter = {}): Promise<DelegationGrant[]> {
    const ownerDid = filter.ownerDid == null ? null : requireDid('ownerDid', filter.ownerDid);
    const agentDid = filter.agentDid == null ? null : requireDid('agentDid', filter.agentDid);
    const scope = filter.scope == null ? null : requireScope(filter.scope);
    const activeAt = filter.activeAt == null ? null : new Date(requireInstant('activeAt', filter.activeAt));
    const grants = await this.store.listGrants({ ownerDid, agentDid });
    return grants.filter(
      (grant) => (scope === null || grantAllows(grant, scope)) && (activeAt === null || isGrantActive(grant, activeAt)),
    );
  }

  /** Is the grant active at `at` (default: now, by this coordinator's clock)? */
  isDelegationActive(grant: DelegationGrant, at?: string | Date | null): boolean {
    return isGrantActive(grant, at == null ? this.now() : new Date(requireInstant('at', at)));
  }

  /** Does `agentDid` hold an active grant from `ownerDid` that allows `scope` at `at` (default: now)? */
  async hasDelegation(ownerDid: string, agentDid: string, scope: string, at?: string | Date | null): Promise<boolean> {
    const grants = await this.listDelegations({ ownerDid, agentDid, scope, activeAt: at ?? this.now() });
    return grants.length > 0;
  }

  // ---- events and views ---------------------------------------------------------------

  /** Committed events after `after` (a sequence), oldest first: the durable history. */
  async listEvents(after = 0, first = DEFAULT_PAGE_SIZE, filter?: EventFilter | null): Promise<AgentStackEvent[]> {
    return this.store.readEvents(Math.max(0, Math.floor(after)), pageSize(first), filter);
  }

  async lastEventSequence(): Promise<number> {
    return this.store.lastEventSequence();
  }

  /** Everything, for exports and small deployments; read the sequence first so it is a safe resume point. */
  async snapshot(): Promise<AgentStackSnapshot> {
    const lastEventSequence = await this.store.lastEventSequence();
    const agents: AgentProfile[] = [];
    for (let after: string | null = null; ; ) {
      const page = await this.store.listAgents({}, { first: MAX_PAGE_SIZE, after });
      agents.push(...page.items);
      if (!page.hasNextPage || page.items.length === 0) break;
      after = page.items[page.items.length - 1]!.did;
    }
    const tasks: Task[] = [];
    for (let after: { createdAt: string; id: string } | null = null; ; ) {
      const page = await this.store.listTasks({}, { first: MAX_PAGE_SIZE, after });
      tasks.push(...page.items);
      if (!page.hasNextPage || page.items.length === 0) break;
      const last = page.items[page.items.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    const delegations = await this.store.listGrants({});
    return { agents, tasks, delegations, lastEventSequence };
  }

  /** In-process listener for committed events; returns the unsubscribe function. */
  on(listener: AgentStackListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // ---- internals ----------------------------------------------------------------------

  /**
   * The one path for task changes. `derive` answers the next state (or null for "already
   * so") and throws for rule violations; version, updatedAt and the event are added here.
   */
  private async changeTask(
    taskId: string,
    options: CallOptions,
    type: TaskEventDraft['type'],
    derive: (task: Task) => Promise<Task | null>,
  ): Promise<Task> {
    const id = requireId('taskId', taskId);
    const expectedVersion = optionalVersion(options.expectedVersion);
    const actorDid = this.actor(options);
    // Each lost race means another writer committed, so attempts are bounded by contention.
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.getTask(id);
      if (!current) throw new NotFoundError(`Unknown task: ${id}`);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw staleVersion(current, expectedVersion);
      }
      const derived = await derive(current);
      if (derived === null) return current;
      const at = this.timestamp();
      const next: Task = { ...derived, version: current.version + 1, updatedAt: at };
      const event = await this.store.updateTask(next, current.version, {
        type,
        occurredAt: at,
        actorDid,
        task: next,
        previousStatus: current.status,
      });
      if (event) {
        this.emit(event);
        return next;
      }
      if (expectedVersion !== undefined) {
        const latest = await this.getTask(id);
        throw staleVersion(latest ?? current, expectedVersion);
      }
    }
    throw new ConflictError(`Task ${id} is changing too fast; retry`);
  }

  private async requireAgent(did: string): Promise<AgentProfile> {
    const agent = await this.getAgent(did);
    if (!agent) throw new NotFoundError(`Unknown agent: ${did}`);
    return agent;
  }

  private actor(options: CallOptions): string | null {
    return options.actorDid == null ? null : requireDid('actorDid', options.actorDid);
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  private emit(event: AgentStackEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}

const MAX_WRITE_ATTEMPTS = 100;

function staleVersion(task: Task, expected: number): ConflictError {
  return new ConflictError(`Task ${task.id} is at version ${task.version}, not the expected version ${expected}`);
}

function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw new BadUserInputError('first must be a non-negative integer');
  return Math.min(first, MAX_PAGE_SIZE);
}

/** Input value if given (null clears), else the stored value, else the default. */
function pick<T>(input: T | null | undefined, stored: T | undefined, fallback: T | null): T | null {
  if (input !== undefined) return input;
  return stored !== undefined ? stored : fallback;
}

function defaultId(kind: IdKind): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (!webCrypto?.randomUUID) throw new Error('No Web Crypto randomUUID in this runtime: pass newId to AgentStack');
  return `${kind}_${webCrypto.randomUUID()}`;
}
