import type {
  AgentFilter,
  AgentProfile,
  DelegationFilter,
  DelegationGrant,
  EventFilter,
  GrantRelation,
  Page,
  Task,
  TaskFilter,
  TaskKeyset,
  TaskRelation,
  Webhook,
  WebhookDelivery,
} from '../core/index.js';
import { callOptions, type GraphQLContext } from './context.js';
import {
  decodeAgentCursor,
  decodeEventCursor,
  decodeGrantCursor,
  decodeTaskCursor,
  decodeDeliveryCursor,
  decodeWebhookCursor,
  encodeAgentCursor,
  encodeDeliveryCursor,
  encodeWebhookCursor,
  encodeEventCursor,
  encodeGrantCursor,
  encodeTaskCursor,
} from './cursors.js';
import { toGraphQLEvent } from './event-mapping.js';
import type { ConnectionModel, EventModel } from './models.js';

/**
 * Relay connections over the core's keyset pages (core/paging.ts has the rules: page sizes, the
 * window between `after` and `before`, `first` or `last`, the flags). Cursors are opaque except
 * the events' (their sequence). Every connection field takes the same four arguments.
 */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export async function taskConnection(context: GraphQLContext, filter: TaskFilter, args: ConnectionArgs): Promise<ConnectionModel<Task>> {
  const page = await context.loaders.taskPages.load({ filter, page: pageRequest(args, decodeTaskCursor) });
  return toConnection(page, taskCursor, page);
}

/** A parent's tasks (`Agent.tasks`, `User.tasks`): batched across the parents of one request. */
export async function relatedTaskConnection(
  context: GraphQLContext,
  by: TaskRelation,
  key: string,
  filter: TaskFilter,
  args: ConnectionArgs,
): Promise<ConnectionModel<Task>> {
  const page = await context.loaders.relatedTaskPages.load({ by, key, filter, page: pageRequest(args, decodeTaskCursor) });
  return toConnection(page, taskCursor, page);
}

export async function agentConnection(context: GraphQLContext, filter: AgentFilter, args: ConnectionArgs): Promise<ConnectionModel<AgentProfile>> {
  const page = await context.agentStack.listAgents(filter, pageRequest(args, decodeAgentCursor), callOptions(context));
  return toConnection(page, encodeAgentCursor);
}

export async function grantConnection(
  context: GraphQLContext,
  filter: DelegationFilter,
  args: ConnectionArgs,
): Promise<ConnectionModel<DelegationGrant>> {
  const page = await context.loaders.delegationPages.load({ filter, page: pageRequest(args, decodeGrantCursor) });
  return toConnection(page, encodeGrantCursor);
}

/** A parent's grants (`Agent.delegations`, `User.delegations`): batched across the parents of one request. */
export async function relatedGrantConnection(
  context: GraphQLContext,
  by: GrantRelation,
  key: string,
  filter: DelegationFilter,
  args: ConnectionArgs,
): Promise<ConnectionModel<DelegationGrant>> {
  const page = await context.loaders.relatedDelegationPages.load({ by, key, filter, page: pageRequest(args, decodeGrantCursor) });
  return toConnection(page, encodeGrantCursor);
}

/** The caller's webhooks, by id. */
export async function webhookConnection(context: GraphQLContext, args: ConnectionArgs): Promise<ConnectionModel<Webhook>> {
  const page = await context.agentStack.listWebhooks(pageRequest(args, decodeWebhookCursor), callOptions(context));
  return toConnection(page, encodeWebhookCursor);
}

/** A webhook's deliveries, oldest first. */
export async function deliveryConnection(context: GraphQLContext, webhookId: string, args: ConnectionArgs): Promise<ConnectionModel<WebhookDelivery>> {
  const page = await context.agentStack.listWebhookDeliveries(webhookId, pageRequest(args, decodeDeliveryCursor), callOptions(context));
  return toConnection(page, encodeDeliveryCursor);
}

/**
 * The history. An edge's cursor is its event's. `endCursor` is where reading on starts, also when
 * the page read only events the caller may not see; on a page that read nothing it is `after`
 * (a poller continues from there), or `0` when nothing matches at all yet (so "read the newest
 * cursor, then subscribe with `after`" misses nothing, even on an empty log).
 */
export async function eventConnection(
  context: GraphQLContext,
  filter: EventFilter | null,
  args: ConnectionArgs,
): Promise<ConnectionModel<EventModel>> {
  const request = pageRequest(args, (cursor) => decodeEventCursor(cursor));
  const page = await context.agentStack.listEvents(filter, request, callOptions(context));
  const edges = page.items.map((event) => ({ cursor: encodeEventCursor(event.sequence), node: toGraphQLEvent(event) }));
  const nothingRead = page.endSequence === null;
  const endSequence = nothingRead ? (request.after ?? (request.before == null ? 0 : null)) : page.endSequence;
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.startSequence === null ? null : encodeEventCursor(page.startSequence),
      endCursor: endSequence === null ? null : encodeEventCursor(endSequence),
    },
  };
}

function pageRequest<Key>(args: ConnectionArgs, decode: (cursor: string) => Key | null) {
  return {
    first: args.first ?? null,
    last: args.last ?? null,
    after: args.after == null ? null : decode(args.after),
    before: args.before == null ? null : decode(args.before),
  };
}

function taskCursor(task: Task): string {
  return encodeTaskCursor(task);
}

/**
 * `startCursor`/`endCursor` are where the pages before and after this one start: the first and
 * last item *read* when the core says so (a task page may leave out what the caller may not see,
 * so those can lie beyond the edges), else the first and last edge.
 */
function toConnection<T>(page: Page<T>, cursorOf: (item: T) => string, read?: { start: TaskKeyset | null; end: TaskKeyset | null }): ConnectionModel<T> {
  const edges = page.items.map((node) => ({ cursor: cursorOf(node), node }));
  const startCursor = read?.start ? encodeTaskCursor(read.start) : (edges[0]?.cursor ?? null);
  const endCursor = read?.end ? encodeTaskCursor(read.end) : (edges.at(-1)?.cursor ?? null);
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage, startCursor, endCursor } };
}
