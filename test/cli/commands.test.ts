/**
 * The `agentstack` CLI as a process (`node --import tsx src/cli/main.ts`) against a real server on
 * the embedded database: a development server with no identity configured, so `--as <did>` (the
 * x-agentstack-did header) says who is calling. Outputs are parsed (tables, key: value blocks,
 * --json) and exit codes asserted against the table in src/cli/exit-codes.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { startServer, type RunningServer } from '../subscriptions/helpers/servers.js';
import { closedPort, parseBlock, parseTable, runCli, type CliResult } from './helpers.js';

const ALICE = 'did:coinpay:user:alice-cli';
const BOB = 'did:coinpay:user:bob-cli';
const BUILDER = 'did:coinpay:agent:builder-cli';
const CRAWLER = 'did:coinpay:agent:crawler-cli';
const APP = 'cli-test';
/** Each test starts 5 to 16 CLI processes (about 0.5 s of CPU each): room for a loaded machine. */
const PROCESS_TESTS_MS = 90_000;

/** Runs the thunks at most `size` at a time; answers their results in order. */
async function inBatches<const T extends readonly (() => Promise<unknown>)[]>(size: number, thunks: T): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (let i = 0; i < thunks.length; i += size) results.push(...(await Promise.all(thunks.slice(i, i + size).map((run) => run()))));
  return results as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/** An error's output: nothing on stdout, exactly one line on stderr, no stack trace. */
