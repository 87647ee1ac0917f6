/**
 * A revocation is one write, and one write makes at most MAX_EVENTS_PER_WRITE events (the
 * PostgreSQL store numbers a write's events within its transaction). A grant with more live
 * descendants than that is refused with CONFLICT, which says what to do, and nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { AgentStack, MAX_EVENTS_PER_WRITE } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { MemoryStore } from '../../src/core/memory-store.js';

describe('revocation size', () => {
  it(`refuses to revoke more than ${MAX_EVENTS_PER_WRITE} grants at once, changing nothing; one fewer revokes them all`, async () => {
    const stack = new AgentStack({ store: new MemoryStore() });
    const owner = userDid('owner');
    const helper = agentDid('helper');
    const subs = agentDid('subs');
    const as = (did: string) => ({ actorDid: did });
    await stack.registerAgent({ did: helper, name: 'Helper', sourceApp: 'build' }, as(helper));
    await stack.registerAgent({ did: subs, name: 'Subs', sourceApp: 'build' }, as(subs));
    const root = await stack.delegate({ ownerDid: owner, agentDid: helper, scopes: ['tasks:*', 'agents:delegate'] }, as(owner));
    const children = [];
    for (let i = 0; i < MAX_EVENTS_PER_WRITE; i++) {
      children.push(await stack.delegate({ ownerDid: owner, agentDid: subs, scopes: ['tasks:read'], parentGrantId: root.id }, as(helper)));
    }
    const before = await stack.lastEventSequence();

    await expect(stack.revokeDelegation(root.id, as(owner))).rejects.toMatchObject({ code: 'CONFLICT', message: /revoke some of the grants delegated from it first/ });
    expect(await stack.lastEventSequence()).toBe(before);
    expect((await stack.getDelegation(root.id, as(owner)))?.revokedAt).toBeNull();

    await stack.revokeDelegation(children[0]!.id, as(owner));
    const revoked = await stack.revokeDelegation(root.id, as(owner));
    expect(revoked.revokedAt).not.toBeNull();
    for (const child of children) expect((await stack.getDelegation(child.id, as(owner)))?.revokedAt).not.toBeNull();
  });
});
