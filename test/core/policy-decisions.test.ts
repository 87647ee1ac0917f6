import { describe, expect, it } from 'vitest';
import { DELEGATION_POLICY, type PolicyContext, type Resource } from '../../src/core/policy.js';
import { newTask } from '../../src/core/task.js';

const OWNER = 'did:coinpay:user:pd-owner';
const AGENT = 'did:coinpay:agent:pd-agent';
const task = newTask({ id: 'task_pd', ownerDid: OWNER, sourceApp: 'test', title: 't', status: 'pending', createdAt: '2026-12-01T00:00:00.000Z' });
const resource: Resource = { kind: 'task', current: task };
const lookups: string[] = [];
const context: PolicyContext = {
  now: new Date('2026-12-01T00:00:00.000Z'),
  grantsBetween: async (ownerDid, agentDid) => (lookups.push(`${ownerDid} ${agentDid}`), []),
  grant: async () => null,
  agent: async () => null,
};

// Reads judge every item: a decision that needs no lookup is answered at once (no promise per task).
describe('DELEGATION_POLICY answers at once unless a rule looks something up', () => {
  it('the owner: a decision, not a promise, and no lookup', () => {
    expect(DELEGATION_POLICY.authorize({ did: OWNER }, 'task.read', resource, context)).toEqual({ allow: true });
    expect(lookups).toEqual([]);
  });

  it('an agent without a grant: the grant lookup is awaited, then the same refusal as before', async () => {
    const decision = DELEGATION_POLICY.authorize({ did: AGENT }, 'task.read', resource, context);
    expect(decision).toBeInstanceOf(Promise);
    expect(await decision).toMatchObject({ allow: false, reason: expect.stringContaining("the task's owner") });
    expect(lookups).toEqual([`${OWNER} ${AGENT}`]);
  });

  it('a stranger user: refused at once (no rule of a user needs a grant lookup)', () => {
    expect(DELEGATION_POLICY.authorize({ did: 'did:coinpay:user:pd-x' }, 'task.read', resource, context)).toMatchObject({ allow: false });
  });
});
