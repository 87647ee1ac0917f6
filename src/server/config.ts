import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../graphql/limits.js';
import { DEFAULT_DATABASE_TIMEOUTS, DEFAULT_POOL_SIZE, DEFAULT_READ_POOL_SIZE, type DatabaseTimeouts } from '../store/index.js';

/** Server settings, read once from the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Set → real PostgreSQL; null → the embedded database. */
  databaseUrl: string | null;
  /** The embedded database's directory; null → the store's default (`.agentstack/`). */
  dataDir: string | null;
  /** Apply pending migrations at start-up (AGENTSTACK_MIGRATE=false leaves it to `npm run migrate`). */
  migrate: boolean;
  /** Write pool connections (AGENTSTACK_DB_POOL_SIZE); null: the store's default (10, embedded 4). */
  poolSize: number | null;
  /** Read pool connections, a real server only (AGENTSTACK_DB_READ_POOL_SIZE; 0: reads share the write pool). */
  readPoolSize: number;
  /** AGENTSTACK_DB_STATEMENT_TIMEOUT_MS, …_LOCK_TIMEOUT_MS, …_IDLE_IN_TRANSACTION_TIMEOUT_MS, …_ACQUIRE_TIMEOUT_MS. */
  databaseTimeouts: DatabaseTimeouts;
  nodeEnv: string;
  /** How much is logged (LOG_LEVEL): fatal, error, warn, info (default), debug, trace, or silent. */
  logLevel: LogLevel;
  /** Identity (src/server/identity.ts): HS256 secret, JWKS URL, expected issuer and audience. */
  jwtSecret: string | null;
  jwksUrl: string | null;
  jwtIssuer: string | null;
  jwtAudience: string | null;
  /** What one operation may ask (AGENTSTACK_MAX_DEPTH, …_ALIASES, …_ROOT_FIELDS, …_TOKENS, …_DIRECTIVES, …_COST, AGENTSTACK_EXECUTION_TIMEOUT_MS). */
  limits: OperationLimits;
  /** Open subscriptions in this process at most (AGENTSTACK_MAX_SUBSCRIPTIONS). */
  maxSubscriptions: number;
  /** Open subscriptions per WebSocket connection at most (AGENTSTACK_MAX_SUBSCRIPTIONS_PER_CONNECTION). */
  maxSubscriptionsPerConnection: number;
  /** On SIGTERM/SIGINT: /ready answers 503 this long before the server stops accepting (AGENTSTACK_SHUTDOWN_DELAY_MS). */
  shutdownDelayMs: number;
  /** How catching up from a cursor is bounded (replay-limiter.ts); null burst: the feed's default. */
  /** Webhook delivery (src/server/webhooks). */
  webhooks: {
    /** AGENTSTACK_WEBHOOK_ALLOW_PRIVATE=true: loopback, private and link-local endpoints, and http in production (tests, local development). */
    allowPrivate: boolean;
    /** AGENTSTACK_WEBHOOK_DISPATCH=false: this replica stores webhooks but delivers none (another one does). */
    dispatch: boolean;
    /** AGENTSTACK_WEBHOOK_CONCURRENCY: webhooks this replica delivers to at once. */
    concurrency: number;
  };
  /** MCP at /mcp (src/server/mcp). */
  mcp: {
    /** AGENTSTACK_MCP_ALLOWED_ORIGINS: browser origins (besides the server's own) that may call /mcp, e.g. an MCP inspector's. */
    allowedOrigins: string[];
  };
  replay: {
    maxReplaying: number;
    maxReplayingPerConnection: number;
    eventsPerSecond: number;
    burst: number | null;
    stallMs: number;
  };
}

