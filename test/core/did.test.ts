import { describe, expect, it } from 'vitest';
import { agentDid, isDid, makeDid, parseDid, userDid } from '../../src/core/did.js';

describe('DIDs', () => {
  it('builds user and agent DIDs', () => {
    expect(userDid('42')).toBe('did:coinpay:user:42');
    expect(agentDid('crawler-7')).toBe('did:coinpay:agent:crawler-7');
    expect(makeDid('agent', 'x_y.z')).toBe('did:coinpay:agent:x_y.z');
  });

  it('parses valid DIDs into kind and id', () => {
    expect(parseDid('did:coinpay:user:42')).toEqual({ did: 'did:coinpay:user:42', kind: 'user', id: '42' });
    expect(parseDid('did:coinpay:agent:a-b')).toEqual({ did: 'did:coinpay:agent:a-b', kind: 'agent', id: 'a-b' });
  });

  it.each([
    '',
    'did:coinpay:user:',
    'did:coinpay:user',
    'did:coinpay:robot:1',
    'did:other:user:1',
    'did:coinpay:user:a:b',
    'did:coinpay:user:a b',
    ' did:coinpay:user:1',
    'DID:coinpay:user:1',
    'did:coinpay:agent:1\n',
  ])('parses %j to null', (value) => {
    expect(parseDid(value)).toBeNull();
    expect(isDid(value)).toBe(false);
  });

  it('parses non-strings to null', () => {
    for (const value of [null, undefined, 42, {}, ['did:coinpay:user:1']]) expect(parseDid(value)).toBeNull();
  });

  it('checks the kind when asked', () => {
    expect(isDid('did:coinpay:agent:1', 'agent')).toBe(true);
    expect(isDid('did:coinpay:user:1', 'agent')).toBe(false);
  });

  it('refuses to build a DID that would not parse back', () => {
    expect(() => userDid('')).toThrow(TypeError);
    expect(() => agentDid('a:b')).toThrow(TypeError);
  });
});
