import type { AgentStack, CallOptions } from '../core/index.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Per-request state: AgentStack, who is asking, and this request's DataLoaders. */
export interface GraphQLContext {
  agentStack: AgentStack;
  actorDid: string | null;
  loaders: Loaders;
}

export function createContext(agentStack: AgentStack, identity: { actorDid: string | null }): GraphQLContext {
  // Loaders are per request on purpose: their cache must never serve one caller's reads to another.
  return { agentStack, actorDid: identity.actorDid, loaders: createLoaders(agentStack) };
}

/** AgentStack's call options for this caller (the identity travels with every write). */
export function callOptions(context: GraphQLContext, extra: Omit<CallOptions, 'actorDid'> = {}): CallOptions {
  return { ...extra, actorDid: context.actorDid };
}
