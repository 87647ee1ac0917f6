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
