import type { ApolloServerPlugin } from '@apollo/server';
import { ERROR_CODES, type ErrorCode } from '../core/protocol.js';

/**
 * Codes that fail an HTTP response as a whole even when some fields resolved: a response that
 * carries one of them gets its status (503, 504), so a client, a gateway or a load balancer can
 * tell "retry later" from "a bug" without reading the body. Other field errors keep HTTP 200,
 * as GraphQL-over-HTTP has it. Ordered: the first found wins.
 */
const STATUS_CODES: readonly ErrorCode[] = ['SERVICE_UNAVAILABLE', 'TIMEOUT'];

export function retryableStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const codes = new Set(response.body.singleResult.errors?.map((error) => error.extensions?.code));
          const code = STATUS_CODES.find((candidate) => codes.has(candidate));
          if (code) {
            response.http.status = ERROR_CODES[code].httpStatus;
            // RFC 9110: when to try again (seconds); clients that honour it back off by themselves.
            if (code === 'SERVICE_UNAVAILABLE') response.http.headers.set('retry-after', '1');
          }
        },
      };
    },
  };
}
