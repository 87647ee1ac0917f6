import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

let version: string | null = null;

/**
 * The package's version (MCP's serverInfo): package.json is two levels up from this file in
 * src/server, in dist/server and in `npm start`'s bundle (scripts/start.mjs keeps that depth).
 */
export function packageVersion(): string {
  if (version === null) {
    try {
      version = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
