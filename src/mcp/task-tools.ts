import * as documents from '../client/generated/graphql.js';
import type { CreateTaskInput, TaskFilter, TaskPatch, TaskStatus } from '../client/index.js';
import { isDid } from '../core/did.js';
import type { McpBackend } from './backend.js';
import {
  AFTER_INPUT,
  DID_INPUT,
  EXPECTED_VERSION_INPUT,
  FIRST_INPUT,
  ID_INPUT,
  JSON_OBJECT_INPUT,
  OUTPUT,
  STATUS_INPUT,
} from './schemas.js';
import { defined, tool, ToolError } from './tool.js';

const TASK_ID = ID_INPUT('The task id (from list_open_tasks, list_my_tasks, create_task, …).');

/** A DID's own tasks: those assigned to it (an agent's default) or those it owns (a user's). */
export function ownTasksFilter(did: string, role: 'assignee' | 'owner' = isDid(did, 'agent') ? 'assignee' : 'owner'): TaskFilter {
  return role === 'owner' ? { ownerDid: did } : { assigneeDid: did };
}

async function taskPage(backend: McpBackend, filter: TaskFilter, first: number | undefined, after: string | undefined) {
  const { tasks } = await backend.request(documents.TaskPageDocument, defined({ filter, first: first ?? 20, after }));
  return { tasks: { nodes: tasks.edges.map((edge) => edge.node), pageInfo: tasks.pageInfo } };
}

export const listOpenTasks = tool<{ sourceApp?: string; first?: number; after?: string }>({
  name: 'list_open_tasks',
  title: 'List open tasks (the marketplace)',
  description:
    'Lists tasks that are published and still PENDING: the marketplace of work any agent may claim. Use it to find work; then call claim_task with a task id. Newest first is not guaranteed: tasks come in creation order, a page at a time (follow tasks.pageInfo.endCursor with `after`). Returns { tasks: { nodes: [task], pageInfo } }.',
  annotations: { title: 'List open tasks', readOnlyHint: true, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: {
      sourceApp: { type: 'string', minLength: 1, maxLength: 200, description: 'Only tasks from this app (e.g. "ugig").' },
      first: FIRST_INPUT,
      after: AFTER_INPUT,
    },
    additionalProperties: false,
  },
  outputSchema: OUTPUT.tasks,
  run: (backend, input) => taskPage(backend, defined({ published: true, status: 'PENDING' as TaskStatus, sourceApp: input.sourceApp }), input.first, input.after),
});

export const listMyTasks = tool<{ role?: 'assignee' | 'owner'; did?: string; status?: TaskStatus; sourceApp?: string; first?: number; after?: string }>({
  name: 'list_my_tasks',
  title: 'List my tasks',
  description:
    "Lists the tasks assigned to you (role \"assignee\", the default for an agent) or owned by you (role \"owner\", the default for a user), optionally only those in one status. `did` lists another DID's tasks instead, which needs a delegation grant from it (tasks:read). Use it to see what you should be working on. Returns { tasks: { nodes: [task], pageInfo } }; follow pageInfo.endCursor with `after`.",
  annotations: { title: 'List my tasks', readOnlyHint: true, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: {
      role: { type: 'string', enum: ['assignee', 'owner'], description: 'assignee: tasks assigned to the DID; owner: tasks it owns.' },
      did: DID_INPUT('Whose tasks (default: yours).'),
      status: STATUS_INPUT('Only tasks in this status.'),
      sourceApp: { type: 'string', minLength: 1, maxLength: 200, description: 'Only tasks from this app.' },
      first: FIRST_INPUT,
      after: AFTER_INPUT,
    },
    additionalProperties: false,
  },
  outputSchema: OUTPUT.tasks,
  run(backend, input) {
    const did = input.did ?? backend.callerDid;
    if (!did) throw new ToolError('BAD_USER_INPUT', 'Name the DID whose tasks to list (`did`): this connection acts for no DID');
    const filter: TaskFilter = defined({ ...ownTasksFilter(did, input.role), status: input.status, sourceApp: input.sourceApp });
    return taskPage(backend, filter, input.first, input.after);
  },
});

export const getTask = tool<{ taskId: string }>({
  name: 'get_task',
  title: 'Get a task',
  description:
    'Reads one task: its status, owner, assignee, links (payment intent, escrow, reputation event, gig), metadata and `version` (pass it as expectedVersion to change the task safely). NOT_FOUND when it does not exist or you may not see it. Returns { task }.',
  annotations: { title: 'Get a task', readOnlyHint: true, openWorldHint: false },
  inputSchema: { type: 'object', properties: { taskId: TASK_ID }, required: ['taskId'], additionalProperties: false },
  outputSchema: OUTPUT.task,
  async run(backend, input) {
    const { task } = await backend.request(documents.TaskDocument, { id: input.taskId });
    if (!task) throw new ToolError('NOT_FOUND', `No task ${input.taskId} that you may see`);
    return { task };
  },
});

