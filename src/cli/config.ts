import { usageError } from './errors.js';

/** Where the CLI connects and as whom: flags win over the environment. */
export interface Connection {
  url: string;
  token: string | null;
  apiKey: string | null;
  actAs: string | null;
}

/** The global options every command accepts (program.ts declares them). */
export interface GlobalOptions {
  url?: string;
  token?: string;
  apiKey?: string;
  as?: string;
  json?: boolean;
}

export const ENVIRONMENT = {
  url: 'AGENTSTACK_API_URL',
  apiKey: 'AGENTSTACK_API_KEY',
  token: 'AGENTSTACK_TOKEN',
  as: 'AGENTSTACK_AS',
} as const;

/**
 * The connection of one invocation. Credentials, as the server reads them (README, Authorization):
 *  - a JWT (`--token` / AGENTSTACK_TOKEN): `Authorization: Bearer`; it says who is calling;
 *  - an app key (`--api-key` / AGENTSTACK_API_KEY): `x-api-key`, acting for `--as` / AGENTSTACK_AS;
 *  - neither: `--as` alone sends `x-agentstack-did`, which only a development server trusts.
 */
export function resolveConnection(options: GlobalOptions, env: Readonly<Record<string, string | undefined>>): Connection {
  const pick = (flag: string | undefined, name: string) => nonEmpty(flag) ?? nonEmpty(env[name]);
  const url = pick(options.url, ENVIRONMENT.url);
  if (!url) throw usageError(`no API URL: set ${ENVIRONMENT.url} (e.g. http://127.0.0.1:4001/graphql) or pass --url`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`the API URL ${JSON.stringify(url)} is not a URL (e.g. http://127.0.0.1:4001/graphql)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`the API URL must be http(s)://…, not ${JSON.stringify(url)}`);
  }
  const token = pick(options.token, ENVIRONMENT.token);
  const apiKey = pick(options.apiKey, ENVIRONMENT.apiKey);
  const actAs = pick(options.as, ENVIRONMENT.as);
  if (apiKey && !token && !actAs) {
    throw usageError(`an app key acts for a DID: pass --as <did> or set ${ENVIRONMENT.as}`);
  }
  return { url, token, apiKey, actAs };
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
