/**
 * Portable identities. Every person and agent, whichever app owns it, is named by
 * `did:coinpay:{user|agent}:{id}`, where `id` is non-empty and contains no `:`.
 * Anything else is not a DID here: `parseDid` answers null rather than guessing.
 */
export type DidKind = 'user' | 'agent';

export interface ParsedDid {
  readonly did: string;
  readonly kind: DidKind;
  readonly id: string;
}

const DID_PATTERN = /^did:coinpay:(user|agent):([^:\s]+)$/;

export function parseDid(value: unknown): ParsedDid | null {
  if (typeof value !== 'string') return null;
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
