import { Agents } from './agents.js';
import { Delegations } from './delegations.js';
import { EventBus, Events, type AgentStackEvent, type AgentStackListener, type EventFilter, type EventPage } from './events.js';
import { DELEGATION_POLICY, type Policy } from './policy.js';
import type { IdKind, Runtime } from './runtime.js';
import { DEFAULT_RECENT_STATES, RecentStates } from './recent-states.js';
import type { Store } from './store.js';
import { Tasks } from './tasks.js';
import type {
  AgentFilter,
  AgentPageRequest,
  AgentProfile,
  AgentStackSnapshot,
  CallOptions,
  CreateTaskInput,
  DelegateInput,
  DelegationFilter,
  DelegationGrant,
  GrantPageRequest,
  GrantRelation,
  KeysetPage,
  Page,
  PageRequest,
  RegisterAgentInput,
  Task,
  TaskFilter,
  TaskKeyset,
  TaskPageRequest,
  TaskPatch,
  TaskRelation,
  TaskStatus,
} from './types.js';
import { LIMITS } from './validation.js';
import { SYNTACTIC_URL_CHECK, Webhooks, type CreateWebhookInput, type UpdateWebhookInput, type WebhookUrlCheck, type WebhookWithSecret } from './webhook-service.js';
import type { Webhook, WebhookDelivery, WebhookStore } from './webhooks.js';

export type { IdKind };

export interface AgentStackOptions {
  store: Store;
  /** Who may do what (policy.ts). Default: `DELEGATION_POLICY`, AgentStack's rules. */
  policy?: Policy;
  /** The clock; injected so tests (and replays) control time. */
  now?: () => Date;
  /** The id generator; injected for determinism. Defaults to `<kind>_<uuid>` from Web Crypto. */
  newId?: (kind: IdKind) => string;
  /** Called when an event listener throws: a listener must never fail the write that notified it. */
  onListenerError?: (error: unknown, event: AgentStackEvent) => void;
  /**
   * How many task and agent states to remember for the next write of each (recent-states.ts):
   * such a write costs one round trip instead of two. Default 4,096; 0 turns it off.
   */
  recentStates?: number;
  /** Where webhooks are kept (the database's); without one, webhook operations fail. */
  webhooks?: WebhookStore;
  /** The transport's rule for webhook URLs (the server's SSRF guard); default: any http(s) URL. */
  checkWebhookUrl?: WebhookUrlCheck;
}

/**
 * AgentStack: every rule of the coordination layer, over any Store. This facade is the one
 * entry point transports use; the work is done by the modules behind it — agents.ts, tasks.ts
 * (with the lifecycle in lifecycle.ts), delegations.ts and events.ts — which share one Runtime
 * (store, policy, clock, ids, in-process event announcements).
 *
 * Every operation takes `CallOptions`: `actorDid` (and `actorApp`) name the caller, whom the
 * policy judges before each write and each read (policy.ts), and whom each event records.
 */
export class AgentStack {
  private readonly bus: EventBus;
  private readonly agents: Agents;
  private readonly tasks: Tasks;
  private readonly delegations: Delegations;
  private readonly events: Events;
  private readonly webhooks: Webhooks | null;
  private readonly runtime: Runtime;

  constructor(options: AgentStackOptions) {
    const now = options.now ?? (() => new Date());
    const newId = options.newId ?? defaultId;
    this.bus = new EventBus(options.onListenerError);
    this.runtime = {
      store: options.store,
      policy: options.policy ?? DELEGATION_POLICY,
      now,
      timestamp: () => now().toISOString(),
      newId,
      emit: (event) => this.bus.emit(event),
      recent: new RecentStates(options.recentStates ?? DEFAULT_RECENT_STATES),
    };
    this.agents = new Agents(this.runtime);
    this.tasks = new Tasks(this.runtime, this.agents);
    this.delegations = new Delegations(this.runtime, this.agents);
    this.events = new Events(this.runtime);
    this.webhooks = options.webhooks ? new Webhooks(this.runtime, options.webhooks, options.checkWebhookUrl ?? SYNTACTIC_URL_CHECK) : null;
  }

  // ---- agents -------------------------------------------------------------------------

  registerAgent(input: RegisterAgentInput, options: CallOptions = {}): Promise<AgentProfile> {
    return this.agents.register(input, options);
  }

  async getAgent(did: string, options: CallOptions = {}): Promise<AgentProfile | null> {
    const [agent] = await this.agents.get([did], options);
    return agent ?? null;
  }

  /** Batch lookup for DataLoaders: answers in the order asked, null for unknown DIDs. */
  getAgents(dids: readonly string[], options: CallOptions = {}): Promise<(AgentProfile | null)[]> {
    return this.agents.get(dids, options);
  }