function expectError(result: CliResult, exit: number, pattern: RegExp) {
  expect(result.code, JSON.stringify(result)).toBe(exit);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^agentstack: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function json<T = any>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

describe.runIf(runsOn('embedded'))('agentstack CLI as a process, against a real server (embedded)', () => {
  let opened: OpenedDatabase;
  let server: RunningServer;
  /** Runs the CLI with the server's URL and, given `as`, that caller. */
  const cli = (args: string[], as: string | null = ALICE, env: Record<string, string | undefined> = {}) =>
    runCli(as ? [...args, '--as', as] : args, { AGENTSTACK_API_URL: server.url, ...env });

  beforeAll(async () => {
    opened = await openTarget('embedded', { label: 'cli' });
    server = await startServer(opened);
  });
  afterAll(async () => {
    await server?.close();
    await opened?.close();
  });

  it('agents register, list and show: blocks, tables and --json', async () => {
    const [builder, crawler] = await Promise.all([
      cli(['agents', 'register', BUILDER, '--name', 'Builder', '--source-app', APP, '--owner', ALICE, '--protocol', 'mcp', '--protocol', 'a2a']),
      // The agent registering itself, through the environment rather than --as.
      runCli(['agents', 'register', CRAWLER, '--name', 'Crawler', '--source-app', APP, '--protocol', 'mcp', '--reputation', '4.5', '--json'], {
        AGENTSTACK_API_URL: server.url,
        AGENTSTACK_AS: CRAWLER,
      }),
    ]);
    expect(builder.code, builder.stderr).toBe(0);
    expect(parseBlock(builder.stdout)).toMatchObject({ did: BUILDER, name: 'Builder', 'source app': APP, owner: ALICE, protocols: 'mcp,a2a' });
    expect(json(crawler)).toMatchObject({ did: CRAWLER, ownerDid: null, supportedProtocols: ['mcp'], reputationScore: 4.5 });

    // The directory is public: no identity needed (and no note about it for agents).
    const [table, page, next, shown, shownJson] = await Promise.all([
      cli(['agents', 'list', '--source-app', APP], null),
      cli(['agents', 'list', '--source-app', APP, '--first', '1', '--json'], null),
      cli(['agents', 'list', '--source-app', APP, '--protocol', 'a2a', '--json'], null),
      cli(['agents', 'show', BUILDER], null),
      cli(['agents', 'show', CRAWLER, '--json'], null),
    ]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).toBe('');
    expect(parseTable(table.stdout)).toEqual([
      { DID: BUILDER, NAME: 'Builder', APP, OWNER: ALICE, PROTOCOLS: 'mcp,a2a', REPUTATION: '-' },
      { DID: CRAWLER, NAME: 'Crawler', APP, OWNER: '-', PROTOCOLS: 'mcp', REPUTATION: '4.5' },
    ]);
    const first = json(page);
    expect(first.edges.map((edge: any) => edge.node.did)).toEqual([BUILDER]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, endCursor: expect.any(String) });
    expect(json(next).edges.map((edge: any) => edge.node.did)).toEqual([BUILDER]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(parseBlock(shown.stdout)).toMatchObject({ did: BUILDER, name: 'Builder', owner: ALICE });
    expect(json(shownJson)).toMatchObject({ did: CRAWLER, name: 'Crawler', tasks: { edges: [] } });

    // The page printed says where to go on; following it gives the second agent.
    const more = await cli(['agents', 'list', '--source-app', APP, '--first', '1'], null);
    const cursor = /\(more: --after (\S+)\)/.exec(more.stdout)?.[1];
    expect(cursor, more.stdout).toBe(first.pageInfo.endCursor);
    const second = await cli(['agents', 'list', '--source-app', APP, '--after', cursor!, '--json'], null);
    expect(json(second).edges.map((edge: any) => edge.node.did)).toEqual([CRAWLER]);
  }, PROCESS_TESTS_MS);

  it('tasks create, list, show, assign, status, publish and claim', async () => {
    const [created, queued] = await Promise.all([
      cli(['tasks', 'create', '--owner', ALICE, '--source-app', APP, '--title', 'Crawl prices', '--description', 'all of them', '--metadata', '{"k":1}', '--idempotency-key', 'k1', '--json']),
      cli(['tasks', 'create', '--owner', ALICE, '--source-app', APP, '--title', 'Build it', '--assignee', BUILDER]),
    ]);
    const task = json(created);
    expect(task).toMatchObject({ ownerDid: ALICE, sourceApp: APP, title: 'Crawl prices', status: 'PENDING', metadata: { k: 1 }, version: 1 });
    expect(queued.code, queued.stderr).toBe(0);
    const second = parseBlock(queued.stdout);
    expect(second).toMatchObject({ title: 'Build it', status: 'QUEUED', owner: ALICE, version: '1' });
    expect(second.assignee).toContain(BUILDER);

    const [retried, table, page, shown, missing] = await Promise.all([
      // The same idempotency key and input: the same task.
      cli(['tasks', 'create', '--owner', ALICE, '--source-app', APP, '--title', 'Crawl prices', '--description', 'all of them', '--metadata', '{"k":1}', '--idempotency-key', 'k1', '--json']),
      cli(['tasks', 'list', '--owner', ALICE, '--source-app', APP]),
      cli(['tasks', 'list', '--owner', ALICE, '--status', 'queued', '--json']),
      cli(['tasks', 'show', task.id]),
      cli(['tasks', 'show', 'task_missing', '--json']),
    ]);
    expect(json(retried).id).toBe(task.id);
    expect(table.code, table.stderr).toBe(0);
    // Created concurrently: in either order.
    const rows = parseTable(table.stdout).sort((a, b) => a.TITLE!.localeCompare(b.TITLE!));
    expect(rows).toEqual([
      { ID: second.id, STATUS: 'QUEUED', OWNER: ALICE, ASSIGNEE: BUILDER, APP, VERSION: '1', TITLE: 'Build it' },
      { ID: task.id, STATUS: 'PENDING', OWNER: ALICE, ASSIGNEE: '-', APP, VERSION: '1', TITLE: 'Crawl prices' },
    ]);
    const queuedPage = json(page);
    expect(queuedPage.edges.map((edge: any) => edge.node.id)).toEqual([second.id]);
    expect(queuedPage.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: expect.any(String), endCursor: expect.any(String) });
    expect(shown.code, shown.stderr).toBe(0);
    expect(parseBlock(shown.stdout)).toMatchObject({ id: task.id, title: 'Crawl prices', status: 'PENDING', description: 'all of them', metadata: '{"k":1}' });
    // A task that does not exist (or that the caller may not see) is NOT_FOUND, exit 6.
    expectError(missing, 6, /NOT_FOUND: task task_missing not found/);

    // Assign pinned to the version read; then the assignee runs it (status in any case) and patches metadata.
    const assigned = json(await cli(['tasks', 'assign', task.id, BUILDER, '--expected-version', '1', '--json']));
    expect(assigned).toMatchObject({ status: 'QUEUED', assigneeDid: BUILDER, version: 2, assignee: { did: BUILDER, name: 'Builder' } });
    const running = json(await cli(['tasks', 'status', task.id, 'running', '--json'], BUILDER));
    expect(running).toMatchObject({ status: 'RUNNING', version: 3 });
    const patched = await cli(['tasks', 'status', task.id, 'Running', '--metadata', '{"progress":50,"k":null}'], BUILDER);
    expect(patched.code, patched.stderr).toBe(0);
    expect(parseBlock(patched.stdout)).toMatchObject({ status: 'RUNNING', metadata: '{"progress":50}', version: '4' });

    // The marketplace: publish a pending task, an agent claims it for itself.
    const open = json(await cli(['tasks', 'create', '--owner', ALICE, '--source-app', APP, '--title', 'Open work', '--json']));
    const published = json(await cli(['tasks', 'publish', open.id, '--gig', 'gig-1', '--json']));
    expect(published).toMatchObject({ published: true, gigId: 'gig-1', status: 'PENDING', gig: { id: 'gig-1' } });
    const claimed = await cli(['tasks', 'claim', open.id, CRAWLER], CRAWLER);
    expect(claimed.code, claimed.stderr).toBe(0);
    expect(parseBlock(claimed.stdout)).toMatchObject({ id: open.id, status: 'QUEUED', assignee: CRAWLER, published: expect.stringMatching(/^\d{4}-/) });
  }, PROCESS_TESTS_MS);

  it('delegate grant, list, check (exit 0 yes / 1 no) and revoke', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const granted = await cli(['delegate', 'grant', ALICE, CRAWLER, '--scope', 'tasks:create', '--scope', 'tasks:read', '--expires-at', expiresAt]);
    expect(granted.code, granted.stderr).toBe(0);
    const grant = parseBlock(granted.stdout);
    expect(grant).toMatchObject({ owner: ALICE, agent: CRAWLER, scopes: 'tasks:create,tasks:read', expires: expiresAt, state: 'active' });

    const [table, page, yes, no, yesJson, noJson, asAgent] = await Promise.all([
      cli(['delegate', 'list', '--owner', ALICE, '--agent', CRAWLER]),
      cli(['delegate', 'list', '--owner', ALICE, '--scope', 'tasks:create', '--active', '--json']),
      cli(['delegate', 'check', ALICE, CRAWLER, 'tasks:create']),
      cli(['delegate', 'check', ALICE, CRAWLER, 'tasks:update']),
      cli(['delegate', 'check', ALICE, CRAWLER, 'tasks:read', '--json']),
      cli(['delegate', 'check', ALICE, CRAWLER, 'tasks:read', '--at', new Date(Date.now() + 7_200_000).toISOString(), '--json']),
      // The agent may ask too, and act on it: create a task for its owner.
      cli(['tasks', 'create', '--owner', ALICE, '--source-app', APP, '--title', 'Made by the agent', '--json'], CRAWLER),
    ]);
    expect(table.code, table.stderr).toBe(0);
    expect(parseTable(table.stdout)).toEqual([
      { ID: grant.id, OWNER: ALICE, AGENT: CRAWLER, SCOPES: 'tasks:create,tasks:read', EXPIRES: expiresAt, STATE: 'active', PARENT: '-' },
    ]);
    expect(json(page).edges.map((edge: any) => edge.node.id)).toEqual([grant.id]);
    expect([yes.code, yes.stdout, yes.stderr]).toEqual([0, 'yes\n', '']);
    expect([no.code, no.stdout, no.stderr]).toEqual([1, 'no\n', '']);
    expect([yesJson.code, JSON.parse(yesJson.stdout)]).toEqual([0, true]);
    // After the expiry: no.
    expect([noJson.code, JSON.parse(noJson.stdout)]).toEqual([1, false]);
    expect(json(asAgent)).toMatchObject({ ownerDid: ALICE, title: 'Made by the agent' });

    const revoked = json(await cli(['delegate', 'revoke', grant.id!, '--json']));
    expect(revoked).toMatchObject({ id: grant.id, active: false, revokedAt: expect.any(String) });
    const [after, active, all] = await Promise.all([
      cli(['delegate', 'check', ALICE, CRAWLER, 'tasks:create']),
      cli(['delegate', 'list', '--owner', ALICE, '--active']),
      cli(['delegate', 'list', '--owner', ALICE]),
    ]);
    expect([after.code, after.stdout]).toEqual([1, 'no\n']);
    expect(active.stdout).toBe('(no grants)\n');
    expect(parseTable(all.stdout)).toEqual([expect.objectContaining({ ID: grant.id, STATE: 'revoked' })]);
  }, PROCESS_TESTS_MS);

  it('every error: one line on stderr, nothing on stdout, the exit code of the table', async () => {
    const pending = json(await cli(['tasks', 'create', '--owner', ALICE, '--source-app', APP, '--title', 'Not startable', '--json']));
    const port = await closedPort();
    const [forbidden, conflict, stale, badDid, badCaller, unreachable, noUrl, unknownCommand, badStatus, badJson, missingOption, badNumber, noScope, notAscii] =
      // Four processes at a time: fourteen CLI processes starting at once on a loaded 2-core machine
      // outlive their run timeout (each loads TypeScript), which is not what this test is about.
      await inBatches(4, [
        // Alice may not create a task owned by Bob.
        () => cli(['tasks', 'create', '--owner', BOB, '--source-app', APP, '--title', 'x', '--json']),
        // PENDING → RUNNING is not a transition.
        () => cli(['tasks', 'status', pending.id, 'RUNNING', '--json']),
        () => cli(['tasks', 'assign', pending.id, BUILDER, '--expected-version', '7']),
        () => cli(['tasks', 'create', '--owner', 'not-a-did', '--source-app', APP, '--title', 'x']),
        () => cli(['tasks', 'list'], 'alice'),
        () => runCli(['tasks', 'list', '--as', ALICE, '--json'], { AGENTSTACK_API_URL: `http://127.0.0.1:${port}/graphql` }),
        () => runCli(['tasks', 'list', '--as', ALICE]),
        () => cli(['tasks', 'frobnicate']),
        () => cli(['tasks', 'status', pending.id, 'done']),
        () => cli(['tasks', 'create', '--owner', ALICE, '--source-app', APP, '--title', 'x', '--metadata', '{not json']),
        () => cli(['tasks', 'create', '--owner', ALICE, '--title', 'x']),
        () => cli(['tasks', 'list', '--first', 'ten']),
        () => cli(['delegate', 'grant', ALICE, CRAWLER]),
        () => runCli(['agents', 'list', '--url', 'ftp://example.com/graphql']),
      ]);
    expectError(forbidden, 5, /FORBIDDEN: /);
    expectError(conflict, 7, /CONFLICT: .*pending -> running/i);
    expectError(stale, 7, /CONFLICT: /);
    expectError(badDid, 8, /BAD_USER_INPUT: .*not-a-did/);
    expectError(badCaller, 4, /UNAUTHENTICATED: /);
    expectError(unreachable, 3, new RegExp(`NETWORK_ERROR: .*127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    expectError(noUrl, 2, /no API URL: set AGENTSTACK_API_URL/);
    expectError(unknownCommand, 2, /unknown command 'frobnicate'/);
    expectError(badStatus, 2, /not a task status/);
    expectError(badJson, 2, /not JSON/);
    expectError(missingOption, 2, /--source-app <app>' not specified/);
    expectError(badNumber, 2, /not an integer/);
    expectError(noScope, 2, /at least one --scope/);
    expectError(notAscii, 2, /must be http\(s\)/);
    // Nothing was written by the refused writes: still pending at version 1.
    expect(json(await cli(['tasks', 'show', pending.id, '--json']))).toMatchObject({ status: 'PENDING', version: 1 });
  }, PROCESS_TESTS_MS);

  it('--help on the program and on commands; --version', async () => {
    const [root, create, check, version, group] = await Promise.all([
      runCli(['--help']),
      runCli(['tasks', 'create', '--help']),
      runCli(['delegate', 'check', '--help']),
      runCli(['--version']),
      runCli(['tasks']),
    ]);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/Usage: agentstack \[options\] \[command\]/);
    for (const command of ['agents', 'tasks', 'delegate']) expect(root.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(root.stdout).toMatch(/AGENTSTACK_API_URL/);
    expect(root.stdout).toMatch(/Exit codes:[\s\S]* 1 {2}delegate check: no[\s\S]* 7 {2}CONFLICT/);
    expect(create.code).toBe(0);
    for (const option of ['--owner <did>', '--source-app <app>', '--title <title>', '--assignee <did>', '--metadata <json>', '--idempotency-key <key>', '--json', '--as <did>']) {
      expect(create.stdout).toContain(option);
    }
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/Usage: agentstack delegate check \[options\] <ownerDid> <agentDid> <scope>/);
    expect(check.stdout).toMatch(/exit 1/);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    // A group without its subcommand: the group's help on stderr, a usage exit.
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/Usage: agentstack tasks/);
  }, PROCESS_TESTS_MS);
});
