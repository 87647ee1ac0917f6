/**
 * The CLI's exit codes: ONE table, read by the error handler (program.ts) and printed by
 * `agentstack --help`. An error's code is the server's `extensions.code`, the client's own
 * (NETWORK_ERROR, BAD_RESPONSE) or the CLI's (USAGE, NOT_FOUND for a lookup that answered null).
 *
 * 1 is kept for a negative answer (`delegate check` said no), as `grep` and `test` do, so a script
 * can tell "no" from "could not ask": no error ever exits with 1.
 */
export interface ExitCodeRow {
  exit: number;
  /** The error codes that exit with it (empty: not an error, or the catch-all). */
  codes: readonly string[];
  meaning: string;
}

export const EXIT_CODES: readonly ExitCodeRow[] = [
  { exit: 0, codes: [], meaning: 'success (delegate check: yes)' },
  { exit: 1, codes: [], meaning: 'delegate check: no' },
  { exit: 2, codes: ['USAGE'], meaning: 'usage: unknown command or option, missing or malformed argument, no API URL' },
  { exit: 3, codes: ['NETWORK_ERROR'], meaning: 'the server could not be reached' },
  { exit: 4, codes: ['UNAUTHENTICATED'], meaning: 'UNAUTHENTICATED: no caller, or a bad token or app key' },
  { exit: 5, codes: ['FORBIDDEN'], meaning: 'FORBIDDEN: the caller may not do this' },
  { exit: 6, codes: ['NOT_FOUND'], meaning: 'NOT_FOUND: no such task, agent or grant (or not visible to the caller)' },
  { exit: 7, codes: ['CONFLICT'], meaning: 'CONFLICT: an illegal transition, a stale --expected-version, a reused idempotency key' },
  {
    exit: 8,
    codes: ['BAD_USER_INPUT', 'BAD_REQUEST', 'QUERY_TOO_COMPLEX', 'PAYLOAD_TOO_LARGE'],
    meaning: 'BAD_USER_INPUT: the server refused an argument (a malformed DID, cursor, scope, …)',
  },
  {
    exit: 9,
    codes: ['SERVICE_UNAVAILABLE', 'TIMEOUT', 'SUBSCRIPTION_LIMIT'],
    meaning: 'SERVICE_UNAVAILABLE, TIMEOUT, SUBSCRIPTION_LIMIT: try again later',
  },
  { exit: 10, codes: [], meaning: 'any other error (INTERNAL_SERVER_ERROR, BAD_RESPONSE, …)' },
];

export const EXIT_OK = 0;
export const EXIT_NO = 1;
export const EXIT_OTHER = 10;

const BY_CODE = new Map(EXIT_CODES.flatMap((row) => row.codes.map((code) => [code, row.exit] as const)));

/** The exit code of an error code (the catch-all for one the table does not name). */
export function exitCodeFor(code: string): number {
  return BY_CODE.get(code) ?? EXIT_OTHER;
}

/** The table as `agentstack --help` prints it. */
export function exitCodeHelp(): string {
  return ['Exit codes:', ...EXIT_CODES.map((row) => `  ${String(row.exit).padStart(2)}  ${row.meaning}`)].join('\n');
}
