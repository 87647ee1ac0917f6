/** Server settings, read once from the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Set → real PostgreSQL; null → the embedded database. */
  databaseUrl: string | null;
  /** The embedded database's directory; null → the store's default (`.agentstack/`). */
  dataDir: string | null;
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

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
