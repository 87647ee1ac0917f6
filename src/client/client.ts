import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { HttpTransport } from './http.js';
import { openEventStream, type EventStream } from './watch.js';
import * as documents from './generated/graphql.js';
import type {
  AgentStackEventFilter,
  AgentStackEventsQueryVariables,
  AgentsQueryVariables,
  AssignTaskMutationVariables,
  ClaimTaskMutationVariables,
  CreateTaskInput,
  DelegateInput,
  DelegationsQueryVariables,
  HasDelegationQueryVariables,
  PublishTaskMutationVariables,
  RegisterAgentInput,
  TasksQueryVariables,
  UpdateTaskStatusMutationVariables,
} from './generated/graphql.js';

export interface AgentStackClientOptions {
  /** The GraphQL endpoint, e.g. `https://agentstack.example/graphql`. */
  url: string;
  /** The graphql-ws endpoint; default: `url` with http(s) → ws(s). */
  wsUrl?: string;
  /** A JWT: sent as `Authorization: Bearer <token>`. */
  token?: string | null;
  /** An app key (`x-api-key`); it acts for the DID in `actAs`. */
  apiKey?: string | null;
  /** The DID to act as (`x-agentstack-did`): with an app key, or on a development server. */
  actAs?: string | null;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** A WebSocket class for runtimes without a global one (Node 20: `import WebSocket from 'ws'`). */
  webSocketImpl?: unknown;
  /** Per HTTP request. Default 30,000 ms. */
  timeoutMs?: number;
}

export interface WatchEventsOptions {
  filter?: AgentStackEventFilter | null;
  /** Deliver the events after this cursor first (e.g. a `lastCursor` saved earlier); default: from now. */
  after?: string | null;
}

export interface WatchTasksOptions {
  taskId?: string | null;
  ownerDid?: string | null;
  assigneeDid?: string | null;
  after?: string | null;
}

/** The task event types: created, assigned (or claimed), updated (status changes, patches, publication). */
const TASK_EVENTS = ['TASK_CREATED', 'TASK_ASSIGNED', 'TASK_UPDATED'] as const;

/**
 * A typed client for AgentStack: every query and mutation of the contract as a method (the
 * generated documents of src/client/operations), errors as AgentStackClientError with the
 * server's `extensions.code`, and live streams that resume after a dropped connection with no
 * gap and no duplicate. Runtime-neutral: fetch and WebSocket only.
 */
export class AgentStackClient {
  private readonly http: HttpTransport;
  private ws: WsClient | null = null;
  private readonly streams = new Set<EventStream>();

  constructor(private readonly options: AgentStackClientOptions) {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new Error('createAgentStackClient: no fetch in this runtime; pass options.fetch');
    this.http = new HttpTransport(options.url, () => this.identityHeaders(), fetchImpl.bind(globalThis), options.timeoutMs ?? 30_000);
  }

