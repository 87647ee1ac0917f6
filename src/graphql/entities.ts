import { Kind, type DocumentNode, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { BadUserInputError } from '../core/index.js';

/**
 * `_entities` is how a router asks this subgraph for entities by key. Its representations are
 * input like any other: each must name an entity type this subgraph resolves (`@key`, not
 * `resolvable: false`) and carry that key as a string. Anything else is BAD_USER_INPUT, before
 * any lookup, instead of @apollo/subgraph's internal error.
 */
export function guardEntities(schema: GraphQLSchema, typeDefs: DocumentNode): GraphQLSchema {
  const keys = resolvableKeys(typeDefs);
  const field = schema.getQueryType()?.getFields()['_entities'];
  if (!field?.resolve) throw new Error('The subgraph schema has no _entities resolver to guard');
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
  field.resolve = (source, args, context, info) => {
    checkRepresentations(args.representations, keys);
    return resolve(source, args, context, info);
  };
  return schema;
}

function checkRepresentations(representations: unknown, keys: ReadonlyMap<string, string>): void {
  if (!Array.isArray(representations)) throw new BadUserInputError('representations must be a list');
  representations.forEach((representation: unknown, index) => {
    const where = `representations[${index}]`;
    if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
      throw new BadUserInputError(`${where} must be an object with __typename and its key`);
    }
    const { __typename: typename } = representation as Record<string, unknown>;
    const key = typeof typename === 'string' ? keys.get(typename) : undefined;
    if (key === undefined) {
      const known = [...keys.keys()].join(', ');
      throw new BadUserInputError(`${where}: __typename ${JSON.stringify(typename)?.slice(0, 100)} is not an entity this subgraph resolves (${known})`);
    }
    if (typeof (representation as Record<string, unknown>)[key] !== 'string') {
      throw new BadUserInputError(`${where}: a ${typename} is found by its ${key}, a string`);
    }
  });
}

/** Entity type → its key field, from the `@key` directives of the schema (single-field keys). */
function resolvableKeys(typeDefs: DocumentNode): Map<string, string> {
  const keys = new Map<string, string>();
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'key') continue;
      const argument = (name: string) => directive.arguments?.find((arg) => arg.name.value === name)?.value;
      const fields = argument('fields');
      const resolvable = argument('resolvable');
      if (resolvable?.kind === Kind.BOOLEAN && !resolvable.value) continue;
      if (fields?.kind === Kind.STRING && /^\w+$/.test(fields.value.trim())) keys.set(definition.name.value, fields.value.trim());
    }
  }
  return keys;
}
