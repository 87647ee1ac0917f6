import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from '../../core/index.js';
import { IDENTITY_HEADER, resolveIdentity } from '../identity.js';

/**
 * The caller of a graphql-ws connection, by the same rule as HTTP (`resolveIdentity`), read from
 * the first place that carries the identity key:
 *  1. `connectionParams['x-agentstack-did']`: what a browser or graphql-ws client sends;
 *  2. `connectionParams.headers['x-agentstack-did']`: what gateways that forward "headers" in
 *     connectionParams send (Hive Gateway's ws transport, Apollo Router's header propagation);
 *  3. the HTTP upgrade request's `x-agentstack-did` header: server-to-server clients.
 * Nothing anywhere → anonymous. Present but not a DID → UnauthenticatedError, as on HTTP.
 */
export function connectionIdentity(
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  upgradeHeaders: IncomingHttpHeaders | undefined,
): Caller {
  const params = connectionParams ?? {};
  if (hasIdentityKey(params)) return resolveIdentity(params);
  const nested = params['headers'];
  if (isRecord(nested) && hasIdentityKey(nested)) return resolveIdentity(nested);
  return resolveIdentity(upgradeHeaders as Readonly<Record<string, unknown>> | undefined);
}

function hasIdentityKey(record: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(record).some((key) => key.toLowerCase() === IDENTITY_HEADER);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
