/** Server settings, read once from the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Set → real PostgreSQL; null → the embedded database. */
  databaseUrl: string | null;
  /** The embedded database's directory; null → the store's default (`.agentstack/`). */
  dataDir: string | null;
  /** Apply pending migrations at start-up (AGENTSTACK_MIGRATE=false leaves it to `npm run migrate`). */
  migrate: boolean;
  nodeEnv: string;
}

export const DEFAULT_PORT = 4001;
export const DEFAULT_HOST = '0.0.0.0';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: parsePort(env.PORT),
    host: nonEmpty(env.HOST) ?? DEFAULT_HOST,
    databaseUrl: nonEmpty(env.DATABASE_URL),
    dataDir: nonEmpty(env.AGENTSTACK_DATA_DIR),
    migrate: parseBoolean('AGENTSTACK_MIGRATE', env.AGENTSTACK_MIGRATE, true),
    nodeEnv: nonEmpty(env.NODE_ENV) ?? 'development',
  };
}

export function isProduction(config: Pick<ServerConfig, 'nodeEnv'>): boolean {
  return config.nodeEnv === 'production';
}

/** PORT=0 asks the OS for a free port (tests); anything not a port number is a startup error. */
function parsePort(value: string | undefined): number {
  const text = nonEmpty(value);
  if (text === null) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new Error(`PORT must be a port number (0-65535), got ${JSON.stringify(value)}`);
  return port;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  const text = nonEmpty(value)?.toLowerCase() ?? null;
  if (text === null) return fallback;
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(value)}`);
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
