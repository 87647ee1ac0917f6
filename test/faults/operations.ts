/** The GraphQL the fault suite sends (names and fields as in schema.graphql). */

export const REGISTER_AGENT = `mutation RegisterAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { did name } }`;

export const CREATE_TASK = `mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id title status version } }`;

/** A patch of a pending task (same status): a write to the tasks table that needs the task read first. */
export const PATCH_TASK = `mutation PatchTask($taskId: ID!, $patch: TaskPatch) {
  updateTaskStatus(taskId: $taskId, status: PENDING, patch: $patch) { id version }
}`;

export const READ_AGENT = `query ReadAgent($did: ID!) { agent(did: $did) { did name } }`;

export const READ_AGENTS = `query ReadAgents { agents(first: 5) { edges { node { did name } } } }`;

export const READ_TASKS = `query ReadTasks($owner: ID!) { tasks(filter: { ownerDid: $owner }, first: 5) { edges { node { id title } } } }`;

export const EVENTS_PAGE = `query EventsPage($after: String, $first: Int, $filter: AgentStackEventFilter) {
  agentStackEvents(after: $after, first: $first, filter: $filter) { edges { node { cursor type } } pageInfo { endCursor hasNextPage } }
}`;

export const EVENTS_SUBSCRIPTION = `subscription Events($after: String, $filter: AgentStackEventFilter) {
  events: agentStackEvents(after: $after, filter: $filter) { cursor type task { id title } }
}`;

/** A createTask input with a distinct title and idempotency key, so the database can be asked about it. */
export function taskInput(owner: string, key: string): Record<string, unknown> {
  return { input: { ownerDid: owner, sourceApp: 'faults', title: `fault ${key}`, idempotencyKey: key } };
}
