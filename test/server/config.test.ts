import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';

describe('loadConfig', () => {
  it('defaults to 0.0.0.0:4001 on the embedded database', () => {
    expect(loadConfig({})).toEqual({
      port: 4001,
      host: '0.0.0.0',
      databaseUrl: null,
      dataDir: null,
      migrate: true,
      nodeEnv: 'development',
      maxSubscriptions: 10_000,
      maxSubscriptionsPerConnection: 100,
    });
  });

  it('reads PORT, HOST, DATABASE_URL, AGENTSTACK_DATA_DIR and NODE_ENV', () => {
    expect(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://x/y',
        AGENTSTACK_DATA_DIR: '/tmp/d',
        AGENTSTACK_MIGRATE: 'false',
        NODE_ENV: 'production',
        AGENTSTACK_MAX_SUBSCRIPTIONS: '500',
        AGENTSTACK_MAX_SUBSCRIPTIONS_PER_CONNECTION: '7',
      }),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: 'postgres://x/y',
      dataDir: '/tmp/d',
      migrate: false,
      nodeEnv: 'production',
      maxSubscriptions: 500,
      maxSubscriptionsPerConnection: 7,
    });
  });

  it('refuses subscription limits that are not positive whole numbers', () => {
    for (const value of ['0', '-3', '2.5', 'many']) {
      expect(() => loadConfig({ AGENTSTACK_MAX_SUBSCRIPTIONS: value })).toThrow(/AGENTSTACK_MAX_SUBSCRIPTIONS /);
      expect(() => loadConfig({ AGENTSTACK_MAX_SUBSCRIPTIONS_PER_CONNECTION: value })).toThrow(/PER_CONNECTION/);
    }
  });

  it('refuses an AGENTSTACK_MIGRATE that is not a boolean', () => {
    expect(() => loadConfig({ AGENTSTACK_MIGRATE: 'maybe' })).toThrow(/AGENTSTACK_MIGRATE/);
    expect(loadConfig({ AGENTSTACK_MIGRATE: '1' }).migrate).toBe(true);
  });

  it('refuses a PORT that is not a port number', () => {
    for (const PORT of ['abc', '-1', '70000', '80.5']) expect(() => loadConfig({ PORT })).toThrow(/PORT/);
  });
});
