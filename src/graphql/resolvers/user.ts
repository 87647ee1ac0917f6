import type { UserResolvers } from '../generated/resolvers-types.js';
import { relatedGrantConnection, relatedTaskConnection } from '../connections.js';

/** Users are owned by another subgraph; this one only knows their DID and contributes their work. */
export const User: UserResolvers = {
  __resolveReference: (reference) => ({ did: reference.did }),
  tasks: (user, { filter, ...page }, context) => relatedTaskConnection(context, 'ownerDid', user.did, filter ?? {}, page),
  delegations: (user, { filter, ...page }, context) => relatedGrantConnection(context, 'ownerDid', user.did, filter ?? {}, page),
};
