import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildAgentStackSchema } from '../../src/graphql/schema.js';
import { taskFieldsOf } from '../../src/graphql/task-fields.js';

const schema = buildAgentStackSchema();

/** What a resolver under `_entities` sees of the operation: its field node and the fragments. */
function infoOf(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments, schema };
}

describe('taskFieldsOf: the task fields an _entities selection reads', () => {
  it('maps fields and references to what they read, skipping __typename and other entities', () => {
    const info = infoOf(`{ _entities(representations: []) {
      __typename ... on Task { id title assignee { did name } gig { id } } ... on Agent { did name description } } }`);
    expect(taskFieldsOf(info)).toEqual(['assigneeDid', 'gigId', 'id', 'title']);
  });

  it('follows named fragments and untyped inline fragments', () => {
    const info = infoOf(`{ _entities(representations: []) { ...T ... { ... on Task { metadata } } } }
      fragment T on Task { status owner { __typename } }`);
    expect(taskFieldsOf(info)).toEqual(['metadata', 'ownerDid', 'status']);
  });

  it('cannot tell for a field it does not know: then whole tasks are read', () => {
    expect(taskFieldsOf(infoOf(`{ _entities(representations: []) { ... on Task { id notAField } } }`))).toBeNull();
  });
});
