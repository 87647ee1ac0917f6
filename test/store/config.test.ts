import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSchemaName, databaseUrlFromEnv, DEFAULT_EMBEDDED_SHARED_BUFFERS, embeddedSharedBuffers, resolveDataDir } from '../../src/store/config.js';

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

  it('sizes the embedded buffer pool from AGENTSTACK_EMBEDDED_SHARED_BUFFERS, else 32MB; refuses anything but a size', () => {
    expect(DEFAULT_EMBEDDED_SHARED_BUFFERS).toBe('32MB');
    expect(embeddedSharedBuffers({})).toBe('32MB');
    expect(embeddedSharedBuffers({ AGENTSTACK_EMBEDDED_SHARED_BUFFERS: ' ' })).toBe('32MB');
    for (const good of ['128MB', '512kB', '1GB', '4096']) expect(embeddedSharedBuffers({ AGENTSTACK_EMBEDDED_SHARED_BUFFERS: ` ${good} ` })).toBe(good);
    // One `-c` argument of PostgreSQL's start: nothing that could carry another setting along.
    for (const bad of ['32 MB', '32mb', '0', '-1', '32MB -c fsync=off', '32MB,fsync=off', 'lots']) {
      expect(() => embeddedSharedBuffers({ AGENTSTACK_EMBEDDED_SHARED_BUFFERS: bad })).toThrow(/AGENTSTACK_EMBEDDED_SHARED_BUFFERS/);
    }
  });

  it('accepts only plain schema names (they are written into SQL as identifiers)', () => {
    expect(checkSchemaName('test_1')).toBe('test_1');
    for (const bad of ['', 'Upper', 'a"b', 'a;drop', '1abc', 'x'.repeat(64)]) expect(() => checkSchemaName(bad)).toThrow();
  });
});
