/**
 * Portable identities. Every person and agent, whichever app owns it, is named by
 * `did:coinpay:{user|agent}:{id}`, where `id` is non-empty and holds no `:`, no white space, no
 * control character and no unpaired surrogate, and the whole DID is at most 256 characters.
 * Anything else is not a DID here: `parseDid` answers null rather than guessing.
 */
export const MAX_DID_LENGTH = 256;
export type DidKind = 'user' | 'agent';

export interface ParsedDid {
  readonly did: string;
  readonly kind: DidKind;
  readonly id: string;
}

const DID_PATTERN = /^did:coinpay:(user|agent):([^:\s\u0000-\u001f\u007f]+)$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function parseDid(value: unknown): ParsedDid | null {
  if (typeof value !== 'string' || value.length > MAX_DID_LENGTH || LONE_SURROGATE.test(value)) return null;
  const match = DID_PATTERN.exec(value);
  if (!match) return null;
  return { did: value, kind: match[1] as DidKind, id: match[2] as string };
}

export function isDid(value: unknown, kind?: DidKind): value is string {
  const parsed = parseDid(value);
  return parsed !== null && (kind === undefined || parsed.kind === kind);
}

/** Builds a DID; throws a TypeError on an id that would not parse back (a programming error, not user input). */
export function makeDid(kind: DidKind, id: string): string {
  const did = `did:coinpay:${kind}:${id}`;
  if (!parseDid(did)) throw new TypeError(`Cannot build a DID from id ${JSON.stringify(id)}`);
  return did;
}

export const userDid = (id: string): string => makeDid('user', id);
export const agentDid = (id: string): string => makeDid('agent', id);
