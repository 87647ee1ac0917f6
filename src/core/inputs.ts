import { BadUserInputError } from './errors.js';
import type { EventFilter } from './events.js';
import type {
  AgentFilter,
  AgentPageQuery,
  AgentPageRequest,
  CreateTaskInput,
  DelegateInput,
  DelegationFilter,
  GrantPageQuery,
  GrantPageRequest,
  JsonObject,
  PageQuery,
  PageRequest,
  RegisterAgentInput,
  TaskFilter,
  TaskKeyset,
  TaskPageQuery,
  TaskPageRequest,
  TaskPatch,
} from './types.js';
import { parsePage } from './paging.js';
import {
  LIMITS,
  optionalMetadata,
  optionalScore,
  optionalStringList,
  optionalText,
  optionalUrl,
  requireDid,
  requireEventType,
  requireId,
  requireInstant,
  requireScope,
  requireScopes,
  requireSequence,
  requireStatus,
  requireText,
} from './validation.js';

/**
 * Each operation's input, parsed: every field checked (BAD_USER_INPUT naming the field, before
 * anything is read or written) and normalized. The operations in agents.ts, tasks.ts,
 * delegations.ts and events.ts start from these and never look at raw input.
 */

/** On re-registration a field left `undefined` keeps its stored value; `null` clears it. */
export function parseRegisterAgentInput(input: RegisterAgentInput): RegisterAgentInput {
  return {
    did: requireDid('agent did', input.did, 'agent'),
    ownerDid: input.ownerDid == null ? input.ownerDid : requireDid('ownerDid', input.ownerDid, 'user'),
    name: requireText('name', input.name),
    sourceApp: requireText('sourceApp', input.sourceApp),
    supportedProtocols: optionalStringList('supportedProtocols', input.supportedProtocols, LIMITS.protocols),
    inboxUrl: optionalUrl('inboxUrl', input.inboxUrl),
    taskEndpoint: optionalUrl('taskEndpoint', input.taskEndpoint),
    reputationScore: optionalScore('reputationScore', input.reputationScore),
    metadata: optionalMetadata('metadata', input.metadata),
  };
}

/** A create request with every optional field resolved to its value or null. */
export interface ParsedCreateTask {
  ownerDid: string;
  sourceApp: string;
  title: string;
  description: string | null;
  assigneeDid: string | null;
  paymentIntentId: string | null;
  escrowId: string | null;
  reputationEventId: string | null;
  metadata: JsonObject;
  idempotencyKey: string | null;
}

export function parseCreateTaskInput(input: CreateTaskInput): ParsedCreateTask {
  return {
    ownerDid: requireDid('ownerDid', input.ownerDid),
    sourceApp: requireText('sourceApp', input.sourceApp),
    title: requireText('title', input.title),
    description: optionalText('description', input.description, LIMITS.longText) ?? null,
    assigneeDid: input.assigneeDid == null ? null : requireDid('assigneeDid', input.assigneeDid, 'agent'),
    paymentIntentId: optionalText('paymentIntentId', input.paymentIntentId) ?? null,
    escrowId: optionalText('escrowId', input.escrowId) ?? null,
    reputationEventId: optionalText('reputationEventId', input.reputationEventId) ?? null,
    metadata: optionalMetadata('metadata', input.metadata) ?? {},
    idempotencyKey: optionalText('idempotencyKey', input.idempotencyKey) ?? null,
  };
}

/** `undefined` keeps, `null` clears; metadata is a merge patch. */
export function parseTaskPatch(patch: TaskPatch): TaskPatch {
  return {
    paymentIntentId: optionalText('paymentIntentId', patch.paymentIntentId),
    escrowId: optionalText('escrowId', patch.escrowId),
    reputationEventId: optionalText('reputationEventId', patch.reputationEventId),
    metadata: optionalMetadata('metadata', patch.metadata),
  };
}

