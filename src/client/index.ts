/**
 * `agentstack/client`: a typed, runtime-neutral client for AgentStack (fetch + WebSocket), for
 * Node, Bun, Workers and browsers. See README.md, "Client and CLI".
 */
export { AgentStackClient, createAgentStackClient, type AgentStackClientOptions, type WatchEventsOptions, type WatchTasksOptions } from './client.js';
export { AgentStackClientError } from './errors.js';
export type { EventStream } from './watch.js';
// The generated documents and types, for `request()` and Apollo Client alike.
export * from './generated/graphql.js';
export { possibleTypes, typePolicies } from './generated/apollo.js';
