import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSchemaName, databaseUrlFromEnv, resolveDataDir } from '../../src/store/config.js';

describe('store configuration', () => {
  it('reads DATABASE_URL, treating an empty value as unset', () => {
    expect(databaseUrlFromEnv({ DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toBe('postgres://x@127.0.0.1/db');
    expect(databaseUrlFromEnv({ DATABASE_URL: '  ' })).toBeNull();
    expect(databaseUrlFromEnv({})).toBeNull();
  });

  it('chooses the data directory: option, else AGENTSTACK_DATA_DIR, else .agentstack/; memory stays memory', () => {
    expect(resolveDataDir('/var/lib/agentstack', { AGENTSTACK_DATA_DIR: '/elsewhere' })).toBe('/var/lib/agentstack');
    expect(resolveDataDir(undefined, { AGENTSTACK_DATA_DIR: 'data' })).toBe(resolve('data'));
    expect(resolveDataDir(undefined, {})).toBe(resolve('.agentstack'));
    expect(resolveDataDir('memory://', {})).toBe('memory://');
  });

  it('accepts only plain schema names (they are written into SQL as identifiers)', () => {
    expect(checkSchemaName('test_1')).toBe('test_1');
    for (const bad of ['', 'Upper', 'a"b', 'a;drop', '1abc', 'x'.repeat(64)]) expect(() => checkSchemaName(bad)).toThrow();
  });
});