/** LOG_LEVEL's values: pino's levels, most severe first, and `silent` (nothing at all). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export const DEFAULT_PORT = 4001;
export const DEFAULT_HOST = '0.0.0.0';
/** Enough for a gateway multiplexing many clients' subscriptions over one connection; far below what exhausts a process. */
export const DEFAULT_MAX_SUBSCRIPTIONS = 10_000;
export const DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
export const DEFAULT_REPLAY = Object.freeze({ maxReplaying: 16, maxReplayingPerConnection: 4, eventsPerSecond: 5_000, burst: null, stallMs: 2_000 });

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: parsePort(env.PORT),
    host: nonEmpty(env.HOST) ?? DEFAULT_HOST,
    databaseUrl: nonEmpty(env.DATABASE_URL),
    dataDir: nonEmpty(env.AGENTSTACK_DATA_DIR),
    migrate: parseBoolean('AGENTSTACK_MIGRATE', env.AGENTSTACK_MIGRATE, true),
    poolSize: nonEmpty(env.AGENTSTACK_DB_POOL_SIZE) === null ? null : parseCount('AGENTSTACK_DB_POOL_SIZE', env.AGENTSTACK_DB_POOL_SIZE, DEFAULT_POOL_SIZE.postgres),
    readPoolSize: parseWhole('AGENTSTACK_DB_READ_POOL_SIZE', env.AGENTSTACK_DB_READ_POOL_SIZE, DEFAULT_READ_POOL_SIZE),
    databaseTimeouts: {
      statementMs: parseCount('AGENTSTACK_DB_STATEMENT_TIMEOUT_MS', env.AGENTSTACK_DB_STATEMENT_TIMEOUT_MS, DEFAULT_DATABASE_TIMEOUTS.statementMs),
      lockMs: parseCount('AGENTSTACK_DB_LOCK_TIMEOUT_MS', env.AGENTSTACK_DB_LOCK_TIMEOUT_MS, DEFAULT_DATABASE_TIMEOUTS.lockMs),
      idleInTransactionMs: parseCount(
        'AGENTSTACK_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
        env.AGENTSTACK_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        DEFAULT_DATABASE_TIMEOUTS.idleInTransactionMs,
      ),
      acquireMs: parseCount('AGENTSTACK_DB_ACQUIRE_TIMEOUT_MS', env.AGENTSTACK_DB_ACQUIRE_TIMEOUT_MS, DEFAULT_DATABASE_TIMEOUTS.acquireMs),
    },
    nodeEnv: nonEmpty(env.NODE_ENV) ?? 'development',
    logLevel: parseLogLevel(env.LOG_LEVEL),
    jwtSecret: parseSecret(env.AGENTSTACK_JWT_SECRET),
    jwksUrl: parseUrl('AGENTSTACK_JWKS_URL', env.AGENTSTACK_JWKS_URL),
    jwtIssuer: nonEmpty(env.AGENTSTACK_JWT_ISSUER),
    jwtAudience: nonEmpty(env.AGENTSTACK_JWT_AUDIENCE),
    limits: {
      depth: parseCount('AGENTSTACK_MAX_DEPTH', env.AGENTSTACK_MAX_DEPTH, DEFAULT_OPERATION_LIMITS.depth),
      aliases: parseCount('AGENTSTACK_MAX_ALIASES', env.AGENTSTACK_MAX_ALIASES, DEFAULT_OPERATION_LIMITS.aliases),
      rootFields: parseCount('AGENTSTACK_MAX_ROOT_FIELDS', env.AGENTSTACK_MAX_ROOT_FIELDS, DEFAULT_OPERATION_LIMITS.rootFields),
      tokens: parseCount('AGENTSTACK_MAX_TOKENS', env.AGENTSTACK_MAX_TOKENS, DEFAULT_OPERATION_LIMITS.tokens),
      directives: parseCount('AGENTSTACK_MAX_DIRECTIVES', env.AGENTSTACK_MAX_DIRECTIVES, DEFAULT_OPERATION_LIMITS.directives),
      cost: parseCount('AGENTSTACK_MAX_COST', env.AGENTSTACK_MAX_COST, DEFAULT_OPERATION_LIMITS.cost),
      executionMs: parseCount('AGENTSTACK_EXECUTION_TIMEOUT_MS', env.AGENTSTACK_EXECUTION_TIMEOUT_MS, DEFAULT_OPERATION_LIMITS.executionMs),
    },
    maxSubscriptions: parseCount('AGENTSTACK_MAX_SUBSCRIPTIONS', env.AGENTSTACK_MAX_SUBSCRIPTIONS, DEFAULT_MAX_SUBSCRIPTIONS),
    maxSubscriptionsPerConnection: parseCount(
      'AGENTSTACK_MAX_SUBSCRIPTIONS_PER_CONNECTION',
      env.AGENTSTACK_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    ),
    shutdownDelayMs: parseWhole('AGENTSTACK_SHUTDOWN_DELAY_MS', env.AGENTSTACK_SHUTDOWN_DELAY_MS, 0),
    webhooks: {
      allowPrivate: parseBoolean('AGENTSTACK_WEBHOOK_ALLOW_PRIVATE', env.AGENTSTACK_WEBHOOK_ALLOW_PRIVATE, false),
      dispatch: parseBoolean('AGENTSTACK_WEBHOOK_DISPATCH', env.AGENTSTACK_WEBHOOK_DISPATCH, true),
      concurrency: parseCount('AGENTSTACK_WEBHOOK_CONCURRENCY', env.AGENTSTACK_WEBHOOK_CONCURRENCY, 16),
    },
    mcp: {
      allowedOrigins: parseOrigins(env.AGENTSTACK_MCP_ALLOWED_ORIGINS),
    },
    replay: {
      maxReplaying: parseCount('AGENTSTACK_MAX_REPLAYING_SUBSCRIPTIONS', env.AGENTSTACK_MAX_REPLAYING_SUBSCRIPTIONS, DEFAULT_REPLAY.maxReplaying),
      maxReplayingPerConnection: parseCount(
        'AGENTSTACK_MAX_REPLAYING_SUBSCRIPTIONS_PER_CONNECTION',
        env.AGENTSTACK_MAX_REPLAYING_SUBSCRIPTIONS_PER_CONNECTION,
        DEFAULT_REPLAY.maxReplayingPerConnection,
      ),
      eventsPerSecond: parseWhole('AGENTSTACK_REPLAY_EVENTS_PER_SECOND', env.AGENTSTACK_REPLAY_EVENTS_PER_SECOND, DEFAULT_REPLAY.eventsPerSecond),
      burst: nonEmpty(env.AGENTSTACK_REPLAY_BURST) === null ? null : parseCount('AGENTSTACK_REPLAY_BURST', env.AGENTSTACK_REPLAY_BURST, 1),
      stallMs: parseWhole('AGENTSTACK_REPLAY_STALL_MS', env.AGENTSTACK_REPLAY_STALL_MS, DEFAULT_REPLAY.stallMs),
    },
  };
}