  /** Any operation, typed by its document (the generated ones, or your own). */
  request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    return this.http.request(document, variables);
  }

  // ---- agents ---------------------------------------------------------------------------

  async agent(did: string) {
    return (await this.request(documents.AgentDocument, { did })).agent;
  }

  async agents(variables: AgentsQueryVariables = {}) {
    return (await this.request(documents.AgentsDocument, variables)).agents;
  }

  async registerAgent(input: RegisterAgentInput) {
    return (await this.request(documents.RegisterAgentDocument, { input })).registerAgent;
  }

  // ---- tasks ----------------------------------------------------------------------------

  async task(id: string) {
    return (await this.request(documents.TaskDocument, { id })).task;
  }

  async tasks(variables: TasksQueryVariables = {}) {
    return (await this.request(documents.TasksDocument, variables)).tasks;
  }

  async createTask(input: CreateTaskInput) {
    return (await this.request(documents.CreateTaskDocument, { input })).createTask;
  }

  async assignTask(variables: AssignTaskMutationVariables) {
    return (await this.request(documents.AssignTaskDocument, variables)).assignTask;
  }

  async updateTaskStatus(variables: UpdateTaskStatusMutationVariables) {
    return (await this.request(documents.UpdateTaskStatusDocument, variables)).updateTaskStatus;
  }

  async publishTask(variables: PublishTaskMutationVariables) {
    return (await this.request(documents.PublishTaskDocument, variables)).publishTask;
  }

  async claimTask(variables: ClaimTaskMutationVariables) {
    return (await this.request(documents.ClaimTaskDocument, variables)).claimTask;
  }

  // ---- delegation -----------------------------------------------------------------------

  async delegate(input: DelegateInput) {
    return (await this.request(documents.DelegateDocument, { input })).delegate;
  }

  async revokeDelegation(id: string) {
    return (await this.request(documents.RevokeDelegationDocument, { id })).revokeDelegation;
  }

  async delegation(id: string) {
    return (await this.request(documents.DelegationDocument, { id })).delegation;
  }

  async delegations(variables: DelegationsQueryVariables = {}) {
    return (await this.request(documents.DelegationsDocument, variables)).delegations;
  }

  async hasDelegation(variables: HasDelegationQueryVariables) {
    return (await this.request(documents.HasDelegationDocument, variables)).hasDelegation;
  }

  // ---- events ---------------------------------------------------------------------------

  async events(variables: AgentStackEventsQueryVariables = {}) {
    return (await this.request(documents.AgentStackEventsDocument, variables)).agentStackEvents;
  }

  /** The newest event cursor matching `filter` ("0" when none): subscribe after it to miss nothing. */
  async latestEventCursor(filter: AgentStackEventFilter | null = null): Promise<string | null> {
    return (await this.request(documents.LatestAgentStackEventCursorDocument, { filter })).agentStackEvents.pageInfo.endCursor;
  }

  /**
   * Every event matching `filter`, live (after `after` first, when given), as an async iterable
   * that resumes by itself after a dropped connection: `for await (const event of stream)`.
   */
  watchEvents(options: WatchEventsOptions = {}): EventStream {
    const filter = options.filter ?? null;
    const stream = openEventStream({
      client: this.socket(),
      filter,
      after: options.after ?? null,
      start: () => this.latestEventCursor(filter),
    });
    this.streams.add(stream);
    return stream;
  }

  /** The changes of tasks (created, assigned or claimed, updated) matching every argument given. */
  watchTasks(options: WatchTasksOptions = {}): EventStream {
    const filter: AgentStackEventFilter = {
      types: [...TASK_EVENTS],
      taskId: options.taskId ?? null,
      ownerDid: options.ownerDid ?? null,
      assigneeDid: options.assigneeDid ?? null,
    };
    return this.watchEvents({ filter, after: options.after ?? null });
  }

  /** Ends every stream and the WebSocket connection. */
  async close(): Promise<void> {
    for (const stream of this.streams) stream.close();
    this.streams.clear();
    await this.ws?.dispose();
    this.ws = null;
  }

  private socket(): WsClient {
    this.ws ??= createClient({
      url: this.options.wsUrl ?? this.options.url.replace(/^http/, 'ws'),
      ...(this.options.webSocketImpl ? { webSocketImpl: this.options.webSocketImpl } : {}),
      // The same credentials as HTTP, in the form AgentStack reads from connectionParams.
      connectionParams: () => ({
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        ...(this.options.apiKey ? { 'x-api-key': this.options.apiKey } : {}),
        ...(this.options.actAs ? { 'x-agentstack-did': this.options.actAs } : {}),
      }),
      lazy: true,
      // Streams resume themselves with their own cursor (watch.ts): the connection must not
      // replay the original subscription on its own.
      retryAttempts: 0,
      keepAlive: 10_000,
    });
    return this.ws;
  }

  private identityHeaders(): Record<string, string> {
    const { token, apiKey, actAs } = this.options;
    return {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(apiKey ? { 'x-api-key': apiKey } : {}),
      ...(actAs ? { 'x-agentstack-did': actAs } : {}),
    };
  }
}

export function createAgentStackClient(options: AgentStackClientOptions): AgentStackClient {
  return new AgentStackClient(options);
}
