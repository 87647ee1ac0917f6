import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '../core/protocol.js';

/**
 * Codes that fail an HTTP response as a whole even when some fields resolved: a response that
 * carries one of them gets its status (503, 504), so a client, a gateway or a load balancer can
 * tell "retry later" from "a bug" without reading the body. Other field errors keep HTTP 200,
 * as GraphQL-over-HTTP has it. Ordered: the first found wins.
 */
const STATUS_CODES: readonly ErrorCode[] = ['SERVICE_UNAVAILABLE', 'TIMEOUT'];

/** The status and headers a response with these (formatted) errors gets, when one fails it as a whole; else null. */
export function retryableHead(errors: readonly GraphQLFormattedError[] | undefined): { status: number; headers: [string, string][] } | null {
  if (!errors?.length) return null;
  const codes = new Set(errors.map((error) => error.extensions?.code));
  const code = STATUS_CODES.find((candidate) => codes.has(candidate));
  if (!code) return null;
  // RFC 9110: when to try again (seconds); clients that honour it back off by themselves.
  return { status: ERROR_CODES[code].httpStatus, headers: code === 'SERVICE_UNAVAILABLE' ? [['retry-after', '1']] : [] };
}

/** retryableHead for Apollo Server's responses (graphql-direct.ts applies it to its own). */
export function retryableStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const head = retryableHead(response.body.singleResult.errors);
          if (!head) return;
          response.http.status = head.status;
          for (const [name, value] of head.headers) response.http.headers.set(name, value);
        },
      };
    },
  };
}
