import { composeServices } from '@apollo/composition';
import { printSchema } from 'graphql';
import { loadTypeDefs } from './type-defs.js';

/**
 * The schema clients see: this subgraph composed on its own and reduced to its API schema
 * (no `_entities`, `_service`, federation directives or join types). Client documents are
 * typed against this, not against the raw subgraph SDL (STACK.md).
 */
export function buildApiSchemaSdl(): string {
  const result = composeServices([{ name: 'agentstack', typeDefs: loadTypeDefs(), url: 'http://agentstack.invalid/graphql' }]);
  if (result.errors) {
    throw new Error(`The subgraph does not compose on its own:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return printSchema(result.schema.toAPISchema().toGraphQLJSSchema());
}
