import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';

/** 32 bytes: the shortest HS256 secret accepted. */
const SECRET = 'x'.repeat(32);

describe('loadConfig', () => {
  it('defaults to 0.0.0.0:4001 on the embedded database', () => {
    expect(loadConfig({})).toEqual({
      port: 4001,
      host: '0.0.0.0',
      databaseUrl: null,
      dataDir: null,
      migrate: true,
      poolSize: null,
      readPoolSize: 5,
      databaseTimeouts: { statementMs: 5_000, lockMs: 2_000, idleInTransactionMs: 10_000, acquireMs: 3_000 },
      nodeEnv: 'development',
      logLevel: 'info',
      jwtSecret: null,
      jwksUrl: null,
      jwtIssuer: null,
      jwtAudience: null,
      limits: { depth: 12, aliases: 30, rootFields: 30, tokens: 5_000, directives: 30, cost: 50_000, executionMs: 10_000 },
      maxSubscriptions: 10_000,
      maxSubscriptionsPerConnection: 100,
      shutdownDelayMs: 0,
      replay: { maxReplaying: 16, maxReplayingPerConnection: 4, eventsPerSecond: 5_000, burst: null, stallMs: 2_000 },
      webhooks: { allowPrivate: false, dispatch: true, concurrency: 16 },
      mcp: { allowedOrigins: [] },
    });
  });

  it('reads AGENTSTACK_MCP_ALLOWED_ORIGINS as origins, and refuses anything else', () => {
    expect(loadConfig({ AGENTSTACK_MCP_ALLOWED_ORIGINS: ' https://inspector.example , http://localhost:6274 ' }).mcp).toEqual({
      allowedOrigins: ['https://inspector.example', 'http://localhost:6274'],
    });
    for (const value of ['inspector.example', 'https://inspector.example/path', 'ftp://x.example', '*']) {
      expect(() => loadConfig({ AGENTSTACK_MCP_ALLOWED_ORIGINS: value }), value).toThrow('AGENTSTACK_MCP_ALLOWED_ORIGINS');
    }
  });

  it('reads PORT, HOST, DATABASE_URL, AGENTSTACK_DATA_DIR, NODE_ENV and the identity settings', () => {
    expect(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://x/y',
        AGENTSTACK_DATA_DIR: '/tmp/d',
        AGENTSTACK_MIGRATE: 'false',
        AGENTSTACK_DB_POOL_SIZE: '20',
        AGENTSTACK_DB_READ_POOL_SIZE: '0',
        AGENTSTACK_DB_STATEMENT_TIMEOUT_MS: '3000',
        AGENTSTACK_DB_LOCK_TIMEOUT_MS: '700',
        AGENTSTACK_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '9000',
        AGENTSTACK_DB_ACQUIRE_TIMEOUT_MS: '1500',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        AGENTSTACK_JWT_SECRET: SECRET,
        AGENTSTACK_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
        AGENTSTACK_JWT_ISSUER: 'https://auth.example/',
        AGENTSTACK_JWT_AUDIENCE: 'agentstack',
        AGENTSTACK_MAX_SUBSCRIPTIONS: '500',
        AGENTSTACK_MAX_SUBSCRIPTIONS_PER_CONNECTION: '7',
        AGENTSTACK_MAX_DEPTH: '8',
        AGENTSTACK_MAX_ALIASES: '5',
        AGENTSTACK_MAX_ROOT_FIELDS: '6',
        AGENTSTACK_MAX_TOKENS: '700',
        AGENTSTACK_MAX_DIRECTIVES: '4',
        AGENTSTACK_MAX_COST: '900',
        AGENTSTACK_EXECUTION_TIMEOUT_MS: '2500',
        AGENTSTACK_MAX_REPLAYING_SUBSCRIPTIONS: '8',
        AGENTSTACK_MAX_REPLAYING_SUBSCRIPTIONS_PER_CONNECTION: '2',
        AGENTSTACK_REPLAY_EVENTS_PER_SECOND: '0',
        AGENTSTACK_REPLAY_BURST: '400',
        AGENTSTACK_REPLAY_STALL_MS: '500',
        AGENTSTACK_SHUTDOWN_DELAY_MS: '5000',
        AGENTSTACK_WEBHOOK_ALLOW_PRIVATE: 'true',
        AGENTSTACK_WEBHOOK_DISPATCH: 'false',
        AGENTSTACK_WEBHOOK_CONCURRENCY: '3',
      }),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: 'postgres://x/y',
      dataDir: '/tmp/d',
      migrate: false,
      poolSize: 20,
      readPoolSize: 0,
      databaseTimeouts: { statementMs: 3_000, lockMs: 700, idleInTransactionMs: 9_000, acquireMs: 1_500 },
      nodeEnv: 'production',
      logLevel: 'warn',
      jwtSecret: SECRET,
      jwksUrl: 'https://auth.example/.well-known/jwks.json',
      jwtIssuer: 'https://auth.example/',
      jwtAudience: 'agentstack',
      limits: { depth: 8, aliases: 5, rootFields: 6, tokens: 700, directives: 4, cost: 900, executionMs: 2_500 },
      maxSubscriptions: 500,
      maxSubscriptionsPerConnection: 7,
      shutdownDelayMs: 5_000,
      replay: { maxReplaying: 8, maxReplayingPerConnection: 2, eventsPerSecond: 0, burst: 400, stallMs: 500 },
      webhooks: { allowPrivate: true, dispatch: false, concurrency: 3 },
      mcp: { allowedOrigins: [] },
    });
  });

  it('refuses limits that are not positive whole numbers', () => {
    for (const value of ['0', '-3', '2.5', 'many']) {
      for (const name of ['DEPTH', 'ALIASES', 'ROOT_FIELDS', 'TOKENS', 'DIRECTIVES', 'COST']) {
        expect(() => loadConfig({ [`AGENTSTACK_MAX_${name}`]: value })).toThrow(`AGENTSTACK_MAX_${name}`);
      }
      expect(() => loadConfig({ AGENTSTACK_EXECUTION_TIMEOUT_MS: value })).toThrow('AGENTSTACK_EXECUTION_TIMEOUT_MS');
      for (const name of ['POOL_SIZE', 'STATEMENT_TIMEOUT_MS', 'LOCK_TIMEOUT_MS', 'IDLE_IN_TRANSACTION_TIMEOUT_MS', 'ACQUIRE_TIMEOUT_MS']) {
        expect(() => loadConfig({ [`AGENTSTACK_DB_${name}`]: value })).toThrow(`AGENTSTACK_DB_${name}`);
      }
      if (value !== '0') expect(() => loadConfig({ AGENTSTACK_DB_READ_POOL_SIZE: value })).toThrow('AGENTSTACK_DB_READ_POOL_SIZE');
      expect(() => loadConfig({ AGENTSTACK_MAX_SUBSCRIPTIONS: value })).toThrow(/AGENTSTACK_MAX_SUBSCRIPTIONS /);
      expect(() => loadConfig({ AGENTSTACK_MAX_SUBSCRIPTIONS_PER_CONNECTION: value })).toThrow(/PER_CONNECTION/);
    }
  });

  it('refuses an AGENTSTACK_MIGRATE that is not a boolean', () => {
    expect(() => loadConfig({ AGENTSTACK_MIGRATE: 'maybe' })).toThrow(/AGENTSTACK_MIGRATE/);
    expect(loadConfig({ AGENTSTACK_MIGRATE: '1' }).migrate).toBe(true);
  });

  it('refuses an AGENTSTACK_JWT_SECRET shorter than 32 bytes, without printing it', () => {
    for (const secret of ['short', 'x'.repeat(31), 'é'.repeat(15)]) {
      expect(() => loadConfig({ AGENTSTACK_JWT_SECRET: secret })).toThrow(/AGENTSTACK_JWT_SECRET must be at least 32 bytes/);
      expect(() => loadConfig({ AGENTSTACK_JWT_SECRET: secret })).not.toThrow(secret);
    }
    // Bytes, not characters: 16 two-byte characters are 32 bytes.
    expect(loadConfig({ AGENTSTACK_JWT_SECRET: 'é'.repeat(16) }).jwtSecret).toBe('é'.repeat(16));
    // Empty is unset, like every other setting.
    expect(loadConfig({ AGENTSTACK_JWT_SECRET: ' ' }).jwtSecret).toBeNull();
  });

  it('refuses an AGENTSTACK_JWKS_URL that is not an http(s) URL', () => {
    for (const url of ['not a url', '/jwks.json', 'ftp://auth.example/jwks.json', 'file:///etc/jwks.json']) {
      expect(() => loadConfig({ AGENTSTACK_JWKS_URL: url })).toThrow(/AGENTSTACK_JWKS_URL must be an http\(s\) URL/);
    }
    expect(loadConfig({ AGENTSTACK_JWKS_URL: 'http://127.0.0.1:8080/jwks' }).jwksUrl).toBe('http://127.0.0.1:8080/jwks');
  });

  it('reads LOG_LEVEL (any case; silent logs nothing) and refuses a level pino does not have', () => {
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
    expect(loadConfig({ LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
    expect(loadConfig({ LOG_LEVEL: ' ' }).logLevel).toBe('info');
    for (const LOG_LEVEL of ['verbose', 'warning', '30']) {
      expect(() => loadConfig({ LOG_LEVEL })).toThrow('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    }
  });

  it('refuses a PORT that is not a port number', () => {
    for (const PORT of ['abc', '-1', '70000', '80.5']) expect(() => loadConfig({ PORT })).toThrow(/PORT/);
  });
});
