import { isObjectType, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Task } from '../core/index.js';
import type { TaskResolvers } from './generated/resolvers-types.js';

/**
 * What each field of the `Task` type reads of the stored task: the scalar fields themselves, the
 * references their id. Typed against the generated resolvers, so a field added to the schema
 * fails to compile here until it says what it reads (and a test checks the schema against it).
 */
export const TASK_FIELD_READS: { readonly [Field in Exclude<keyof TaskResolvers, '__resolveReference' | '__isTypeOf'>]-?: readonly (keyof Task)[] } = {
  id: ['id'],
  ownerDid: ['ownerDid'],
  owner: ['ownerDid'],
  assigneeDid: ['assigneeDid'],
  assignee: ['assigneeDid'],
  sourceApp: ['sourceApp'],
  title: ['title'],
  description: ['description'],
  status: ['status'],
  paymentIntentId: ['paymentIntentId'],
  paymentIntent: ['paymentIntentId'],
  escrowId: ['escrowId'],
  escrow: ['escrowId'],
  reputationEventId: ['reputationEventId'],
  reputationEvent: ['reputationEventId'],
  metadata: ['metadata'],
  published: ['published'],
  publishedAt: ['publishedAt'],
  gigId: ['gigId'],
  gig: ['gigId'],
  version: ['version'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
};

const READS: ReadonlyMap<string, readonly (keyof Task)[]> = new Map(Object.entries(TASK_FIELD_READS));

type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'schema'>;

/**
 * By field node (part of the parsed document, which Apollo caches per query text): the fields its
 * Tasks read. Only single-node fields are remembered: which nodes merge may depend on variables.
 */
const memo = new WeakMap<FieldNode, readonly (keyof Task)[] | null>();

/**
 * The task fields that the selection under `info` (e.g. `_entities { ... on Task { id title } }`)
 * reads, sorted; null when it cannot tell (an unknown field): then whole tasks are read.
 * Fragments on other types are skipped; any other fragment counts (reading more is always safe).
 */
export function taskFieldsOf(info: SelectionInfo): readonly (keyof Task)[] | null {
  const single = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : null;
  const known = single ? memo.get(single) : undefined;
  if (known !== undefined) return known;
  const fields = new Set<keyof Task>();
  let complete = true;
  const visit = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        const reads = READS.get(selection.name.value);
        if (reads) reads.forEach((field) => fields.add(field));
        else complete = false;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (appliesToTask(selection.typeCondition?.name.value, info)) visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = info.fragments[selection.name.value];
        seen.add(selection.name.value);
        if (!fragment) complete = false;
        else if (appliesToTask(fragment.typeCondition.name.value, info)) visit(fragment.selectionSet, seen);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, new Set());
  const answer = complete ? [...fields].sort() : null;
  if (single) memo.set(single, answer);
  return answer;
}

/** A fragment on another object type (`... on Agent`) selects nothing of a Task; untyped or abstract ones may. */
function appliesToTask(typeCondition: string | undefined, info: SelectionInfo): boolean {
  if (typeCondition === undefined || typeCondition === 'Task') return true;
  return !isObjectType(info.schema.getType(typeCondition));
}
