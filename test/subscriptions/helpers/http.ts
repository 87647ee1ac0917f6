import type { GraphQLFormattedError } from 'graphql';

export interface HttpResult<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** One GraphQL operation over real HTTP (mutations that subscriptions then observe). */
export async function post<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, ...((await response.json()) as { data?: T; errors?: GraphQLFormattedError[] }) };
}

/** The data of an operation that must succeed. */
export async function mutate<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const result = await post<T>(url, query, variables, headers);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL request failed (${result.status}): ${JSON.stringify(result.errors)}`);
  return result.data;
}
