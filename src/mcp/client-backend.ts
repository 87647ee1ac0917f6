import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { AgentStackClient } from '../client/index.js';
import type { McpBackend } from './backend.js';

/** The MCP tools' backend over the network: the client's documents, sent to AGENTSTACK_API_URL with its credentials. */
export class ClientBackend implements McpBackend {
  constructor(
    private readonly client: AgentStackClient,
    readonly callerDid: string | null,
  ) {}

  request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    return this.client.request(document, variables);
  }
}
