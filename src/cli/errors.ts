/**
 * The CLI's own failures, with a code from the exit-code table (exit-codes.ts): USAGE for what the
 * user typed, NOT_FOUND for a lookup the server answered with null. Everything else comes from the
 * client as AgentStackClientError.
 */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError('USAGE', message);
