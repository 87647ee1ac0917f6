import { isDid } from '../core/did.js';
import { UnauthenticatedError, type Caller } from '../core/index.js';

/**
 * Who is calling, until real authorization lands: the DID in the `x-agentstack-did` header
 * (HTTP) or the same key in graphql-ws `connectionParams`. One function for both transports,
 * so the identity rules cannot drift apart.
 */
export const IDENTITY_HEADER = 'x-agentstack-did';


/** HTTP headers (Node's IncomingHttpHeaders or a fetch `Headers`) or graphql-ws connectionParams. */
export type IdentitySource = Headers | Readonly<Record<string, unknown>> | null | undefined;

/**
 * Absent or empty → anonymous. Present but not a DID (or given twice) → UnauthenticatedError
 * (code UNAUTHENTICATED): a caller who tried to identify and failed must not silently become
 * anonymous.
 */
export function resolveIdentity(source: IdentitySource): Caller {
  const raw = readIdentityValue(source);
  if (raw === undefined || raw === null || raw === '') return { did: null };
  if (typeof raw !== 'string') throw new UnauthenticatedError(`${IDENTITY_HEADER} must be a single DID`);
  const did = raw.trim();
  if (!isDid(did)) {
    throw new UnauthenticatedError(`${IDENTITY_HEADER} is not a did:coinpay:{user|agent}:<id> DID`);
  }
  return { did };
}

function readIdentityValue(source: IdentitySource): unknown {
  if (!source) return undefined;
  if (typeof Headers !== 'undefined' && source instanceof Headers) return source.get(IDENTITY_HEADER);
  // Node lower-cases header names; connectionParams are whatever the client sent, so match any case.
  for (const [key, value] of Object.entries(source)) {
    if (key.toLowerCase() === IDENTITY_HEADER) return value;
  }
  return undefined;
}
