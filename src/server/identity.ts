import { createHash, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { mayActFor, type ApiKeyStore } from '../core/api-keys.js';
import { isDid } from '../core/did.js';
import { ForbiddenError, ServiceUnavailableError, UnauthenticatedError, type Caller } from '../core/index.js';

/**
 * Who is calling, for every transport (HTTP, graphql-ws), by one set of rules:
 *
 *  1. `Authorization: Bearer <JWT>`: verified with `jose` — HS256 with AGENTSTACK_JWT_SECRET, and/or
 *     RS256, ES256 or EdDSA with the keys of AGENTSTACK_JWKS_URL (fetched, cached and refreshed by
 *     `jose`); `exp` is required, `exp`/`nbf` are enforced with 30 s of clock tolerance, issuer and
 *     audience when configured; `sub` is the caller's CoinPay DID. Any other algorithm (`none`
 *     included) is refused. A token wins over every other credential sent with it.
 *  2. `x-api-key: <key>` plus `x-agentstack-did: <DID>`: a trusted back end acting for a DID its
 *     key may act for; the key's app is recorded on events (`actorApp`).
 *  3. `x-agentstack-did` alone: trusted only in development with no identity configured (no JWT
 *     secret, no JWKS URL, no active app key); ignored otherwise. Production refuses to start in
 *     that state (`assertUsableIn`).
 *  4. Nothing: anonymous (only public reads are answered).
 * A credential that is present but bad is UNAUTHENTICATED, never anonymous.
 */
export const IDENTITY_HEADER = 'x-agentstack-did';
export const API_KEY_HEADER = 'x-api-key';
export const AUTHORIZATION_HEADER = 'authorization';

/** The algorithms each kind of key verifies; nothing else is accepted. */
const SECRET_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Tokens verified once are remembered (verification is ~10% of a small read's CPU): an entry is
 * used only while the token is still unexpired (`exp` plus the tolerance, exactly jose's check), so
 * a token stops working when it would have; and at most VERIFIED_TOKEN_TTL_MS after it was
 * verified, so a key dropped from AGENTSTACK_JWKS_URL stops verifying its tokens about as soon as
 * it did without the cache (jose keeps a fetched key set for minutes). Only successes are kept;
 * at most VERIFIED_TOKENS entries, the oldest going first.
 */
const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKENS = 4_096;

/** Whether any active app key exists is asked again after this long (creating the first key turns header trust off). */
const KEY_PRESENCE_TTL_MS = 1_000;

export interface IdentityConfig {
  jwtSecret: string | null;
  jwksUrl: string | null;
  jwtIssuer: string | null;
  jwtAudience: string | null;
}

/** A caller, and until when its credential holds (a JWT's `exp` plus the tolerance; null: no end). */
export interface Identity extends Caller {
  expiresAt: number | null;
}

/** HTTP headers (Node's IncomingHttpHeaders or a fetch `Headers`) or graphql-ws connectionParams. */
export type CredentialSource = Headers | Readonly<Record<string, unknown>> | null | undefined;

export class IdentityResolver {
  /** The HS256 key, imported once: jose would import raw bytes again on every verification. */
  private readonly secret: KeyObject | null;
  private readonly jwks: JWTVerifyGetKey | null;
  private keyPresence: { checkedAt: number; active: Promise<boolean> } | null = null;
  /** Verified tokens (the whole compact JWT) → the caller and until when the entry may be used. */
  private readonly verified = new Map<string, { did: string; expiresAt: number; usableUntil: number }>();

  constructor(
    private readonly config: IdentityConfig,
    private readonly apiKeys: ApiKeyStore,
    private readonly options: { production: boolean; now?: () => number } = { production: false },
  ) {
    this.secret = config.jwtSecret ? createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) : null;
    this.jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : null;
  }

  /** Tokens can be verified (a secret or a JWKS URL is configured). */
  get verifiesTokens(): boolean {
    return this.secret !== null || this.jwks !== null;
  }

  /**
   * Refuses to serve production with no identity configured (anyone could claim any DID there);
   * in development, answers a warning to log when the bare header is trusted.
   */
  async assertUsableIn(): Promise<string | null> {
    if (this.verifiesTokens || (await this.apiKeys.hasActiveApiKeys())) return null;
    if (this.options.production) {
      throw new Error(
        'NODE_ENV=production with no identity configured: set AGENTSTACK_JWT_SECRET or AGENTSTACK_JWKS_URL, ' +
          'or create an app key (npm run keys -- create --app <app> --may-act-for <DIDs>)',
      );
    }
    return `No identity configured: trusting the ${IDENTITY_HEADER} header as the caller (development only; ` +
      'set AGENTSTACK_JWT_SECRET, AGENTSTACK_JWKS_URL or create an app key)';
  }

  /** The caller of an HTTP request. */
  resolve(source: CredentialSource): Promise<Identity> {
    return this.identify(credentials(source));
  }

  /**
   * The caller of a graphql-ws connection, from the first place that carries a credential:
   * connectionParams (what browsers and graphql-ws clients send), connectionParams.headers (what
   * gateways forward: Hive Gateway, Apollo Router), then the upgrade request's headers.
   */
  resolveConnection(connectionParams: Readonly<Record<string, unknown>> | undefined, upgradeHeaders: CredentialSource): Promise<Identity> {
    const params = connectionParams ?? {};
    const nested = params['headers'];
    for (const source of [params, isRecord(nested) ? nested : null, upgradeHeaders]) {
      const found = credentials(source);
      if (found.authorization !== undefined || found.apiKey !== undefined || found.did !== undefined) return this.identify(found);
    }
    return this.identify({});
  }

  private async identify(found: Credentials): Promise<Identity> {
    if (found.authorization !== undefined) return this.fromToken(found.authorization);
    if (found.apiKey !== undefined) return this.fromApiKey(found.apiKey, found.did);
    if (found.did !== undefined && (await this.trustsHeader())) return { did: requireCallerDid(found.did, IDENTITY_HEADER), app: null, expiresAt: null };
    return { did: null, app: null, expiresAt: null };
  }

  private async fromToken(authorization: unknown): Promise<Identity> {
    const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
    if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
    const token = match[1]!;
    const now = this.options.now?.() ?? Date.now();
    const known = this.verified.get(token);
    if (known) {
      if (now < known.usableUntil) return { did: known.did, app: null, expiresAt: known.expiresAt };
      this.verified.delete(token);
    }
    const identity = await this.verifyToken(token);
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { did: identity.did!, expiresAt: identity.expiresAt!, usableUntil: Math.min(identity.expiresAt!, now + VERIFIED_TOKEN_TTL_MS) });
    return identity;
  }

  private async verifyToken(token: string): Promise<Identity> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthenticatedError('The bearer token is not a JWT');
    }
    const byAlgorithm = alg && SECRET_ALGORITHMS.includes(alg) && this.secret
      ? { key: this.secret, algorithms: SECRET_ALGORITHMS }
      : alg && JWKS_ALGORITHMS.includes(alg) && this.jwks
        ? { key: this.jwks, algorithms: JWKS_ALGORITHMS }
        : null;
    if (!byAlgorithm) throw new UnauthenticatedError(`Tokens signed with ${JSON.stringify(alg ?? null)} are not accepted here`);
    try {
      const verifyOptions = {
        algorithms: byAlgorithm.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
        ...(this.config.jwtIssuer ? { issuer: this.config.jwtIssuer } : {}),
        ...(this.config.jwtAudience ? { audience: this.config.jwtAudience } : {}),
        ...(this.options.now ? { currentDate: new Date(this.options.now()) } : {}),
      };
      const { payload } =
        typeof byAlgorithm.key === 'function'
          ? await jwtVerify(token, byAlgorithm.key, verifyOptions)
          : await jwtVerify(token, byAlgorithm.key, verifyOptions);
      const did = requireCallerDid(payload.sub, 'The token\'s sub');
      return { did, app: null, expiresAt: (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000 };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      // The key server could not be reached, or answered with no key set: not the caller's fault,
      // and not a verdict on the token. The caller may retry (SERVICE_UNAVAILABLE, 503).
      if (isKeyServerOutage(error)) {
        throw new ServiceUnavailableError('The JSON Web Key Set that verifies tokens could not be fetched; retry later', 'none', { cause: error });
      }
      throw new UnauthenticatedError(`The bearer token was refused: ${describeJoseError(error)}`);
    }
  }

  private async fromApiKey(presented: unknown, did: unknown): Promise<Identity> {
    const parsed = typeof presented === 'string' ? parseApiKey(presented.trim()) : null;
    const stored = parsed ? await this.apiKeys.findApiKey(parsed.id) : null;
    // Compare digests in constant time, also when the id is unknown (a digest of nothing).
    const expected = Buffer.from(stored?.keyHash ?? ''.padEnd(64, '0'), 'hex');
    const actual = Buffer.from(hashApiKey(typeof presented === 'string' ? presented.trim() : ''), 'hex');
    const matches = expected.length === actual.length && timingSafeEqual(expected, actual) && stored !== null;
    if (!matches || !stored || stored.revokedAt !== null) throw new UnauthenticatedError(`${API_KEY_HEADER} is not a valid app key`);
    if (did === undefined) throw new UnauthenticatedError(`An app key acts for the DID named in ${IDENTITY_HEADER}; none was sent`);
    const caller = requireCallerDid(did, IDENTITY_HEADER);
    if (!mayActFor(stored, caller)) throw new ForbiddenError(`The ${stored.sourceApp} app key may not act for ${caller}`);
    return { did: caller, app: stored.sourceApp, expiresAt: null };
  }

  /** The bare header is trusted only with no identity configured, outside production. */
  private async trustsHeader(): Promise<boolean> {
    if (this.options.production || this.verifiesTokens) return false;
    const now = Date.now();
    if (!this.keyPresence || now - this.keyPresence.checkedAt > KEY_PRESENCE_TTL_MS) {
      this.keyPresence = { checkedAt: now, active: this.apiKeys.hasActiveApiKeys() };
    }
    return !(await this.keyPresence.active);
  }
}