export function isProduction(config: Pick<ServerConfig, 'nodeEnv'>): boolean {
  return config.nodeEnv === 'production';
}

function parseLogLevel(value: string | undefined): LogLevel {
  const text = nonEmpty(value)?.toLowerCase() ?? null;
  if (text === null) return DEFAULT_LOG_LEVEL;
  const level = LOG_LEVELS.find((candidate) => candidate === text);
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
  return level;
}

/** PORT=0 asks the OS for a free port (tests); anything not a port number is a startup error. */
function parsePort(value: string | undefined): number {
  const text = nonEmpty(value);
  if (text === null) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new Error(`PORT must be a port number (0-65535), got ${JSON.stringify(value)}`);
  return port;
}

/** HS256 needs a key at least as long as its hash: refuse a guessable one at start-up (never printed). */
function parseSecret(value: string | undefined): string | null {
  const secret = nonEmpty(value);
  if (secret !== null && new TextEncoder().encode(secret).length < 32) {
    throw new Error('AGENTSTACK_JWT_SECRET must be at least 32 bytes long');
  }
  return secret;
}

function parseUrl(name: string, value: string | undefined): string | null {
  const text = nonEmpty(value);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${name} must be an http(s) URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL`);
  return text;
}

/** A positive whole number (a limit); anything else is a startup error. */
function parseCount(name: string, value: string | undefined, fallback: number): number {
  const text = nonEmpty(value);
  if (text === null) return fallback;
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || !Number.isSafeInteger(count)) {
    throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(value)}`);
  }
  return count;
}

/** Zero or a positive whole number (a size that may be turned off); anything else is a startup error. */
function parseWhole(name: string, value: string | undefined, fallback: number): number {
  const text = nonEmpty(value);
  if (text === null) return fallback;
  if (text === '0') return 0;
  return parseCount(name, text, fallback);
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  const text = nonEmpty(value)?.toLowerCase() ?? null;
  if (text === null) return fallback;
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(value)}`);
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}

/** A comma list of origins (`scheme://host[:port]`); anything else is a startup error. */
function parseOrigins(value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return entries.map((entry) => {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry.replace(/\/$/, '')) {
      throw new Error(`AGENTSTACK_MCP_ALLOWED_ORIGINS: ${JSON.stringify(entry)} is not an origin (e.g. https://inspector.example)`);
    }
    return url.origin;
  });
}
