import type { CreateTaskInput, RegisterAgentInput, TaskPatch } from '../../core/index.js';
import { callOptions } from '../context.js';
import type { MutationResolvers } from '../generated/resolvers-types.js';
import { rememberAgent, rememberDelegation, rememberTask } from '../loaders.js';

/**
 * Thin on purpose: every rule (validation, lifecycle, versions, claims) is AgentStack's.
 * Resolvers translate arguments, pass the caller's identity, and keep the request's loaders
 * in step with what was written.
 *
 * The input casts are deliberate: the JSON scalar types `metadata` as any JSON value, and the
 * core, not the resolver, checks that it is an object (BAD_USER_INPUT otherwise).
 */
export const Mutation: MutationResolvers = {
  registerAgent: async (_root, { input }, context) =>
    rememberAgent(context.loaders, await context.agentStack.registerAgent(input as RegisterAgentInput, callOptions(context))),

  createTask: async (_root, { input }, context) =>
    rememberTask(context.loaders, await context.agentStack.createTask(input as CreateTaskInput, callOptions(context))),

  assignTask: async (_root, { taskId, agentDid, expectedVersion }, context) =>
    rememberTask(
      context.loaders,
      await context.agentStack.assignTask(taskId, agentDid, callOptions(context, { expectedVersion })),
    ),

  updateTaskStatus: async (_root, { taskId, status, patch, expectedVersion }, context) =>
    rememberTask(
      context.loaders,
      await context.agentStack.updateTaskStatus(
        taskId,
        status,
        (patch ?? {}) as TaskPatch,
        callOptions(context, { expectedVersion }),
      ),
    ),

  publishTask: async (_root, { taskId, gigId }, context) =>
    rememberTask(context.loaders, await context.agentStack.publishTask(taskId, gigId, callOptions(context))),

  claimTask: async (_root, { taskId, agentDid }, context) =>
    rememberTask(context.loaders, await context.agentStack.claimTask(taskId, agentDid, callOptions(context))),

  delegate: async (_root, { input }, context) =>
    rememberDelegation(
      context.loaders,
      await context.agentStack.delegate(input, callOptions(context)),
    ),

  revokeDelegation: async (_root, { id }, context) =>
    rememberDelegation(context.loaders, await context.agentStack.revokeDelegation(id, callOptions(context))),
};
