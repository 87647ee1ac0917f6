'use strict';
/**
 * A graphql-codegen plugin: Apollo Client `typePolicies` for AgentStack's types, so a client's
 * InMemoryCache normalizes each entity by the key the subgraph declares with @key (Agent and User
 * by `did`, not by an `id` they do not have) and each event by its cursor. The keys come from
 * codegen.ts (`config.keyFields`, read from schema.graphql's @key directives), so they cannot
 * drift from the schema. Typed against the StrictTypedTypePolicies that
 * typescript-apollo-client-helpers emits into the same file.
 */
module.exports = {
  plugin(schema, _documents, config) {
    const keyFields = config.keyFields || {};
    const lines = ['', '/** InMemoryCache typePolicies: how each type is identified (generated from the schema\'s @key). */'];
    lines.push('export const typePolicies = {');
    for (const [typeName, fields] of Object.entries(keyFields)) {
      if (!schema.getType(typeName)) continue; // not in the API schema clients see
      lines.push(`  ${typeName}: { keyFields: ${JSON.stringify(fields)} },`);
    }
    lines.push('} satisfies StrictTypedTypePolicies;', '');
    // fragment-matcher, earlier in the same file, declares `result`.
    lines.push('/** InMemoryCache possibleTypes: the members of each union and interface (Principal). */');
    lines.push('export const possibleTypes = result.possibleTypes;', '');
    return lines.join('\n');
  },
};
