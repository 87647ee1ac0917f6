import type { DelegationGrantResolvers } from '../generated/resolvers-types.js';
import { principal } from './task.js';

export const DelegationGrant: DelegationGrantResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.delegations.load(reference.id),
  owner: (grant, _args, context) => principal(grant.ownerDid, context),
  agent: (grant, _args, { loaders }) => loaders.agents.load(grant.agentDid),
  active: (grant, _args, { agentStack }) => agentStack.isDelegationActive(grant),
  // Grants stored before sub-delegation existed were all made by their owner.
  grantorDid: (grant) => grant.grantorDid ?? grant.ownerDid,
};
