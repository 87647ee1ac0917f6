import type { AgentFilter, AgentProfile, Task, Page, TaskFilter, TaskRelation } from '../core/index.js';
import { callOptions, type GraphQLContext } from './context.js';
import { decodeAgentCursor, decodeTaskCursor, encodeAgentCursor, encodeTaskCursor } from './cursors.js';
import type { ConnectionModel } from './models.js';

/** Relay connections over the core's keyset pages. Page sizes and caps are the core's rule. */
export async function taskConnection(
  context: GraphQLContext,
  filter: TaskFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ConnectionModel<Task>> {
  const page = await context.loaders.taskPages.load({
    filter,
    page: { first, after: decodeTaskCursor(after) },
  });
  return toConnection(page, encodeTaskCursor);
}

/** A parent's tasks (`Agent.tasks`, `User.tasks`): batched across the parents of one request. */
export async function relatedTaskConnection(
  context: GraphQLContext,
  by: TaskRelation,
  key: string,
  filter: TaskFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ConnectionModel<Task>> {
  const page = await context.loaders.relatedTaskPages.load({
    by,
    key,
    filter,
    page: { first, after: decodeTaskCursor(after) },
  });
  return toConnection(page, encodeTaskCursor);
}

export async function agentConnection(
  context: GraphQLContext,
  filter: AgentFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ConnectionModel<AgentProfile>> {
  const page = await context.agentStack.listAgents(filter, { first, after: decodeAgentCursor(after) }, callOptions(context));
  return toConnection(page, encodeAgentCursor);
}

function toConnection<T>(page: Page<T>, cursorOf: (item: T) => string): ConnectionModel<T> {
  const edges = page.items.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null },
  };
}
