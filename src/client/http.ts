import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { AgentStackClientError } from './errors.js';

/** One GraphQL request over HTTP with fetch (Node, Bun, Workers, browsers alike). */
export class HttpTransport {
  /** Printed once per document: the generated documents are constants. */
  private readonly printed = new WeakMap<DocumentNode, string>();

  constructor(
    private readonly url: string,
    private readonly headers: () => Record<string, string>,
    private readonly fetchImpl: typeof fetch,
    private readonly timeoutMs: number,
  ) {}

  async request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...this.headers() },
        body: JSON.stringify({ query: this.source(document), variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new AgentStackClientError(`Could not reach ${this.url}: ${(error as Error).message}`, 'NETWORK_ERROR', null, [], { cause: error });
    }
    let body: { data?: TResult | null; errors?: GraphQLFormattedError[] };
    try {
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new AgentStackClientError(`${this.url} answered HTTP ${response.status} without a GraphQL response`, 'BAD_RESPONSE', response.status, [], {
        cause: error,
      });
    }
    if (body.errors?.length) throw AgentStackClientError.fromErrors(body.errors, response.status);
    if (body.data == null) throw new AgentStackClientError(`${this.url} answered HTTP ${response.status} with no data`, 'BAD_RESPONSE', response.status);
    return body.data;
  }

  private source(document: DocumentNode): string {
    let text = this.printed.get(document);
    if (text === undefined) {
      text = print(document);
      this.printed.set(document, text);
    }
    return text;
  }
}