/** `agsk_<id>_<secret>`: the id finds the stored hash; the whole key is what is hashed. */
export const API_KEY_PATTERN = /^agsk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function parseApiKey(key: string): { id: string } | null {
  const match = API_KEY_PATTERN.exec(key);
  return match ? { id: match[1]! } : null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

interface Credentials {
  authorization?: unknown;
  apiKey?: unknown;
  did?: unknown;
}

function credentials(source: CredentialSource): Credentials {
  if (!source) return {};
  const read = (name: string): unknown => {
    if (typeof Headers !== 'undefined' && source instanceof Headers) return source.get(name) ?? undefined;
    // Node lower-cases header names; connectionParams are whatever the client sent: any case.
    // (A key loop, not Object.entries: that made an array per header on every request.)
    for (const key in source) if (Object.hasOwn(source, key) && key.toLowerCase() === name) return (source as Record<string, unknown>)[key];
    return undefined;
  };
  const present = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : value);
  return {
    authorization: present(read(AUTHORIZATION_HEADER)),
    apiKey: present(read(API_KEY_HEADER)),
    did: present(read(IDENTITY_HEADER)),
  };
}

function requireCallerDid(value: unknown, what: string): string {
  const did = typeof value === 'string' ? value.trim() : value;
  if (!isDid(did)) throw new UnauthenticatedError(`${what} is not a did:coinpay:{user|agent}:<id> DID`);
  return did;
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `its ${error.claim} claim is not acceptable (${error.reason})`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'its algorithm is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the key set matches it';
  return error instanceof Error ? error.message : 'it could not be verified';
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * jose's failures of fetching AGENTSTACK_JWKS_URL: a timeout, a network error (fetch's own
 * TypeError, not a JOSEError), a status other than 200, a body that is not JSON. Every other
 * JOSEError is a verdict on the token.
 */
function isKeyServerOutage(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout) return true;
  if (!(error instanceof Error)) return false;
  if (!(error instanceof joseErrors.JOSEError)) return true;
  return error.constructor === joseErrors.JOSEError && /JSON Web Key Set HTTP response/.test(error.message);
}
