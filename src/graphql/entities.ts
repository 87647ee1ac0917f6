import { Kind, type DocumentNode, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { BadUserInputError } from '../core/index.js';
import { callOptions, type GraphQLContext } from './context.js';
import { taskFieldsOf } from './task-fields.js';

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
    return tasksAtOnce(args.representations as Representation[], context as GraphQLContext, info) ?? resolve(source, args, context, info);
  };
  return schema;
}

type Representation = { __typename: string } & Record<string, unknown>;

/**
 * Representations that are all Tasks, asked for fields the selection names (taskFieldsOf): a
 * router resolving N task references. They are read at once, as @apollo/subgraph's resolver would
 * through each one's `__resolveReference` and the loader (the same store read, the same policy on
 * every task: AgentStack.getTaskFields), but the list is answered whole, without a promise and an
 * `await` per entity (@apollo/subgraph's per-entity `__typename` step) before graphql-js completes
 * it: for 1,000 Tasks that was about half of the request's CPU. What each entry answers is what it
 * did: the task's fields, null when it is unknown or not the caller's to see, or, when the read
 * fails, that error at every entry's path. Anything else (other types, a selection it cannot tell)
 * goes to @apollo/subgraph's resolver. Returns null then.
 */
function tasksAtOnce(representations: Representation[], context: GraphQLContext, info: GraphQLResolveInfo): Promise<unknown[]> | null {
  if (representations.length === 0 || !representations.every((representation) => representation.__typename === 'Task')) return null;
  const fields = taskFieldsOf(info);
  if (!fields) return null;
  const ids = representations.map((representation) => representation.id as string);
  return context.agentStack.getTaskFields(ids, fields, callOptions(context)).then(
    // The _Entity union's type is told by `__typename` (as @apollo/subgraph marks what it resolves).
    (tasks) => tasks.map((task) => task && Object.assign(task, { __typename: 'Task' })),
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      return ids.map(() => failure);
    },
  );
}

function checkRepresentations(representations: unknown, keys: ReadonlyMap<string, string>): void {
  if (!Array.isArray(representations)) throw new BadUserInputError('representations must be a list');
  // A plain loop, its messages made only on failure: a router sends a thousand at a time.
  for (let index = 0; index < representations.length; index++) {
    const representation: unknown = representations[index];
    if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
      throw new BadUserInputError(`representations[${index}] must be an object with __typename and its key`);
    }
    const { __typename: typename } = representation as Record<string, unknown>;
    const key = typeof typename === 'string' ? keys.get(typename) : undefined;
    if (key === undefined) {
      const known = [...keys.keys()].join(', ');
      throw new BadUserInputError(`representations[${index}]: __typename ${JSON.stringify(typename)?.slice(0, 100)} is not an entity this subgraph resolves (${known})`);
    }
    if (typeof (representation as Record<string, unknown>)[key] !== 'string') {
      throw new BadUserInputError(`representations[${index}]: a ${typename} is found by its ${key}, a string`);
    }
  }
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
