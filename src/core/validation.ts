import { isDid, MAX_DID_LENGTH, type DidKind } from './did.js';
import { BadUserInputError } from './errors.js';
import { containsUnstorableText, isJsonObject, isUnstorableText, jsonDepth, MAX_JSON_DEPTH } from './json.js';
import { EVENT_TYPES, type EventType } from './protocol.js';
import { TASK_STATUSES, type JsonObject, type TaskStatus } from './types.js';

/**
 * Input checks shared by every entry point. Each throws BAD_USER_INPUT naming the field,
 * before anything is read or written.
 */
export const LIMITS = Object.freeze({
  shortText: 200,
  /** Ids (tasks, grants, cursors' parts). Links to other apps' entities are short texts (200). */
  id: 128,
  longText: 10_000,
  url: 2_048,
  metadataBytes: 64 * 1024,
  scopes: 64,
  protocols: 32,
  /** Items per page when `first` is not given, and the most one page holds. */
  defaultPageSize: 50,
  maxPageSize: 500,
});

export function requireDid(field: string, value: unknown, kind?: DidKind): string {
  if (!isDid(value, kind)) {
    const shape = kind ? `did:coinpay:${kind}:<id>` : 'did:coinpay:{user|agent}:<id>';
    if (typeof value === 'string' && value.length > MAX_DID_LENGTH) {
      throw new BadUserInputError(`Invalid ${field}: a DID is at most ${MAX_DID_LENGTH} characters (got ${value.length})`);
    }
    throw new BadUserInputError(`Invalid ${field}: ${quoted(value)} is not a ${shape} DID`);
  }
  return value;
}

/** A value as it goes into a message: JSON, and never more than 100 characters of it. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

export function requireText(field: string, value: unknown, max: number = LIMITS.shortText): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadUserInputError(`${field} must be a non-empty string`);
  }
  if (value.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters`);
  // PostgreSQL text and jsonb cannot hold NUL or an unpaired surrogate: refuse them here, so
  // every store behaves alike.
  if (isUnstorableText(value)) throw new BadUserInputError(`${field} must not contain NUL characters or unpaired surrogates`);
  return value;
}

/** `undefined` stays undefined (keep), `null` stays null (clear), a string is checked. */
export function optionalText(field: string, value: unknown, max: number = LIMITS.shortText): string | null | undefined {
  if (value === undefined || value === null) return value;
  return requireText(field, value, max);
}

export function optionalUrl(field: string, value: unknown): string | null | undefined {
  const text = optionalText(field, value, LIMITS.url);
  if (text == null) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUserInputError(`${field} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadUserInputError(`${field} must be an absolute http(s) URL`);
  }
  return text;
}

const utf8 = new TextEncoder();

export function optionalMetadata(field: string, value: unknown): JsonObject | null | undefined {
  if (value === undefined || value === null) return value;
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw new BadUserInputError(`${field} must not nest deeper than ${MAX_JSON_DEPTH} levels`);
  if (!isJsonObject(value)) throw new BadUserInputError(`${field} must be a JSON object`);
  if (containsUnstorableText(value)) throw new BadUserInputError(`${field} must not contain NUL characters or unpaired surrogates`);
  // Bytes as stored (UTF-8), not UTF-16 code units: a title in Chinese weighs what it costs.
  if (utf8.encode(JSON.stringify(value)).length > LIMITS.metadataBytes) {
    throw new BadUserInputError(`${field} must be at most ${LIMITS.metadataBytes} bytes of JSON`);
  }
  return value;
}

export function optionalScore(field: string, value: unknown): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new BadUserInputError(`${field} must be a finite number`);
  }
  return value;
}

export function optionalStringList(field: string, value: unknown, max: number): string[] | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Array.isArray(value)) throw new BadUserInputError(`${field} must be a list of strings`);
  if (value.length > max) throw new BadUserInputError(`${field} must have at most ${max} entries`);
  const list = value.map((item, i) => requireText(`${field}[${i}]`, item));
  return [...new Set(list)];
}

const SCOPE_PATTERN = /^(\*|[a-z][a-z0-9_-]*(:[a-z0-9_-]+)*(:\*)?)$/i;

export function requireScopes(value: unknown): string[] {
  const scopes = optionalStringList('scopes', value, LIMITS.scopes);
  if (!scopes || scopes.length === 0) throw new BadUserInputError('scopes must list at least one scope');
  for (const scope of scopes) {
    if (!SCOPE_PATTERN.test(scope)) {
      throw new BadUserInputError(`Invalid scope: ${JSON.stringify(scope)} (expected e.g. tasks:create, tasks:* or *)`);
    }
  }
  return scopes;
}

export function requireScope(value: unknown): string {
  const [scope] = requireScopes([value]);
  return scope as string;
}

export function requireStatus(value: unknown): TaskStatus {
  if (typeof value !== 'string' || !TASK_STATUSES.includes(value as TaskStatus)) {
    throw new BadUserInputError(`Invalid task status: ${JSON.stringify(value)}`);
  }
  return value as TaskStatus;
}

/** Accepts a Date or an ISO-8601 string; answers the normalized ISO string. */
export function requireInstant(field: string, value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new BadUserInputError(`${field} must be an ISO-8601 date-time`);
  return date.toISOString();
}

export function optionalVersion(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new BadUserInputError('expectedVersion must be a positive integer');
  }
  return value;
}

export function requireId(field: string, value: unknown): string {
  return requireText(field, value, LIMITS.id);
}

export function requireEventType(value: unknown): EventType {
  if (typeof value !== 'string' || !EVENT_TYPES.includes(value as EventType)) {
    throw new BadUserInputError(`Invalid event type: ${JSON.stringify(value)}`);
  }
  return value as EventType;
}

/** An event cursor: the sequence of the last event seen (0: from the beginning). */
export function requireSequence(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new BadUserInputError(`${field} must be a non-negative integer`);
  }
  return value;
}
