import { BadUserInputError, type TaskKeyset } from '../core/index.js';

/**
 * Relay cursors are opaque to clients: base64url of the keyset the core pages by, tagged
 * with what they page so a task cursor cannot be replayed against agents. Anything that
 * does not decode to the expected shape is the client's mistake: BAD_USER_INPUT.
 */
export function encodeTaskCursor(task: TaskKeyset): string {
  return encode(['task', task.createdAt, task.id]);
}

export function decodeTaskCursor(cursor: string | null | undefined): TaskKeyset | null {
  if (cursor == null) return null;
  const parts = decode(cursor);
  if (parts.length !== 3 || parts[0] !== 'task') throw invalidCursor(cursor);
  return { createdAt: parts[1]!, id: parts[2]! };
}

export function encodeGrantCursor(grant: { createdAt: string; id: string }): string {
  return encode(['grant', grant.createdAt, grant.id]);
}

export function decodeGrantCursor(cursor: string | null | undefined): TaskKeyset | null {
  if (cursor == null) return null;
  const parts = decode(cursor);
  if (parts.length !== 3 || parts[0] !== 'grant') throw invalidCursor(cursor);
  return { createdAt: parts[1]!, id: parts[2]! };
}

export function encodeAgentCursor(agent: { did: string }): string {
  return encode(['agent', agent.did]);
}

export function decodeAgentCursor(cursor: string | null | undefined): string | null {
  return decodeKey('agent', cursor);
}

export function encodeWebhookCursor(webhook: { id: string }): string {
  return encode(['webhook', webhook.id]);
}

export function decodeWebhookCursor(cursor: string | null | undefined): string | null {
  return decodeKey('webhook', cursor);
}

export function encodeDeliveryCursor(delivery: { id: string }): string {
  return encode(['delivery', delivery.id]);
}

export function decodeDeliveryCursor(cursor: string | null | undefined): number | null {
  const id = decodeKey('delivery', cursor);
  if (id !== null && !/^\d{1,15}$/.test(id)) throw invalidCursor(cursor!);
  return id === null ? null : Number(id);
}

/** A cursor of one key (`[kind, key]`): the key, null without a cursor; another kind's cursor is BAD_USER_INPUT. */
function decodeKey(kind: string, cursor: string | null | undefined): string | null {
  if (cursor == null) return null;
  const parts = decode(cursor);
  if (parts.length !== 2 || parts[0] !== kind) throw invalidCursor(cursor);
  return parts[1]!;
}

/**
 * Event cursors are not opaque: they are the event's sequence as a decimal string, the same
 * number the event log, `Query.agentStackEvents` and `Subscription.agentStackEvents` resume from.
 */
export function encodeEventCursor(sequence: number): string {
  return String(sequence);
}

/** Null/absent means "from the beginning" (sequence 0). */
export function decodeEventCursor(cursor: string | null | undefined): number {
  if (cursor == null) return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw invalidCursor(cursor);
  return Number(cursor);
}

function encode(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

function decode(cursor: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(cursor);
  }
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string' && part !== '')) {
    throw invalidCursor(cursor);
  }
  return parsed as string[];
}

function invalidCursor(cursor: string): BadUserInputError {
  return new BadUserInputError(`Invalid cursor: ${JSON.stringify(cursor.slice(0, 100))}`);
}
