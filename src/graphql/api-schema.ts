import { composeServices } from '@apollo/composition';
import { Kind, printSchema } from 'graphql';
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

/**
 * The key each entity is identified by, from schema.graphql's `@key` directives (the first one of
 * a type), plus the events' cursor: what a client cache normalizes by (codegen's typePolicies).
 */
export function cacheKeyFields(): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const definition of loadTypeDefs().definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const key = definition.directives?.find((directive) => directive.name.value === 'key');
    const fields = key?.arguments?.find((argument) => argument.name.value === 'fields')?.value;
    if (fields?.kind === Kind.STRING) keys[definition.name.value] = fields.value.trim().split(/\s+/);
  }
  // Not an entity, but unique: an event is its cursor.
  keys.AgentStackEvent = ['cursor'];
  return keys;
}
