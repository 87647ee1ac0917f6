import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import { TRANSITIONS } from '../core/lifecycle.js';

/**
 * JSON Schemas of what the tools take and answer. The shapes are the GraphQL API's (the client's
 * fragments, src/client/operations/fragments.graphql): a model that has read the tool list can
 * read a result, and code written against the GraphQL API reads the same field names.
 */
type Schema = JsonSchemaType & Record<string, unknown>;

/** The task statuses as the API spells them (PENDING, …), from the lifecycle table. */
export const TASK_STATUSES = Object.keys(TRANSITIONS).map((status) => status.toUpperCase());

const nullable = (type: 'string' | 'number' | 'integer' | 'boolean'): Schema => ({ type: [type, 'null'] });
const text = (description: string, maxLength = 256): Schema => ({ type: 'string', minLength: 1, maxLength, description });

export const DID_INPUT = (description: string): Schema => text(`${description} A DID: did:coinpay:user:<id> or did:coinpay:agent:<id>.`);
export const ID_INPUT = (description: string): Schema => text(description, 200);
export const STATUS_INPUT = (description: string): Schema => ({ type: 'string', enum: TASK_STATUSES, description });
export const FIRST_INPUT: Schema = { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'How many to answer (1 to 100, default 20).' };
export const AFTER_INPUT: Schema = {
  type: 'string',
  maxLength: 512,
  description: "Continue after this cursor: the previous page's pageInfo.endCursor. Leave it out for the first page.",
};
export const JSON_OBJECT_INPUT = (description: string): Schema => ({ type: 'object', description });
export const EXPECTED_VERSION_INPUT: Schema = {
  type: 'integer',
  minimum: 0,
  description:
    "The task's `version` you last read: the change is refused with CONFLICT if the task changed since (read it again with get_task, then decide). Leave it out to apply the change to whatever the task is now.",
};

const TASK: Schema = {
  type: 'object',
  description: 'A task: a unit of work handed from an app to an agent.',
  properties: {
    id: { type: 'string' },
    ownerDid: { type: 'string' },
    assigneeDid: nullable('string'),
    sourceApp: { type: 'string' },
    title: { type: 'string' },
    description: nullable('string'),
    status: { type: 'string', enum: TASK_STATUSES },
    paymentIntentId: nullable('string'),
    escrowId: nullable('string'),
    reputationEventId: nullable('string'),
    metadata: { type: 'object' },
    published: { type: 'boolean' },
    publishedAt: nullable('string'),
    gigId: nullable('string'),
    version: { type: 'integer' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
  required: ['id', 'ownerDid', 'assigneeDid', 'sourceApp', 'title', 'status', 'published', 'version', 'createdAt', 'updatedAt'],
};

const AGENT: Schema = {
  type: 'object',
  description: 'An agent profile, keyed by its DID.',
  properties: {
    did: { type: 'string' },
    name: { type: 'string' },
    sourceApp: { type: 'string' },
    inboxUrl: nullable('string'),
    taskEndpoint: nullable('string'),
    supportedProtocols: { type: 'array', items: { type: 'string' } },
    reputationScore: nullable('number'),
    metadata: { type: 'object' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
  required: ['did', 'name', 'sourceApp', 'createdAt', 'updatedAt'],
};

const GRANT: Schema = {
  type: 'object',
  description: 'A delegation grant: ownerDid lets agentDid act for it within scopes, until expiresAt (null: no end) or until revoked.',
  properties: {
    id: { type: 'string' },
    ownerDid: { type: 'string' },
    agentDid: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    expiresAt: nullable('string'),
    createdAt: { type: 'string' },
    revokedAt: nullable('string'),
    parentGrantId: nullable('string'),
    active: { type: 'boolean' },
  },
  required: ['id', 'ownerDid', 'agentDid', 'scopes', 'expiresAt', 'createdAt', 'revokedAt', 'active'],
};

const PAGE_INFO: Schema = {
  type: 'object',
  properties: { hasNextPage: { type: 'boolean' }, endCursor: nullable('string') },
  required: ['hasNextPage', 'endCursor'],
};

/** What a refused or failed call answers (with `isError: true`): branch on `code`, never on the message. */
export const TOOL_ERROR: Schema = {
  type: 'object',
  properties: {
    code: {
      type: 'string',
      description: 'BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, SERVICE_UNAVAILABLE, TIMEOUT, INTERNAL_SERVER_ERROR, …',
    },
    message: { type: 'string' },
    retryable: { type: 'boolean', description: 'The same call may succeed later unchanged.' },
  },
  required: ['code', 'message', 'retryable'],
};

/**
 * A tool's output schema: `{ <key>: <schema> }` on success, `{ error }` on failure. MCP clients
 * validate structured content against the schema on errors too, so the error is part of it.
 */
export function outputOf(key: string, schema: Schema): Schema & { type: 'object' } {
  return {
    type: 'object',
    properties: { [key]: schema, error: TOOL_ERROR },
    oneOf: [{ required: [key] }, { required: ['error'] }],
  };
}

export const OUTPUT = {
  task: outputOf('task', TASK),
  tasks: outputOf('tasks', { type: 'object', properties: { nodes: { type: 'array', items: TASK }, pageInfo: PAGE_INFO }, required: ['nodes', 'pageInfo'] }),
  agent: outputOf('agent', AGENT),
  grant: outputOf('grant', GRANT),
  delegation: outputOf('delegation', {
    type: 'object',
    properties: { active: { type: 'boolean', description: 'Whether agentDid may act for ownerDid within scope (at `at`, or now).' } },
    required: ['active'],
  }),
};
