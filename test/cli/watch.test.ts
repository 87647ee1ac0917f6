/**
 * `agentstack tasks watch` as a long-running process against a real server (embedded database):
 * lines as changes happen, SIGINT/SIGTERM end it with exit 0, and a dropped connection (a TCP
 * proxy between the CLI and the server cuts every socket) is resumed from the last cursor: the
 * changes made meanwhile and after are printed exactly once, nothing earlier twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { waitFor } from '../helpers/wait.js';
import { startServer, type RunningServer } from '../subscriptions/helpers/servers.js';
import { LiveCli } from './helpers.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const ALICE = 'did:coinpay:user:alice-watch';
const BOB = 'did:coinpay:user:bob-watch';
const AGENT = 'did:coinpay:agent:worker-watch';

describe.runIf(runsOn('embedded'))('agentstack tasks watch (a process, against a real server)', () => {
  let opened: OpenedDatabase;
  let server: RunningServer;
  let proxy: TcpProxy;
  let proxyUrl: string;
  const live: LiveCli[] = [];
  const watch = (args: string[], url: string) => {
    const cli = new LiveCli(['tasks', 'watch', ...args], { AGENTSTACK_API_URL: url, AGENTSTACK_AS: ALICE });
    live.push(cli);
    return cli;
  };
  // Writes go straight to the server's AgentStack (as the callers the policy wants).
  const create = (title: string, ownerDid = ALICE) =>
    opened.agentStack.createTask({ ownerDid, sourceApp: 'watch', title }, { actorDid: ownerDid });

  beforeAll(async () => {
    opened = await openTarget('embedded', { label: 'cli-watch' });
    server = await startServer(opened);
    proxy = await startTcpProxy(Number(new URL(server.url).port));
    proxyUrl = proxy.url();
    await opened.agentStack.registerAgent({ did: AGENT, ownerDid: ALICE, name: 'Worker', sourceApp: 'watch' }, { actorDid: ALICE });
  });
  afterEach(async () => {
    await Promise.all(live.splice(0).map((cli) => cli.kill()));
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await opened?.close();
  });

  it('prints one line per change as it happens (only the owner asked for), until SIGINT: exit 0', async () => {
    const cli = watch(['--owner', ALICE], server.url);
    await cli.note('the watch to start', (line) => /watching task changes \(owner .*\) after cursor \d+/.test(line));
    // stdout and stderr are separate pipes: the header may arrive after the note.
    await cli.line('the header', (line) => /^TIME\s+TYPE\s+TASK\s+STATUS\s+ASSIGNEE\s+TITLE$/.test(line));
    expect(cli.stdout).toHaveLength(1);

    const task = await create('Watched work');
    await create('Not alice', BOB);
    await opened.agentStack.assignTask(task.id, AGENT, { actorDid: ALICE });
    await opened.agentStack.updateTaskStatus(task.id, 'running', {}, { actorDid: AGENT });
    const running = await cli.line('RUNNING', (line) => line.includes(task.id) && line.includes('RUNNING'));
    expect(running).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+TASK_UPDATED\\s+${task.id}\\s+RUNNING\\s+${AGENT}\\s+Watched work$`));
    const events = cli.stdout.slice(1).map((line) => line.split(/\s+/).slice(1, 4));
    expect(events).toEqual([
      ['TASK_CREATED', task.id, 'PENDING'],
      ['TASK_ASSIGNED', task.id, 'QUEUED'],
      ['TASK_UPDATED', task.id, 'RUNNING'],
    ]);

    const exit = await cli.stop('SIGINT');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(cli.stderr.filter((line) => !/watching task changes/.test(line))).toEqual([]);
  });

  it('--json: JSON lines; resumes after a dropped connection, every change exactly once; SIGTERM: exit 0', async () => {
    const cli = watch(['--json'], proxyUrl);
    await cli.note('the watch to start', (line) => /watching task changes after cursor \d+/.test(line));
    const first = await create('Before the drop');
    await cli.line('the first task', (line) => line.includes(first.id));
    await opened.agentStack.publishTask(first.id, 'gig-w', { actorDid: ALICE });
    await cli.line('its publication', (line) => line.includes('"published":true'));

    // Cut every connection (the WebSocket and any kept-alive HTTP one); change a task while the
    // CLI is away, then again once it has come back.
    expect(proxy.dropAll()).toBeGreaterThan(0);
    const during = await create('While disconnected');
    await cli.note('the resume note', (line) => /connection lost: resuming after cursor \d+/.test(line));
    await waitFor('the CLI to connect again', () => proxy.open > 0);
    const after = await create('After the drop');
    await cli.line('the task created after the drop', (line) => line.includes(after.id));

    const events = cli.stdout.map((line) => JSON.parse(line) as { cursor: string; type: string; task: { id: string; title: string } });
    expect(events.map((event) => [event.type, event.task.title])).toEqual([
      ['TASK_CREATED', 'Before the drop'],
      ['TASK_UPDATED', 'Before the drop'],
      ['TASK_CREATED', 'While disconnected'],
      ['TASK_CREATED', 'After the drop'],
    ]);
    expect(events[2]!.task.id).toBe(during.id);
    const cursors = events.map((event) => Number(event.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(cursors.length);

    const exit = await cli.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    // Nothing arrived late and twice.
    expect(cli.stdout).toHaveLength(4);
  });

  it('--after replays from a cursor first; a cursor ahead of the log is BAD_USER_INPUT (exit 8)', async () => {
    const cursor = String(await opened.agentStack.lastEventSequence());
    const task = await create('Replayed');
    const cli = watch(['--json', '--task', task.id, '--after', cursor], server.url);
    const line = await cli.line('the replayed creation', (text) => text.includes(task.id));
    expect(JSON.parse(line)).toMatchObject({ type: 'TASK_CREATED', task: { id: task.id, title: 'Replayed' } });
    expect((await cli.stop('SIGINT')).code).toBe(0);

    const ahead = watch(['--after', String(Number(cursor) + 1_000_000)], server.url);
    const exit = await ahead.exited;
    expect(exit.code).toBe(8);
    expect(ahead.stdout).toEqual([]);
    expect(ahead.stderr).toHaveLength(1);
    expect(ahead.stderr[0]).toMatch(/^agentstack: BAD_USER_INPUT: /);
  });
});