export function parseTaskFilter(filter: TaskFilter): TaskFilter {
  return {
    ownerDid: filter.ownerDid == null ? null : requireDid('ownerDid', filter.ownerDid),
    assigneeDid: filter.assigneeDid == null ? null : requireDid('assigneeDid', filter.assigneeDid),
    status: filter.status == null ? null : requireStatus(filter.status),
    sourceApp: filter.sourceApp == null ? null : requireText('sourceApp', filter.sourceApp),
    published: filter.published == null ? null : requireBoolean('published', filter.published),
  };
}

/** A keyset from a client's cursor is input too: a malformed one must not reach the database. */
export function parseTaskPage(page: TaskPageRequest): TaskPageQuery {
  return parsePage(page, parseKeyset);
}

/** Grants page by the same keyset as tasks. */
export function parseGrantPage(page: GrantPageRequest): GrantPageQuery {
  return parsePage(page, parseKeyset);
}

function parseKeyset(field: 'after' | 'before', key: TaskKeyset): TaskKeyset {
  return { createdAt: requireInstant(`${field}.createdAt`, key.createdAt), id: requireId(`${field}.id`, key.id) };
}

export function parseAgentFilter(filter: AgentFilter): AgentFilter {
  return {
    sourceApp: filter.sourceApp == null ? null : requireText('sourceApp', filter.sourceApp),
    supportedProtocol: filter.supportedProtocol == null ? null : requireText('supportedProtocol', filter.supportedProtocol),
  };
}

export function parseAgentPage(page: AgentPageRequest): AgentPageQuery {
  return parsePage(page, (field, did) => requireText(field, did));
}

/** Event cursors are sequences: whole numbers from 0. */
export function parseEventPage(page: PageRequest<number>): PageQuery<number> {
  return parsePage(page, (field, sequence) => requireSequence(field, sequence));
}

export interface ParsedDelegateInput {
  ownerDid: string;
  agentDid: string;
  scopes: string[];
  /** null: none given (a root grant never expires; a sub-grant inherits its parent's expiry). */
  expiresAt: string | null;
  parentGrantId: string | null;
}

export function parseDelegateInput(input: DelegateInput): ParsedDelegateInput {
  return {
    ownerDid: requireDid('ownerDid', input.ownerDid),
    agentDid: requireDid('agentDid', input.agentDid, 'agent'),
    scopes: requireScopes(input.scopes),
    expiresAt: input.expiresAt == null ? null : requireInstant('expiresAt', input.expiresAt),
    parentGrantId: input.parentGrantId == null ? null : requireId('parentGrantId', input.parentGrantId),
  };
}

/** A delegation filter with its DIDs checked, its scope parsed and `activeAt` as a Date. */
export interface ParsedDelegationFilter {
  ownerDid: string | null;
  agentDid: string | null;
  scope: string | null;
  activeAt: Date | null;
}

export function parseDelegationFilter(filter: DelegationFilter): ParsedDelegationFilter {
  return {
    ownerDid: filter.ownerDid == null ? null : requireDid('ownerDid', filter.ownerDid),
    agentDid: filter.agentDid == null ? null : requireDid('agentDid', filter.agentDid),
    scope: filter.scope == null ? null : requireScope(filter.scope),
    activeAt: filter.activeAt == null ? null : new Date(requireInstant('activeAt', filter.activeAt)),
  };
}

export function parseEventFilter(filter: EventFilter | null | undefined): EventFilter | null {
  if (filter == null) return null;
  return {
    types: filter.types == null ? null : [...new Set(requireList('filter.types', filter.types).map(requireEventType))],
    taskId: filter.taskId == null ? null : requireId('taskId', filter.taskId),
    ownerDid: filter.ownerDid == null ? null : requireDid('ownerDid', filter.ownerDid),
    assigneeDid: filter.assigneeDid == null ? null : requireDid('assigneeDid', filter.assigneeDid),
    agentDid: filter.agentDid == null ? null : requireDid('agentDid', filter.agentDid),
    statuses: filter.statuses == null ? null : [...new Set(requireList('filter.statuses', filter.statuses).map(requireStatus))],
  };
}

export function parseEventCursor(after: unknown): number {
  return after == null ? 0 : requireSequence('after', after);
}

function requireList(field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new BadUserInputError(`${field} must be a list`);
  return value;
}

function requireBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new BadUserInputError(`${field} must be a boolean`);
  return value;
}
