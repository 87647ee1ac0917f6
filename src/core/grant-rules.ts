import type { DelegationGrant } from './types.js';

/**
 * Delegation rules. A scope is a name like `tasks:create`. A grant's scope allows:
 *  - itself;
 *  - everything, when it is `*`;
 *  - every scope of a namespace, when it is `ns:*` (`tasks:*` allows `tasks:create`).
 * A grant is active at instant `at` when createdAt <= at, it was not revoked by then
 * (at < revokedAt) and at < expiresAt (no expiry: forever). Asked about "now", that is
 * simply "not revoked and not expired"; asked about the past, it answers as history was.
 */
const WILDCARD_SCOPE = '*';

export function scopeAllows(granted: string, requested: string): boolean {
  if (granted === WILDCARD_SCOPE || granted === requested) return true;
  if (granted.endsWith(':*')) {
    const prefix = granted.slice(0, -1); // keeps the trailing ':'
    return requested.startsWith(prefix) && requested.length > prefix.length;
  }
  return false;
}

export function grantAllows(grant: Pick<DelegationGrant, 'scopes'>, scope: string): boolean {
  return grant.scopes.some((granted) => scopeAllows(granted, scope));
}

export function isGrantActive(
  grant: Pick<DelegationGrant, 'createdAt' | 'revokedAt' | 'expiresAt'>,
  at: Date,
): boolean {
  const t = at.getTime();
  if (t < Date.parse(grant.createdAt)) return false;
  if (grant.revokedAt !== null && t >= Date.parse(grant.revokedAt)) return false;
  return grant.expiresAt === null || t < Date.parse(grant.expiresAt);
}

/**
 * The most grants one chain may hold (a root grant and its sub-delegations): a grant deeper than
 * this is not honoured, so no lookup walks further.
 */
export const MAX_DELEGATION_DEPTH = 8;

/**
 * A grant is honoured at `at` while it and every grant above it (its parent, the parent's parent,
 * …) are active: revoking or outliving any grant of a chain disables everything below it at once.
 * `lookup` reads a grant by id; a missing parent, or a chain deeper than `maxDepth`, is not honoured.
 */
export async function isGrantHonoured(
  grant: DelegationGrant,
  at: Date,
  lookup: (id: string) => Promise<DelegationGrant | null>,
  maxDepth: number = MAX_DELEGATION_DEPTH,
): Promise<boolean> {
  let current: DelegationGrant | null = grant;
  for (let depth = 1; current !== null; depth++) {
    if (depth > maxDepth || !isGrantActive(current, at)) return false;
    if (current.parentGrantId === null) return true;
    current = await lookup(current.parentGrantId);
  }
  return false;
}
