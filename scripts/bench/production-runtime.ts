/**
 * How the benchmark starts a server process (and the peer): as production runs one. The Node
 * flags are read from `npm start` in package.json (the Dockerfile's CMD carries the same ones;
 * test/server/image.test.ts holds them together), and NODE_ENV is production, as in the image:
 * graphql-js, express and the peer's libraries skip their development-mode checks.
 */
import { readFileSync } from 'node:fs';

/** The flags between `node` and the script in package.json's start script, e.g. `--max-semi-space-size=64`. */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((word) => word.startsWith('--'));
}

export const PRODUCTION_ENV = { NODE_ENV: 'production' } as const;
