import type { UserResolvers } from '../generated/resolvers-types.js';
import { relatedTaskConnection } from '../connections.js';

/** Users are owned by another subgraph; this one only knows their DID and contributes their work. */
export const User: UserResolvers = {
  __resolveReference: (reference) => ({ did: reference.did }),
  tasks: (user, { filter, first, after }, context) =>
    relatedTaskConnection(context, 'ownerDid', user.did, filter ?? {}, first, after),
  delegations: (user, { filter }, { loaders }) =>
    loaders.relatedDelegations.load({ by: 'ownerDid', key: user.did, filter: filter ?? {} }),
};
