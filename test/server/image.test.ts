/**
 * The image, checked statically (no Docker engine runs where the tests run): what the Dockerfile
 * promises operators — a current LTS, a compiled server with production dependencies only, a
 * non-root user with a writable data directory, a health check that follows PORT, the stop signal
 * main.ts drains on — and a .dockerignore that keeps secrets and data out of the build context.
 * That `node dist/server/main.js` runs from production dependencies alone is proven by
 * test/package (it installs the packed package with --omit=dev and starts it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1)!;
/** The Node flags `npm start` runs the server with: the image runs it with the same ones. */
const startScript = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
const startFlags = startScript.split(/\s+/).filter((word) => word.startsWith('--'));

describe('Dockerfile', () => {
  it('builds in one stage and runs the compiled server on a current Node LTS (22 or 24) in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:(22|24)[-.\w]*/);
    expect(stages[0]).toMatch(/RUN npm run build/);
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=\w+ \/app\/dist \.\/dist/);
    expect(startFlags).toContain('--max-semi-space-size=32');
    expect(startFlags).toContain('--no-allocation-site-pretenuring');
    expect(instructions.at(-1)).toBe(`CMD ${JSON.stringify(['node', ...startFlags, 'dist/server/main.js']).replace(/","/g, '", "')}`);
    expect(runtime).not.toMatch(/tsx/);
  });

  it('runs as a non-root user with a writable data directory for the embedded default', () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/AGENTSTACK_DATA_DIR=\/data/);
    expect(runtime).toMatch(/chown node:node \/data/);
    // The directory is prepared before the switch to the unprivileged user.
    expect(runtime.indexOf('chown node:node /data')).toBeLessThan(runtime.indexOf('USER node'));
  });

  it('has a health check that follows PORT, and the stop signal main.ts drains on', () => {
    const healthcheck = instructions.find((line) => line.startsWith('HEALTHCHECK'));
    expect(healthcheck).toMatch(/process\.env\.PORT/);
    expect(healthcheck).toMatch(/\/health/);
    expect(runtime).toMatch(/^STOPSIGNAL SIGTERM$/m);
  });

  it('.dockerignore keeps dependencies, build output, data and secrets out of the context', () => {
    const ignored = readFileSync(resolve(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', '.agentstack', '.env', '.env.*', '.git', '*.pem', '*.key']) expect(ignored).toContain(entry);
  });
});
