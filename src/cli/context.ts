import WebSocket from 'ws';
import { createAgentStackClient, type AgentStackClient } from '../client/index.js';
import { ENVIRONMENT, resolveConnection, type GlobalOptions } from './config.js';

/** What the CLI touches of its process: tests call `run()` in-process with their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Calls `handler` on SIGINT / SIGTERM until the returned function is called: long-running
   * commands (`tasks watch`) stop cleanly with it. Without it they run until their stream ends.
   */
  onInterrupt?(handler: () => void): () => void;
  /** The package version, for `--version`. */
  version?: string;
  /** A WebSocket class (default: the `ws` package; Node 20 has no global WebSocket). */
  webSocketImpl?: unknown;
}

/** One invocation's state: its options, its output and, once asked for, its client. */
export class Context {
  private created: AgentStackClient | null = null;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {}

  get json(): boolean {
    return this.options.json === true;
  }

  /**
   * The client, made on first use (a missing URL is a usage error only for commands that connect).
   * Without any identity the server sees an anonymous caller, who may read the agent directory but
   * sees no task, grant or event: said on stderr unless `anonymous` is fine for the command.
   */
  client(anonymous: 'anonymous-ok' | null = null): AgentStackClient {
    if (!this.created) {
      const connection = resolveConnection(this.options, this.io.env);
      if (!connection.token && !connection.apiKey && !connection.actAs && anonymous === null) {
        this.note(`no identity (--as, --token, --api-key or ${ENVIRONMENT.as}, ${ENVIRONMENT.token}, ${ENVIRONMENT.apiKey}): calling anonymously`);
      }
      this.created = createAgentStackClient({ ...connection, webSocketImpl: this.io.webSocketImpl ?? WebSocket });
    }
    return this.created;
  }

  /** Prints the result: `value` as JSON with --json, else the human text. */
  print(value: unknown, human: () => string): void {
    this.io.stdout(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  }

  /** A line for the user on stderr (never on stdout, which --json keeps for data). */
  note(text: string): void {
    this.io.stderr(`agentstack: ${text}\n`);
  }

  async close(): Promise<void> {
    await this.created?.close();
    this.created = null;
  }
}
