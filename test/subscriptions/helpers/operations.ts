import { mutate } from './http.js';

/** The documents the subscription tests send, as a client would write them. */
export const EVENTS = /* GraphQL */ `
  subscription Events($after: String, $filter: AgentStackEventFilter) {
    events: agentStackEvents(after: $after, filter: $filter) {
      cursor
      type
      actorDid
      task { id status assigneeDid ownerDid version }
      agent { did }
      grant { id agentDid ownerDid }
    }
  }
`;

export const TASK_STATUS_CHANGED = /* GraphQL */ `
  subscription StatusChanged($taskId: ID, $ownerDid: ID, $assigneeDid: ID, $after: String) {
    taskStatusChanged(taskId: $taskId, ownerDid: $ownerDid, assigneeDid: $assigneeDid, after: $after) {
      id
      status
      version
      assigneeDid
      assignee { did name }
    }
  }
`;

export interface EventData {
  events: {
    cursor: string;
    type: string;
    actorDid: string | null;
    task: { id: string; status: string; assigneeDid: string | null; ownerDid: string; version: number } | null;
    agent: { did: string } | null;
    grant: { id: string; agentDid: string; ownerDid: string } | null;
  };
}

export interface StatusData {
  taskStatusChanged: { id: string; status: string; version: number; assigneeDid: string | null; assignee: { did: string; name: string } | null };
}

/**
 * Mutations over HTTP, the way another app would make them, as `actorDid` (sent in the
 * `x-agentstack-did` header, which a test server trusts). `as(did)` is the same API for another
 * caller: each mutation must come from someone the policy lets make it (an agent registers itself;
 * the owner creates, assigns, publishes and delegates; an agent claims for itself).
 */
export function api(url: string, actorDid?: string) {
  const headers: Record<string, string> = actorDid ? { 'x-agentstack-did': actorDid } : {};
  const run = <T>(query: string, variables: Record<string, unknown>) => mutate<T>(url, query, variables, headers);
  return {
    actorDid: actorDid ?? null,
    /** The same operations, sent as `did`. */
    as: (did: string) => api(url, did),
    registerAgent: async (did: string, name: string, extra: Record<string, unknown> = {}) =>
      (await run<{ registerAgent: { did: string } }>(
        `mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { did } }`,
        { input: { did, name, sourceApp: 'test', ...extra } },
      )).registerAgent,
    createTask: async (ownerDid: string, title: string, extra: Record<string, unknown> = {}) =>
      (await run<{ createTask: { id: string; status: string } }>(
        `mutation($input: CreateTaskInput!) { createTask(input: $input) { id status } }`,
        { input: { ownerDid, sourceApp: 'test', title, ...extra } },
      )).createTask,
    assignTask: async (taskId: string, agentDid: string) =>
      (await run<{ assignTask: { id: string; status: string } }>(
        `mutation($taskId: ID!, $agentDid: ID!) { assignTask(taskId: $taskId, agentDid: $agentDid) { id status } }`,
        { taskId, agentDid },
      )).assignTask,
    updateTaskStatus: async (taskId: string, status: string, patch?: Record<string, unknown>) =>
      (await run<{ updateTaskStatus: { id: string; status: string } }>(
        `mutation($taskId: ID!, $status: TaskStatus!, $patch: TaskPatch) { updateTaskStatus(taskId: $taskId, status: $status, patch: $patch) { id status } }`,
        { taskId, status, patch: patch ?? null },
      )).updateTaskStatus,
    publishTask: async (taskId: string) =>
      (await run<{ publishTask: { id: string } }>(`mutation($taskId: ID!) { publishTask(taskId: $taskId) { id } }`, { taskId })).publishTask,
    claimTask: async (taskId: string, agentDid: string) =>
      (await run<{ claimTask: { id: string; status: string } }>(
        `mutation($taskId: ID!, $agentDid: ID!) { claimTask(taskId: $taskId, agentDid: $agentDid) { id status } }`,
        { taskId, agentDid },
      )).claimTask,
    delegate: async (ownerDid: string, agentDid: string, scopes: string[]) =>
      (await run<{ delegate: { id: string } }>(
        `mutation($input: DelegateInput!) { delegate(input: $input) { id } }`,
        { input: { ownerDid, agentDid, scopes } },
      )).delegate,
    revokeDelegation: async (id: string) =>
      (await run<{ revokeDelegation: { id: string; revokedAt: string | null } }>(
        `mutation($id: ID!) { revokeDelegation(id: $id) { id revokedAt } }`,
        { id },
      )).revokeDelegation,
  };
}

/** The identity a graphql-ws client sends in connectionParams (a test server trusts it). */
export function asCaller(did: string): Record<string, string> {
  return { 'x-agentstack-did': did };
}
