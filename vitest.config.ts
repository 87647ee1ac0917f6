import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * `npm run test:pg` (AGENTSTACK_TEST_TARGETS=postgres) runs the database suites only: the files
 * that open their databases through test/helpers (databases.ts or targets.ts), each suite on the
 * postgres target. The rest needs no server and has already run in `npm test`.
 */
const onlyPostgres = process.env.AGENTSTACK_TEST_TARGETS?.trim() === 'postgres';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const DATABASE_SUITE = /from '(?:\.\.\/)+helpers\/(?:databases|targets)\.js'/;
const databaseSuites = () => testFiles('test').filter((file) => DATABASE_SUITE.test(readFileSync(file, 'utf8')));

export default defineConfig({
  resolve: {
    // Vite would load graphql's .mjs build while the CommonJS @apollo/* packages require the
    // .js build: two "realms" of graphql, and schema checks fail. Force the single CJS copy.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: onlyPostgres ? databaseSuites() : ['test/**/*.test.ts'],
    // Names the run; drops the run's PostgreSQL schemas at its end (see the file for why).
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
