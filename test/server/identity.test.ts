import { describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../src/core/index.js';
import { resolveIdentity } from '../../src/server/identity.js';

describe('resolveIdentity', () => {
  it('reads the DID from HTTP headers, fetch Headers or connectionParams (any key case)', () => {
    expect(resolveIdentity({ 'x-agentstack-did': 'did:coinpay:user:a' })).toEqual({ did: 'did:coinpay:user:a' });
    expect(resolveIdentity(new Headers({ 'X-AgentStack-DID': 'did:coinpay:agent:b' }))).toEqual({ did: 'did:coinpay:agent:b' });
    expect(resolveIdentity({ 'X-Agentstack-Did': ' did:coinpay:user:c ' })).toEqual({ did: 'did:coinpay:user:c' });
  });

  it('treats a missing or empty value as anonymous', () => {
    for (const source of [undefined, null, {}, { 'x-agentstack-did': '' }, { authorization: 'x' }, new Headers()]) {
      expect(resolveIdentity(source)).toEqual({ did: null });
    }
  });

  it('rejects a value that is not one DID as UNAUTHENTICATED', () => {
    for (const value of ['alice', 'did:web:example.com', 'did:coinpay:user:a, did:coinpay:user:b', ['did:coinpay:user:a'], 42]) {
      expect(() => resolveIdentity({ 'x-agentstack-did': value })).toThrow(UnauthenticatedError);
    }
  });
});
