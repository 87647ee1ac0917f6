/**
 * The CLI in-process (`run(argv, io)` from src/cli/program.ts) for what needs no server: the
 * exit-code table, the formatters, usage errors and help. The behaviour against a server is
 * tested with the CLI as a process (commands, watch and auth tests).
 */
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeFor } from '../../src/cli/exit-codes.js';
import { block, table } from '../../src/cli/format.js';
import { run } from '../../src/cli/program.js';

async function inProcess(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env, version: '9.9.9' });
  return { code, stdout, stderr };
}

describe('agentstack CLI in-process', () => {
  it('one exit code per row, each error code in one row; unknown codes are the catch-all', () => {
    const exits = EXIT_CODES.map((row) => row.exit);
    expect(new Set(exits).size).toBe(exits.length);
    const codes = EXIT_CODES.flatMap((row) => row.codes);
    expect(new Set(codes).size).toBe(codes.length);
    expect(
      ['USAGE', 'NETWORK_ERROR', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BAD_USER_INPUT', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'BAD_RESPONSE'].map(
        exitCodeFor,
      ),
    ).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 10]);
    // 1 is "delegate check: no", never an error.
    expect(EXIT_CODES.find((row) => row.exit === 1)?.codes).toEqual([]);
  });

  it('tables align their columns; blocks their values; null is "-", lists comma-separated, newlines flattened', () => {
    const rows = [
      { id: 'a', name: 'Short', tags: ['x', 'y'] },
      { id: 'longer-id', name: null, tags: [] },
      { id: 'b', name: 'two\nlines', tags: ['z'] },
    ];
    const columns = [
      { header: 'ID', value: (row: (typeof rows)[number]) => row.id },
      { header: 'NAME', value: (row: (typeof rows)[number]) => row.name },
      { header: 'TAGS', value: (row: (typeof rows)[number]) => row.tags },
    ];
    expect(table(columns, rows)).toBe(['ID         NAME       TAGS', 'a          Short      x,y', 'longer-id  -          -', 'b          two lines  z'].join('\n'));
    expect(block([['id', 'a'], ['metadata', { k: 1 }], ['skipped', undefined], ['ok', true]])).toBe('id:       a\nmetadata: {"k":1}\nok:       yes');
  });

  it('usage errors: exit 2, one line on stderr, nothing on stdout; help and version: exit 0 on stdout', async () => {
    expect(await inProcess(['tasks', 'list', '--as', 'did:coinpay:user:a'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'agentstack: no API URL: set AGENTSTACK_API_URL (e.g. http://127.0.0.1:4001/graphql) or pass --url (add --help for usage)\n',
    });
    const noDid = await inProcess(['tasks', 'list'], { AGENTSTACK_API_URL: 'http://127.0.0.1:1/graphql', AGENTSTACK_API_KEY: 'agsk_x' });
    expect([noDid.code, noDid.stderr]).toEqual([2, 'agentstack: an app key acts for a DID: pass --as <did> or set AGENTSTACK_AS (add --help for usage)\n']);
    const both = await inProcess(['tasks', 'list', '--first', '1', '--last', '1'], { AGENTSTACK_API_URL: 'http://127.0.0.1:1/graphql' });
    expect([both.code, both.stdout, both.stderr]).toEqual([2, '', 'agentstack: --first and --last do not go together (page forward or backwards) (add --help for usage)\n']);
    const unknown = await inProcess(['agents', 'list', '--colour']);
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([2, '', "agentstack: unknown option '--colour' (add --help for usage)\n"]);
    const help = await inProcess(['delegate', 'grant', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: agentstack delegate grant \[options\] <ownerDid> <agentDid>/);
    expect(help.stdout).toMatch(/--scope <scope>/);
    expect(await inProcess(['--version'])).toEqual({ code: 0, stdout: '9.9.9\n', stderr: '' });
  });
});