  listAgents(filter: AgentFilter = {}, page: AgentPageRequest = {}, options: CallOptions = {}): Promise<Page<AgentProfile>> {
    return this.agents.list(filter, page, options);
  }

  // ---- tasks --------------------------------------------------------------------------

  createTask(input: CreateTaskInput, options: CallOptions = {}): Promise<Task> {
    return this.tasks.create(input, options);
  }

  async getTask(id: string, options: CallOptions = {}): Promise<Task | null> {
    const [task] = await this.tasks.get([id], options);
    return task ?? null;
  }

  /** Batch lookup for DataLoaders: answers in the order asked, null for unknown ids. */
  getTasks(ids: readonly string[], options: CallOptions = {}): Promise<(Task | null)[]> {
    return this.tasks.get(ids, options);
  }

  /** getTasks for callers that use `fields` only: reads those and what the policy needs (Tasks.getFields). */
  getTaskFields<K extends keyof Task>(ids: readonly string[], fields: readonly K[], options: CallOptions = {}): Promise<(Pick<Task, K | 'id'> | null)[]> {
    return this.tasks.getFields(ids, fields, options);
  }

  /** A page of the matching tasks the caller may see (it may be short: see KeysetPage). */
  listTasks(filter: TaskFilter = {}, page: TaskPageRequest = {}, options: CallOptions = {}): Promise<KeysetPage<Task, TaskKeyset>> {
    return this.tasks.list(filter, page, options);
  }

  /** One page per owner (or assignee), in one store read: the batch behind `User.tasks` / `Agent.tasks`. */
  listTasksFor(
    by: TaskRelation,
    keys: readonly string[],
    filter: TaskFilter = {},
    page: TaskPageRequest = {},
    options: CallOptions = {},
  ): Promise<KeysetPage<Task, TaskKeyset>[]> {
    return this.tasks.listFor(by, keys, filter, page, options);
  }

  /** Assigns the task to a registered agent. The assigned task is `queued` for that agent. */
  assignTask(taskId: string, agentDid: string, options: CallOptions = {}): Promise<Task> {
    return this.tasks.assign(taskId, agentDid, options);
  }

  /** Moves the task through the lifecycle; the same status patches links and metadata. */
  updateTaskStatus(taskId: string, status: TaskStatus, patch: TaskPatch = {}, options: CallOptions = {}): Promise<Task> {
    return this.tasks.updateStatus(taskId, status, patch, options);
  }

  /** Opens a pending task to claims by any agent, optionally linking the uGig gig that advertises it. */
  publishTask(taskId: string, gigId?: string | null, options: CallOptions = {}): Promise<Task> {
    return this.tasks.publish(taskId, gigId, options);
  }

  /** A registered agent takes a published pending task: it becomes `queued` for that agent. */
  claimTask(taskId: string, agentDid: string, options: CallOptions = {}): Promise<Task> {
    return this.tasks.claim(taskId, agentDid, options);
  }

  // ---- delegation ---------------------------------------------------------------------

  /** Grants scopes from an owner to an agent; with `parentGrantId`, a sub-delegation of the caller's grant. */
  delegate(input: DelegateInput, options: CallOptions = {}): Promise<DelegationGrant> {
    return this.delegations.grant(input, options);
  }

  /** Revokes the grant and every grant delegated from it, transitively. */
  revokeDelegation(grantId: string, options: CallOptions = {}): Promise<DelegationGrant> {
    return this.delegations.revoke(grantId, options);
  }

  async getDelegation(id: string, options: CallOptions = {}): Promise<DelegationGrant | null> {
    const [grant] = await this.delegations.get([id], options);
    return grant ?? null;
  }

  /** Batch lookup for DataLoaders: answers in the order asked, null for unknown ids. */
  getDelegations(ids: readonly string[], options: CallOptions = {}): Promise<(DelegationGrant | null)[]> {
    return this.delegations.get(ids, options);
  }

  /** A page of the grants the caller may see, oldest first (exact pages: see Delegations.list). */
  listDelegations(filter: DelegationFilter = {}, page: GrantPageRequest = {}, options: CallOptions = {}): Promise<Page<DelegationGrant>> {
    return this.delegations.list(filter, page, options);
  }

  /** Each owner's (or agent's) page of grants, in one store read: the batch behind `User.delegations` / `Agent.delegations`. */
  listDelegationsFor(
    by: GrantRelation,
    keys: readonly string[],
    filter: DelegationFilter = {},
    page: GrantPageRequest = {},
    options: CallOptions = {},
  ): Promise<Page<DelegationGrant>[]> {
    return this.delegations.listFor(by, keys, filter, page, options);
  }

