import { ErrorCode, McpError, type ReadResourceResult, type Resource, type ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import * as documents from '../client/generated/graphql.js';
import { isDid } from '../core/did.js';
import type { McpBackend } from './backend.js';
import { resourceUri, type ResourceRef } from './resource-uri.js';
import { ownTasksFilter } from './task-tools.js';

/**
 * AgentStack's MCP resources: a task (`agentstack://tasks/{id}`) and an agent profile
 * (`agentstack://agents/{did}`), read as JSON with the caller's rights (what the caller may not
 * see does not exist). Both can be subscribed to: `notifications/resources/updated` follows every
 * change the event log records (server.ts, src/server/mcp).
 */
export const RESOURCE_TEMPLATES: readonly ResourceTemplate[] = [
  {
    uriTemplate: 'agentstack://tasks/{id}',
    name: 'task',
    title: 'A task',
    description: 'A task as JSON: status, owner, assignee, links, metadata and version. Subscribe to hear of each change.',
    mimeType: 'application/json',
  },
  {
    uriTemplate: 'agentstack://agents/{did}',
    name: 'agent',
    title: 'An agent profile',
    description: 'An agent profile as JSON (name, app, endpoints, protocols, reputation). Subscribe to hear of each change.',
    mimeType: 'application/json',
  },
];

/** -32002: the MCP specification's code for a resource that does not exist. */
export const RESOURCE_NOT_FOUND = -32002;

export { resourceUri, type ResourceRef };

const PATTERN = /^agentstack:\/\/(tasks|agents)\/([^/?#]{1,600})$/;

/** The resource a URI names; anything else is InvalidParams. */
export function parseResourceUri(uri: string): ResourceRef {
  const match = PATTERN.exec(uri);
  let key: string | null = null;
  if (match) {
    try {
      key = decodeURIComponent(match[2]!);
    } catch {
      key = null;
    }
  }
  if (!match || !key || key.length > 256) {
    throw new McpError(ErrorCode.InvalidParams, `Not an AgentStack resource: ${uri.slice(0, 200)} (agentstack://tasks/{id} or agentstack://agents/{did})`);
  }
  return match[1] === 'tasks' ? { kind: 'task', id: key } : { kind: 'agent', did: key };
}

/** Reads a resource as the caller; one that does not exist or that the caller may not see is RESOURCE_NOT_FOUND. */
export async function readResource(backend: McpBackend, uri: string): Promise<ReadResourceResult> {
  const ref = parseResourceUri(uri);
  const value =
    ref.kind === 'task'
      ? (await backend.request(documents.TaskDocument, { id: ref.id })).task
      : (await backend.request(documents.AgentDocument, { did: ref.did })).agent;
  if (!value) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}`, { uri });
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value) }] };
}

/** `resources/list`: the caller's own agent profile and the tasks it is assigned or owns (the newest page of each). */
export async function listResources(backend: McpBackend): Promise<Resource[]> {
  const did = backend.callerDid;
  if (!did) return [];
  const [{ tasks }, agent] = await Promise.all([
    backend.request(documents.TaskPageDocument, { filter: ownTasksFilter(did), first: 50 }),
    isDid(did, 'agent') ? backend.request(documents.AgentDocument, { did }).then((data) => data.agent) : Promise.resolve(null),
  ]);
  const resources: Resource[] = tasks.edges.map(({ node }) => ({
    uri: resourceUri({ kind: 'task', id: node.id }),
    name: `task ${node.id}`,
    title: node.title,
    description: `${node.status}${node.assigneeDid ? `, assigned to ${node.assigneeDid}` : ''}`,
    mimeType: 'application/json',
  }));
  if (agent) resources.unshift({ uri: resourceUri({ kind: 'agent', did: agent.did }), name: `agent ${agent.did}`, title: agent.name, mimeType: 'application/json' });
  return resources;
}
