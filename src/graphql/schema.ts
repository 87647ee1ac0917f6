import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { GraphQLSchema } from 'graphql';
import { enforceBudget } from './budget.js';
import { guardEntities } from './entities.js';
import { resolvers } from './resolvers/index.js';
import { loadTypeDefs } from './type-defs.js';

export type { GraphQLResolverMap };

/**
 * The executable subgraph schema: schema.graphql + resolvers, plus `_service` and `_entities`.
 * `extraResolvers` are merged per type over the resolvers of src/graphql/resolvers (tests use
 * it to hold a request open); their types must be in schema.graphql. Every resolver stops once the
 * operation's signal is aborted (budget.ts).
 */
export function buildAgentStackSchema(extraResolvers: GraphQLResolverMap<unknown> = {}): GraphQLSchema {
  // Codegen's Resolvers type is stricter than buildSubgraphSchema's map, hence the cast (STACK.md).
  const base = resolvers as unknown as GraphQLResolverMap<unknown>;
  const merged: GraphQLResolverMap<unknown> = { ...base };
  for (const [typeName, fields] of Object.entries(extraResolvers)) {
    const existing = merged[typeName];
    merged[typeName] = (existing && typeof existing === 'object' ? { ...existing, ...fields } : fields) as GraphQLResolverMap<unknown>[string];
  }
  const typeDefs = loadTypeDefs();
  return enforceBudget(guardEntities(buildSubgraphSchema({ typeDefs, resolvers: merged }), typeDefs));
}