  /** Is the grant honoured at `at` (default: now, by this AgentStack's clock): it and every grant above it active? */
  isDelegationActive(grant: DelegationGrant, at?: string | Date | null): Promise<boolean> {
    return this.delegations.isActive(grant, at);
  }

  /** Does `agentDid` hold an active grant from `ownerDid` that allows `scope` at `at` (default: now)? */
  hasDelegation(ownerDid: string, agentDid: string, scope: string, at?: string | Date | null, options: CallOptions = {}): Promise<boolean> {
    return this.delegations.has(ownerDid, agentDid, scope, at, options);
  }

  // ---- webhooks ----------------------------------------------------------------------

  /** A webhook for the caller's events (webhook-service.ts); the secret is in this answer only. */
  createWebhook(input: CreateWebhookInput, options: CallOptions = {}): Promise<WebhookWithSecret> {
    return this.webhookService().create(input, options);
  }

  updateWebhook(id: string, input: UpdateWebhookInput, options: CallOptions = {}): Promise<Webhook> {
    return this.webhookService().update(id, input, options);
  }

  deleteWebhook(id: string, options: CallOptions = {}): Promise<Webhook> {
    return this.webhookService().delete(id, options);
  }

  rotateWebhookSecret(id: string, options: CallOptions = {}): Promise<WebhookWithSecret> {
    return this.webhookService().rotateSecret(id, options);
  }

  redeliverWebhookDelivery(deliveryId: string, options: CallOptions = {}): Promise<WebhookDelivery> {
    return this.webhookService().redeliver(deliveryId, options);
  }

  /** Batch lookup: answers in the order asked, null for unknown ids and others' webhooks. */
  getWebhooks(ids: readonly string[], options: CallOptions = {}): Promise<(Webhook | null)[]> {
    return this.webhookService().get(ids, options);
  }

  listWebhooks(page: PageRequest<string> = {}, options: CallOptions = {}): Promise<Page<Webhook>> {
    return this.webhookService().list(page, options);
  }

  listWebhookDeliveries(webhookId: string, page: PageRequest<number> = {}, options: CallOptions = {}): Promise<Page<WebhookDelivery>> {
    return this.webhookService().deliveries(webhookId, page, options);
  }

  private webhookService(): Webhooks {
    if (!this.webhooks) throw new Error('Webhooks need a database: this AgentStack was made without a webhook store');
    return this.webhooks;
  }

  // ---- events and views ---------------------------------------------------------------

  /** Committed events in the page's window (sequences; paging.ts), oldest first: the durable history. */
  listEvents(filter: EventFilter | null = null, page: PageRequest<number> = {}, options: CallOptions = {}): Promise<EventPage> {
    return this.events.list(filter, page, options);
  }

  lastEventSequence(): Promise<number> {
    return this.events.lastSequence();
  }

  /** May the caller see this event? (Live streams ask before delivering each one.) */
  isEventVisible(event: AgentStackEvent, options: CallOptions = {}): Promise<boolean> {
    return this.events.isVisible(event, options);
  }

  /**
   * Everything, for exports and small deployments; the sequence is read first, so it is a safe
   * point to resume the event stream from. Reads the store directly: an operator's view.
   */
  async snapshot(): Promise<AgentStackSnapshot> {
    const { store } = this.runtime;
    const lastEventSequence = await store.lastEventSequence();
    const limit = LIMITS.maxPageSize;
    const agents: AgentProfile[] = [];
    for (let after: string | null = null; ; ) {
      const page = await store.listAgents({}, { limit, after, before: null, take: 'first' });
      agents.push(...page.items);
      if (!page.more || page.items.length === 0) break;
      after = page.items[page.items.length - 1]!.did;
    }
    const tasks: Task[] = [];
    for (let after: TaskKeyset | null = null; ; ) {
      const page = await store.listTasks({}, { limit, after, before: null, take: 'first' });
      tasks.push(...page.items);
      if (!page.more || page.items.length === 0) break;
      const last = page.items[page.items.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    const delegations = await store.listGrants({});
    return { agents, tasks, delegations, lastEventSequence };
  }

  /** In-process listener for committed events; returns the unsubscribe function. */
  on(listener: AgentStackListener): () => void {
    return this.bus.on(listener);
  }
}

function defaultId(kind: IdKind): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (!webCrypto?.randomUUID) throw new Error('No Web Crypto randomUUID in this runtime: pass newId to AgentStack');
  return `${kind}_${webCrypto.randomUUID()}`;
}
