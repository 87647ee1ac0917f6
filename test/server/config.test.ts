import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';

describe('loadConfig', () => {
  it('defaults to 0.0.0.0:4001 on the embedded database', () => {
    expect(loadConfig({})).toEqual({ port: 4001, host: '0.0.0.0', databaseUrl: null, dataDir: null, nodeEnv: 'development' });
  });

  it('reads PORT, HOST, DATABASE_URL, AGENTSTACK_DATA_DIR and NODE_ENV', () => {
    expect(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: 'postgres://x/y', AGENTSTACK_DATA_DIR: '/tmp/d', NODE_ENV: 'production' }),
    ).toEqual({ port: 0, host: '127.0.0.1', databaseUrl: 'postgres://x/y', dataDir: '/tmp/d', nodeEnv: 'production' });
  });

  it('refuses a PORT that is not a port number', () => {
    for (const PORT of ['abc', '-1', '70000', '80.5']) expect(() => loadConfig({ PORT })).toThrow(/PORT/);
  });
});
