import { isDid } from './did.js';
import { BadUserInputError } from './errors.js';
import { requireText } from './validation.js';

/**
 * App keys: how a trusted back end (uGig, CoinPay, …) authenticates, then names the DID it acts
 * for (`x-api-key` + `x-agentstack-did`). A key is bound to its app (`sourceApp`, recorded on
 * events as `actorApp`) and to the DIDs it may act for. Only the key's SHA-256 hash is stored;
 * the key itself is shown once, when it is created.
 */
export interface ApiKey {
  /** The key's public part: it names the key in lists and in the key itself. */
  id: string;
  sourceApp: string;
  /** Exact DIDs, or the prefixes `did:coinpay:user:` (every user) and `did:coinpay:agent:` (every agent). */
  mayActFor: string[];
  createdAt: string;
  revokedAt: string | null;
}

export interface StoredApiKey extends ApiKey {
  /** SHA-256 of the whole key, hex. */
  keyHash: string;
}

/** Where app keys live (src/store's table, or memory). */
export interface ApiKeyStore {
  insertApiKey(key: StoredApiKey): Promise<void>;
  findApiKey(id: string): Promise<StoredApiKey | null>;
  /** Every key, revoked ones included, oldest first. */
  listApiKeys(): Promise<ApiKey[]>;
  /** Revokes the key if it is not revoked yet; answers it as stored, or null when unknown or already revoked. */
  revokeApiKey(id: string, at: string): Promise<ApiKey | null>;
  /** Whether any key is not revoked: while one is, a bare `x-agentstack-did` header is never trusted. */
  hasActiveApiKeys(): Promise<boolean>;
}

const PREFIXES = ['did:coinpay:user:', 'did:coinpay:agent:'];

/** Checks a may-act-for list: each entry a whole DID, or one of the prefixes `did:coinpay:user:`, `did:coinpay:agent:`. */
export function parseMayActFor(entries: readonly string[]): string[] {
  if (entries.length === 0) throw new BadUserInputError('An app key must name the DIDs it may act for (--may-act-for)');
  return [
    ...new Set(
      entries.map((entry, i) => {
        const text: string = requireText(`mayActFor[${i}]`, entry, 256).trim();
        if (PREFIXES.includes(text) || isDid(text)) return text;
        throw new BadUserInputError(`mayActFor[${i}]: ${JSON.stringify(text)} is neither a DID nor did:coinpay:user: or did:coinpay:agent:`);
      }),
    ),
  ];
}

/** May a key act for `did`: a DID it names, or one of a kind (user, agent) whose prefix it names. */
export function mayActFor(key: Pick<ApiKey, 'mayActFor'>, did: string): boolean {
  return key.mayActFor.some((entry) => entry === did || (PREFIXES.includes(entry) && did.startsWith(entry)));
}

/** App keys in memory: for tests and the in-memory store. */
export class MemoryApiKeys implements ApiKeyStore {
  private readonly keys = new Map<string, StoredApiKey>();

  async insertApiKey(key: StoredApiKey): Promise<void> {
    if (this.keys.has(key.id)) throw new Error(`Duplicate app key id ${key.id}`);
    this.keys.set(key.id, { ...key, mayActFor: [...key.mayActFor] });
  }

  async findApiKey(id: string): Promise<StoredApiKey | null> {
    const key = this.keys.get(id);
    return key ? { ...key, mayActFor: [...key.mayActFor] } : null;
  }

  async listApiKeys(): Promise<ApiKey[]> {
    return [...this.keys.values()].map(({ keyHash: _hash, ...key }) => ({ ...key, mayActFor: [...key.mayActFor] }));
  }

  async revokeApiKey(id: string, at: string): Promise<ApiKey | null> {
    const key = this.keys.get(id);
    if (!key || key.revokedAt !== null) return null;
    key.revokedAt = at;
    const { keyHash: _hash, ...revoked } = key;
    return { ...revoked, mayActFor: [...revoked.mayActFor] };
  }

  async hasActiveApiKeys(): Promise<boolean> {
    return [...this.keys.values()].some((key) => key.revokedAt === null);
  }
}