export const createTask = tool<CreateTaskInput>({
  name: 'create_task',
  title: 'Create a task',
  description:
    'Creates a task owned by ownerDid (you, or someone whose delegation grant allows you tasks:create). Without assigneeDid it starts PENDING (publish it with publish_task for agents to claim); with one it starts QUEUED for that agent. Pass an idempotencyKey to make retries safe: the same key and input answer the same task. Returns { task }.',
  annotations: { title: 'Create a task', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: {
      ownerDid: DID_INPUT("The task's owner."),
      sourceApp: { type: 'string', minLength: 1, maxLength: 200, description: 'The app the task comes from (e.g. "ugig").' },
      title: { type: 'string', minLength: 1, maxLength: 200, description: 'Short title.' },
      description: { type: 'string', maxLength: 10_000, description: 'What is to be done.' },
      assigneeDid: DID_INPUT('Assign the task to this registered agent right away.'),
      paymentIntentId: ID_INPUT('A CoinPay payment intent to link.'),
      escrowId: ID_INPUT('A CoinPay escrow to link.'),
      reputationEventId: ID_INPUT('A CoinPay reputation event to link.'),
      metadata: JSON_OBJECT_INPUT('Any JSON object to keep with the task.'),
      idempotencyKey: { type: 'string', minLength: 1, maxLength: 200, description: 'Unique per owner; a retry with the same key and input answers the same task.' },
    },
    required: ['ownerDid', 'sourceApp', 'title'],
    additionalProperties: false,
  },
  outputSchema: OUTPUT.task,
  run: async (backend, input) => ({ task: (await backend.request(documents.CreateTaskDocument, { input })).createTask }),
});

export const assignTask = tool<{ taskId: string; agentDid: string; expectedVersion?: number }>({
  name: 'assign_task',
  title: 'Assign a task',
  description:
    "Assigns a task to a registered agent: it becomes QUEUED for it. Allowed to the task's owner, or with the owner's grant for tasks:assign; a PENDING, QUEUED or BLOCKED task only (CONFLICT otherwise). Returns { task }.",
  annotations: { title: 'Assign a task', readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: { taskId: TASK_ID, agentDid: DID_INPUT('The agent to assign it to.'), expectedVersion: EXPECTED_VERSION_INPUT },
    required: ['taskId', 'agentDid'],
    additionalProperties: false,
  },
  outputSchema: OUTPUT.task,
  run: async (backend, input) => ({ task: (await backend.request(documents.AssignTaskDocument, defined(input))).assignTask }),
});

export const updateTaskStatus = tool<{ taskId: string; status: TaskStatus; patch?: TaskPatch; expectedVersion?: number }>({
  name: 'update_task_status',
  title: 'Report progress on a task',
  description:
    'Moves a task to its next status as you work on it: QUEUED → RUNNING when you start, RUNNING → BLOCKED when you wait on something, BLOCKED → RUNNING (or QUEUED) to resume, RUNNING → COMPLETE when done or FAILED when it cannot be done; CANCELLED calls it off (owner or a tasks:update grant). Anything else is CONFLICT. The same status again with `patch` only changes links or metadata (merged as a JSON Merge Patch). The assignee, the owner, or a holder of the owner\'s tasks:update grant may do it. Returns { task }.',
  annotations: { title: 'Report progress on a task', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: {
      taskId: TASK_ID,
      status: STATUS_INPUT('The new status.'),
      patch: {
        type: 'object',
        description: 'Links and metadata to change with it: a field left out keeps its value, null clears it.',
        properties: {
          paymentIntentId: { type: ['string', 'null'], maxLength: 200 },
          escrowId: { type: ['string', 'null'], maxLength: 200 },
          reputationEventId: { type: ['string', 'null'], maxLength: 200 },
          metadata: { type: ['object', 'null'], description: 'Merged into the metadata (JSON Merge Patch: null deletes a key).' },
        },
        additionalProperties: false,
      },
      expectedVersion: EXPECTED_VERSION_INPUT,
    },
    required: ['taskId', 'status'],
    additionalProperties: false,
  },
  outputSchema: OUTPUT.task,
  run: async (backend, input) => ({ task: (await backend.request(documents.UpdateTaskStatusDocument, defined(input))).updateTaskStatus }),
});

export const publishTask = tool<{ taskId: string; gigId?: string }>({
  name: 'publish_task',
  title: 'Publish a task',
  description:
    "Opens a PENDING task to claims by any agent (list_open_tasks shows it; the first claim_task wins). The owner, or a holder of the owner's tasks:publish grant. gigId links the uGig gig that advertises it. Returns { task }.",
  annotations: { title: 'Publish a task', readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: { taskId: TASK_ID, gigId: ID_INPUT('The uGig gig advertising the task.') },
    required: ['taskId'],
    additionalProperties: false,
  },
  outputSchema: OUTPUT.task,
  run: async (backend, input) => ({ task: (await backend.request(documents.PublishTaskDocument, defined(input))).publishTask }),
});

export const claimTask = tool<{ taskId: string; agentDid?: string }>({
  name: 'claim_task',
  title: 'Claim an open task',
  description:
    'Takes a published PENDING task (from list_open_tasks) for an agent: it becomes QUEUED, assigned to that agent. Exactly one claim wins: if another agent claimed it first you get CONFLICT (pick another task). agentDid defaults to you. Then start with update_task_status RUNNING. Returns { task }.',
  annotations: { title: 'Claim an open task', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: { taskId: TASK_ID, agentDid: DID_INPUT('The agent claiming it (default: you).') },
    required: ['taskId'],
    additionalProperties: false,
  },
  outputSchema: OUTPUT.task,
  async run(backend, input) {
    const agentDid = input.agentDid ?? backend.callerDid;
    if (!agentDid) throw new ToolError('BAD_USER_INPUT', 'Name the agent claiming the task (`agentDid`): this connection acts for no DID');
    return { task: (await backend.request(documents.ClaimTaskDocument, { taskId: input.taskId, agentDid })).claimTask };
  },
});
