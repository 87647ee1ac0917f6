import type { PrincipalResolvers } from '../generated/resolvers-types.js';

export const Principal: PrincipalResolvers = {
  // Agents carry a profile (sourceApp); a user reference is only its DID.
  __resolveType: (principal) => ('sourceApp' in principal ? 'Agent' : 'User'),
};
