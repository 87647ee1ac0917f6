import { describe, expect, it } from 'vitest';
import { TASK_STATUSES, type TaskStatus } from '../../src/core/index.js';
import { isGrantActive, scopeAllows } from '../../src/core/grant-rules.js';
import { containsNul, mergePatch, stableStringify } from '../../src/core/json.js';
import { TRANSITIONS, canTransition, isTerminal, requiresAssignee } from '../../src/core/lifecycle.js';

const LEGAL: Record<TaskStatus, TaskStatus[]> = {
  pending: ['queued', 'cancelled'],
  queued: ['running', 'cancelled'],
  running: ['blocked', 'complete', 'failed', 'cancelled'],
  blocked: ['running', 'queued', 'failed', 'cancelled'],
  complete: [],
  failed: [],
  cancelled: [],
};

describe('the lifecycle table', () => {
  it('is exactly the documented table', () => {
    expect(TRANSITIONS).toEqual(LEGAL);
    expect(Object.isFrozen(TRANSITIONS)).toBe(true);
  });

  for (const from of TASK_STATUSES) {
    for (const to of TASK_STATUSES) {
      const legal = LEGAL[from].includes(to) || (from === to && LEGAL[from].length > 0);
      it(`${from} -> ${to} is ${legal ? 'allowed' : 'forbidden'}`, () => {
        expect(canTransition(from, to)).toBe(legal);
      });
    }
  }

  it('complete, failed and cancelled are terminal; queued and running need an assignee', () => {
    expect(TASK_STATUSES.filter(isTerminal)).toEqual(['complete', 'failed', 'cancelled']);
    expect(TASK_STATUSES.filter(requiresAssignee)).toEqual(['queued', 'running']);
  });
});

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

describe('JSON helpers', () => {
  it('merge-patches per RFC 7386', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergePatch({ a: 1 }, { b: { c: null } })).toEqual({ a: 1, b: {} });
  });
  it('finds NUL characters in nested values and keys, not in escaped text', () => {
    expect(containsNul({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
    expect(containsNul({ a: '\\u0000', b: [1, null, true] })).toBe(false);
  });

  it('prints equal data identically whatever the key order', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":2,"y":1}]},"b":1}');
    expect(stableStringify({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
