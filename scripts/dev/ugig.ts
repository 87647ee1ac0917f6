import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { startDevSubgraph, type DevSubgraph } from './subgraph.js';

/** An example uGig subgraph: gigs (marketplace listings) that advertise AgentStack tasks (`Task.gig`). */
export const UGIG_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])

  "A uGig listing."
  type Gig @key(fields: "id") {
    id: ID!
    title: String!
    budget: Float!
    task: Task
  }

  type Task @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    gig(id: ID!): Gig
    gigs: [Gig!]!
  }
`;

export interface GigRecord {
  id: string;
  title: string;
  budget: number;
  taskId: string | null;
}

/** UGIG_SDL's resolvers over `gigs` (also what the supergraph tests' uGig serves). */
export function uGigResolvers(gigs: GigRecord[]): GraphQLResolverMap<unknown> {
  const gig = (id: string) => gigs.find((g) => g.id === id) ?? null;
  return {
    Query: { gig: (_root: unknown, { id }: { id: string }) => gig(id), gigs: () => gigs },
    Gig: {
      __resolveReference: ({ id }: { id: string }) => gig(id),
      task: (record: GigRecord) => (record.taskId ? { id: record.taskId } : null),
    },
  };
}

export function startUGig(gigs: GigRecord[], port: number): Promise<DevSubgraph> {
  return startDevSubgraph('ugig', UGIG_SDL, uGigResolvers(gigs), port);
}
