import { parseDid } from '../../core/did.js';
import type { Task as TaskModel } from '../../core/index.js';
import type { GraphQLContext } from '../context.js';
import { taskFieldsOf } from '../task-fields.js';
import type { TaskResolvers } from '../generated/resolvers-types.js';
import type { AgentModel, UserModel } from '../models.js';

export const Task: TaskResolvers = {
  // N representations in one `_entities` request → one batched read through the loader, of the
  // columns the selection reads (and the policy's). What it answers has every field resolved below.
  __resolveReference: (reference, { loaders }, info) => {
    const fields = taskFieldsOf(info);
    return fields ? (loaders.taskFields.load({ id: reference.id, fields }) as Promise<TaskModel | null>) : loaders.tasks.load(reference.id);
  },
  owner: (task, _args, context) => principal(task.ownerDid, context),
  assignee: (task, _args, { loaders }) => (task.assigneeDid ? loaders.agents.load(task.assigneeDid) : null),
  // References to CoinPay and uGig: the router fetches their fields from those subgraphs by id.
  paymentIntent: (task) => (task.paymentIntentId ? { id: task.paymentIntentId } : null),
  escrow: (task) => (task.escrowId ? { id: task.escrowId } : null),
  reputationEvent: (task) => (task.reputationEventId ? { id: task.reputationEventId } : null),
  gig: (task) => (task.gigId ? { id: task.gigId } : null),
};

/** A user DID is a User reference; an agent DID is the registered Agent (null if unknown). */
export async function principal(did: string, { loaders }: GraphQLContext): Promise<UserModel | AgentModel | null> {
  const parsed = parseDid(did);
  if (!parsed) return null;
  return parsed.kind === 'agent' ? loaders.agents.load(did) : { did };
}
