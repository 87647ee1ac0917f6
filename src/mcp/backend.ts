import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/**
 * How the MCP tools reach AgentStack: by running the client's typed GraphQL documents
 * (src/client/operations) for one caller. In the server it executes them in-process with the
 * caller's context (src/server/mcp); over stdio it sends them to the server at
 * AGENTSTACK_API_URL with the configured credentials (src/cli/commands/mcp.ts). Either way every
 * call goes through the coordinator and its policy, exactly as the same GraphQL call would.
 *
 * A failure is thrown as an `AgentStackClientError` carrying the GraphQL error code
 * (BAD_USER_INPUT, FORBIDDEN, CONFLICT, …), which the tools turn into error results.
 */
export interface McpBackend {
  request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult>;
  /** The DID the caller acts as, when known: `list_my_tasks` lists this DID's tasks. */
  readonly callerDid: string | null;
}
