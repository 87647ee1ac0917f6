import type { AgentFilter, AgentProfile, Page, Task, TaskFilter, TaskKeyset, TaskRelation } from '../core/index.js';
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

/**
 * `endCursor` is where the next page starts: the last item read (a task page may leave out what
 * the caller may not see, so that can be past the last edge), else the last edge.
 */
function toConnection<T>(page: Page<T> & { end?: TaskKeyset | null }, cursorOf: (item: T) => string): ConnectionModel<T> {
  const edges = page.items.map((node) => ({ cursor: cursorOf(node), node }));
  const endCursor = page.end ? encodeTaskCursor(page.end) : edges.length > 0 ? edges[edges.length - 1]!.cursor : null;
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor } };
}
