import { Command, CommanderError } from 'commander';
import { AgentStackClientError } from '../client/index.js';
import { agentsCommand } from './commands/agents.js';
import { delegateCommand } from './commands/delegate.js';
import { mcpCommand } from './commands/mcp.js';
import { tasksCommand } from './commands/tasks.js';
import { ENVIRONMENT, type GlobalOptions } from './config.js';
import { Context, type CliIo } from './context.js';
import { CliError } from './errors.js';
import { EXIT_OK, exitCodeFor, exitCodeHelp } from './exit-codes.js';

export type { CliIo } from './context.js';

/**
 * Wraps a command's handler for commander: builds the invocation's Context from the global and
 * the command's options, and records the exit code it answers (default 0).
 */
export type Action = <Args extends unknown[], Options extends object>(
  handler: (context: Context, options: Options & GlobalOptions, ...args: Args) => Promise<number | void>,
) => (...received: unknown[]) => Promise<void>;

const ENVIRONMENT_HELP = `
Environment (flags win):
  ${ENVIRONMENT.url}    the GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql (--url)
  ${ENVIRONMENT.token}      a JWT, sent as Authorization: Bearer (--token)
  ${ENVIRONMENT.apiKey}    an app key (x-api-key); it acts for the DID of --as / ${ENVIRONMENT.as} (--api-key)
  ${ENVIRONMENT.as}         the DID to act as: with an app key, or alone on a development server
                        with no identity configured (x-agentstack-did) (--as)`;

/**
 * The `agentstack` CLI, in-process: parses `argv` (the arguments after the program name), runs the
 * command and answers its exit code (exit-codes.ts). Never throws and never exits the process.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  let context: Context | null = null;

  const action: Action = (handler) => async (...received) => {
    // commander passes the positional arguments, the command's options, then the command.
    const command = received.at(-1) as Command;
    const args = received.slice(0, -2);
    const options = command.optsWithGlobals();
    context = new Context(io, options);
    const call = handler as (context: Context, options: unknown, ...args: unknown[]) => Promise<number | void>;
    exitCode = (await call(context, options, ...args)) ?? EXIT_OK;
  };

  const program = new Command('agentstack')
    .description('AgentStack from the command line: agents, tasks and delegation grants, over the GraphQL API')
    .option('--url <url>', `the GraphQL endpoint (default: $${ENVIRONMENT.url})`)
    .option('--token <jwt>', `a JWT to call with (default: $${ENVIRONMENT.token})`)
    .option('--api-key <key>', `an app key to call with; acts for --as (default: $${ENVIRONMENT.apiKey})`)
    .option('--as <did>', `the DID to act as (default: $${ENVIRONMENT.as})`)
    .option('--json', 'print the result as JSON (the GraphQL field: lists with pageInfo) and nothing else on stdout')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // One line, as every other error: "agentstack: <what> (add --help for usage)".
      outputError: (text, write) => write(`${text.trimEnd().replace(/^error: /, 'agentstack: ')} (add --help for usage)\n`),
    })
    .addHelpText('after', `${ENVIRONMENT_HELP}\n\n${exitCodeHelp()}\n`);
  if (io.version) program.version(io.version, '-V, --version', 'print the version');

  agentsCommand(program, action);
  tasksCommand(program, action);
  delegateCommand(program, action);
  mcpCommand(program, action);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return report(error, io);
  } finally {
    await (context as Context | null)?.close().catch(() => {});
  }
}

/** One line on stderr and the exit code of the table; a stack trace only with AGENTSTACK_DEBUG. */
function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version asked for are successes; commander has printed everything else already.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
    return exitCodeFor('USAGE');
  }
  if (error instanceof CliError) {
    io.stderr(error.code === 'USAGE' ? `agentstack: ${error.message} (add --help for usage)\n` : `agentstack: ${error.code}: ${error.message}\n`);
    return exitCodeFor(error.code);
  }
  if (error instanceof AgentStackClientError) {
    io.stderr(`agentstack: ${error.code}: ${error.message}${networkCause(error)}\n`);
    return exitCodeFor(error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`agentstack: unexpected error: ${message}\n`);
  if (io.env.AGENTSTACK_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return exitCodeFor('INTERNAL');
}

/** fetch says "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a bad port, …) is down its causes. */
function networkCause(error: AgentStackClientError): string {
  if (error.code !== 'NETWORK_ERROR') return '';
  let reason: string | null = null;
  let cause: unknown = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return ` (${code})`;
    if (cause.message && cause.message !== 'fetch failed') reason = cause.message;
    cause = cause.cause;
  }
  return reason ? ` (${reason})` : '';
}
