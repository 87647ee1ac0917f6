import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { AgentStackClient } from '../client/index.js';
import type { McpBackend } from './backend.js';

/** The MCP tools' backend over the network: the client's documents, sent to AGENTSTACK_API_URL with its credentials. */
export class ClientBackend implements McpBackend {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly client: AgentStackClient,
    readonly callerDid: string | null,
  ) {}

  async request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    this.inFlight++;
    try {
      return await this.client.request(document, variables);
    } finally {
      if (--this.inFlight === 0) for (const resolve of this.waiting.splice(0)) resolve();
    }
  }

  /** Resolves once no request is in flight: a host that closes stdin right after a call still gets its answer. */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
