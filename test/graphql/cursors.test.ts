import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../src/core/index.js';
import {
  decodeAgentCursor,
  decodeEventCursor,
  decodeTaskCursor,
  encodeAgentCursor,
  encodeEventCursor,
  encodeTaskCursor,
} from '../../src/graphql/cursors.js';

describe('cursors', () => {
  it('round-trip task and agent keysets through opaque strings', () => {
    const keyset = { createdAt: '2026-01-01T00:00:00.000Z', id: 'task_1' };
    const cursor = encodeTaskCursor(keyset);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTaskCursor(cursor)).toEqual(keyset);
    expect(decodeAgentCursor(encodeAgentCursor({ did: 'did:coinpay:agent:a' }))).toBe('did:coinpay:agent:a');
    expect(decodeTaskCursor(null)).toBeNull();
    expect(decodeAgentCursor(undefined)).toBeNull();
  });

  it('reject malformed and foreign cursors as BAD_USER_INPUT', () => {
    const agentCursor = encodeAgentCursor({ did: 'did:coinpay:agent:a' });
    for (const bad of ['', 'x', '%%%', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["task",""," "]').toString('base64url'), agentCursor]) {
      expect(() => decodeTaskCursor(bad)).toThrow(BadUserInputError);
    }
    expect(() => decodeAgentCursor(encodeTaskCursor({ createdAt: 'a', id: 'b' }))).toThrow(BadUserInputError);
  });

  it('event cursors are the decimal sequence', () => {
    expect(encodeEventCursor(42)).toBe('42');
    expect(decodeEventCursor('42')).toBe(42);
    expect(decodeEventCursor(null)).toBe(0);
    for (const bad of ['-1', '1.5', 'abc', '1e3', '9999999999999999']) {
      expect(() => decodeEventCursor(bad)).toThrow(BadUserInputError);
    }
  });
});
