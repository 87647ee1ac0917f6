import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { SignJWT } from 'jose';
import { IDENTITY_HEADER } from '../../../src/server/identity.js';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

const REQUEST_TIMEOUT_MS = 15_000;

/** POSTs one operation over real HTTP; typed when given a generated document. */
export async function execute<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables> | DocumentNode | string,
  variables?: TVariables,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TResult>> {
  const query = typeof document === 'string' ? document : print(document);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables: variables ?? {} }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json()) as { data?: TResult | null; errors?: GraphQLFormattedError[] };
  return { status: response.status, ...body };
}

/** The data of a response that must have succeeded (fails the test with the errors otherwise). */
export async function data<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables> | DocumentNode | string,
  variables?: TVariables,
  headers?: Record<string, string>,
): Promise<TResult> {
  const result = await execute(url, document, variables, headers);
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL request failed (${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/** The `extensions.code` of each error, in order. */
export function errorCodes(result: GraphQLResponse<unknown>): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}

/**
 * The headers of a request made as `did`: the `x-agentstack-did` header, which a server with no
 * identity configured outside production (every test server here) takes as the caller.
 */
export function as(did: string): Record<string, string> {
  return { [IDENTITY_HEADER]: did };
}

/**
 * The headers of a request made as `did` with a JWT, as a client of a production server sends
 * them: `Authorization: Bearer <HS256 token>` signed with the server's AGENTSTACK_JWT_SECRET,
 * `sub` the DID, expiring in an hour.
 */
export async function bearer(did: string, secret: string): Promise<Record<string, string>> {
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(did)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
  return { authorization: `Bearer ${token}` };
}
