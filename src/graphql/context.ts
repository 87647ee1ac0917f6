import type { AgentStack, CallOptions, Caller } from '../core/index.js';
import type { StopSignal } from './budget.js';
import type { LiveEvents } from './live-events.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Per-operation state: AgentStack, who is asking, this operation's DataLoaders and, over graphql-ws, the live events. */
export interface GraphQLContext {
  agentStack: AgentStack;
  caller: Caller;
  loaders: Loaders;
  /** Set by the graphql-ws transport; absent over HTTP, where subscriptions are not served. */
  liveEvents?: LiveEvents;
  /** Aborted when the operation's execution budget runs out or its client goes away (budget.ts). */
  signal?: StopSignal;
}

export function createContext(agentStack: AgentStack, caller: Caller, liveEvents?: LiveEvents, signal?: StopSignal): GraphQLContext {
  // Loaders are per operation on purpose: their cache must never serve one caller's reads to another.
  return {
    agentStack,
    caller,
    loaders: createLoaders(agentStack, caller),
    ...(liveEvents ? { liveEvents } : {}),
    ...(signal ? { signal } : {}),
  };
}

/** AgentStack's call options for this caller (the identity travels with every read and write). */
export function callOptions(context: Pick<GraphQLContext, 'caller'>, extra: Omit<CallOptions, 'actorDid'> = {}): CallOptions {
  return { ...extra, actorDid: context.caller.did, actorApp: context.caller.app ?? null };
}
