import { describe, expect, it } from 'vitest';
import { isGrantActive, scopeAllows } from '../../src/core/grant-rules.js';

describe('scopes', () => {
  it.each([
    ['*', 'tasks:create', true],
    ['tasks:create', 'tasks:create', true],
    ['tasks:create', 'tasks:update', false],
    ['tasks:*', 'tasks:create', true],
    ['tasks:*', 'tasks:', false],
    ['tasks:*', 'agents:register', false],
    ['tasks:*', 'tasksx:create', false],
    ['tasks', 'tasks:create', false],
  ])('%s allows %s: %s', (granted, requested, expected) => {
    expect(scopeAllows(granted, requested)).toBe(expected);
  });
});

describe('grant activity', () => {
  const grant = { createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T01:00:00.000Z', revokedAt: null };
  it('is active from creation until just before expiry', () => {
    expect(isGrantActive(grant, new Date('2025-12-31T23:59:59.999Z'))).toBe(false);
    expect(isGrantActive(grant, new Date('2026-01-01T00:00:00.000Z'))).toBe(true);
    expect(isGrantActive(grant, new Date('2026-01-01T00:59:59.999Z'))).toBe(true);
    expect(isGrantActive(grant, new Date('2026-01-01T01:00:00.000Z'))).toBe(false);
  });
  it('stops at revocation and never expires without expiresAt', () => {
    const revoked = { ...grant, expiresAt: null, revokedAt: '2026-01-01T00:30:00.000Z' };
    expect(isGrantActive(revoked, new Date('2026-01-01T00:29:59.999Z'))).toBe(true);
    expect(isGrantActive(revoked, new Date('2026-01-01T00:30:00.000Z'))).toBe(false);
    expect(isGrantActive({ ...grant, expiresAt: null }, new Date('2099-01-01T00:00:00.000Z'))).toBe(true);
  });
});
