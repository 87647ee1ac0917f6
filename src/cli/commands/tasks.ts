import type { Command } from 'commander';
import type { CreateTaskInput, TaskFieldsFragment, TaskPatch, TaskStatus } from '../../client/index.js';
import { TASKS, type CliTaskRow } from '../documents.js';
import { CliError } from '../errors.js';
import { block, type Column } from '../format.js';
import { pagingOptions, paging, parseInteger, parseJsonObject, parseStatus, printPage, TASK_STATUSES, type PagingOptions } from '../parsers.js';
import type { Action } from '../program.js';
import { watchTasks } from './watch.js';

const COLUMNS: readonly Column<CliTaskRow>[] = [
  { header: 'ID', value: (task) => task.id },
  { header: 'STATUS', value: (task) => task.status },
  { header: 'OWNER', value: (task) => task.ownerDid },
  { header: 'ASSIGNEE', value: (task) => task.assigneeDid },
  { header: 'APP', value: (task) => task.sourceApp },
  { header: 'VERSION', value: (task) => task.version },
  { header: 'TITLE', value: (task) => task.title },
];

type ShownTask = TaskFieldsFragment & { assignee?: { did: string; name: string } | null };

export function taskBlock(task: ShownTask): string {
  return block([
    ['id', task.id],
    ['title', task.title],
    ['status', task.status],
    ['owner', task.ownerDid],
    ['assignee', task.assignee ? `${task.assignee.did} (${task.assignee.name})` : task.assigneeDid],
    ['source app', task.sourceApp],
    ['description', task.description],
    ['published', task.published ? (task.publishedAt ?? true) : false],
    ['gig', task.gigId],
    ['payment intent', task.paymentIntentId],
    ['escrow', task.escrowId],
    ['reputation event', task.reputationEventId],
    ['metadata', task.metadata],
    ['version', task.version],
    ['created', task.createdAt],
    ['updated', task.updatedAt],
  ]);
}

const EXPECTED_VERSION = ['--expected-version <n>', "fail with CONFLICT unless the task is at this version (see 'version')"] as const;

export function tasksCommand(program: Command, action: Action): void {
  const tasks = program
    .command('tasks')
    .description('tasks: list, show, create, assign, change status, publish to the marketplace, claim, watch live');

  pagingOptions(
    tasks
      .command('list')
      .description('list the tasks you may see, oldest first (a page may hold fewer than --first: page on with the cursor printed)')
      .option('--owner <did>', 'only tasks owned by this DID')
      .option('--assignee <did>', 'only tasks assigned to this agent DID')
      .option('--status <status>', `only tasks in this status (${TASK_STATUSES.map((s) => s.toLowerCase()).join(', ')}; any case)`, parseStatus)
      .option('--source-app <app>', 'only tasks from this app (exact match)')
      .option('--published', 'only tasks published to the marketplace')
      .option('--no-published', 'only tasks not published'),
    'tasks',
  ).action(
    action<[], PagingOptions & { owner?: string; assignee?: string; status?: TaskStatus; sourceApp?: string; published?: boolean }>(
      async (context, options) => {
        const pages = paging(options); // usage errors before connecting
        const filter = {
          ownerDid: options.owner ?? null,
          assigneeDid: options.assignee ?? null,
          status: options.status ?? null,
          sourceApp: options.sourceApp ?? null,
          published: options.published ?? null,
        };
        const { tasks: page } = await context.client().request(TASKS, { filter, ...pages });
        printPage(context, page, COLUMNS, 'tasks', options.last !== undefined || options.before !== undefined);
      },
    ),
  );

  tasks
    .command('show')
    .description('one task; a task that does not exist, or that you may not see, is NOT_FOUND')
    .argument('<taskId>', 'the task id')
    .action(
      action<[string], object>(async (context, _options, id) => {
        const task = await context.client().task(id);
        if (!task) throw new CliError('NOT_FOUND', `task ${id} not found (or not visible to the caller)`);
        context.print(task, () => taskBlock(task));
      }),
    );

  tasks
    .command('create')
    .description('create a task (PENDING; QUEUED for --assignee). You must be the owner, or hold a tasks:create grant from it')
    .requiredOption('--owner <did>', 'the owner, a user or agent DID')
    .requiredOption('--source-app <app>', 'the app the task comes from, e.g. ugig')
    .requiredOption('--title <title>', 'short title (1 to 200 characters)')
    .option('--description <text>', 'longer text (at most 10,000 characters)')
    .option('--assignee <did>', 'a registered agent: the task starts QUEUED for it')
    .option('--metadata <json>', 'a JSON object kept with the task, e.g. \'{"priority":1}\'', parseJsonObject)
    .option('--payment-intent <id>', 'CoinPay payment intent to link')
    .option('--escrow <id>', 'CoinPay escrow to link')
    .option('--reputation-event <id>', 'CoinPay reputation event to link')
    .option('--idempotency-key <key>', 'a retry with the same key and input returns the same task (unique per owner)')
    .action(
      action<
        [],
        {
          owner: string;
          sourceApp: string;
          title: string;
          description?: string;
          assignee?: string;
          metadata?: Record<string, unknown>;
          paymentIntent?: string;
          escrow?: string;
          reputationEvent?: string;
          idempotencyKey?: string;
        }
      >(async (context, options) => {
        const input: CreateTaskInput = {
          ownerDid: options.owner,
          sourceApp: options.sourceApp,
          title: options.title,
          description: options.description ?? null,
          assigneeDid: options.assignee ?? null,
          metadata: options.metadata ?? null,
          paymentIntentId: options.paymentIntent ?? null,
          escrowId: options.escrow ?? null,
          reputationEventId: options.reputationEvent ?? null,
          idempotencyKey: options.idempotencyKey ?? null,
        };
        const task = await context.client().createTask(input);
        context.print(task, () => taskBlock(task));
      }),
    );

  tasks
    .command('assign')
    .description('assign a task (PENDING, QUEUED or BLOCKED) to a registered agent: it becomes QUEUED')
    .argument('<taskId>', 'the task id')
    .argument('<agentDid>', 'the agent DID')
    .option(...EXPECTED_VERSION, parseInteger)
    .action(
      action<[string, string], { expectedVersion?: number }>(async (context, options, taskId, agentDid) => {
        const task = await context.client().assignTask({ taskId, agentDid, expectedVersion: options.expectedVersion ?? null });
        context.print(task, () => taskBlock(task));
      }),
    );

  tasks
    .command('status')
    .description(
      'move a task to a status (any case): PENDING → QUEUED | CANCELLED; QUEUED → RUNNING | CANCELLED; ' +
        'RUNNING → BLOCKED | COMPLETE | FAILED | CANCELLED; BLOCKED → RUNNING | QUEUED | FAILED | CANCELLED; anything else is CONFLICT. ' +
        'The current status again patches links and metadata',
    )
    .argument('<taskId>', 'the task id')
    .argument('<status>', `the new status (${TASK_STATUSES.map((s) => s.toLowerCase()).join(', ')})`, parseStatus)
    .option('--metadata <json>', 'a JSON Merge Patch for the metadata (keys merge, null deletes a key)', parseJsonObject)
    .option('--payment-intent <id>', 'link this CoinPay payment intent instead')
    .option('--escrow <id>', 'link this CoinPay escrow instead')
    .option('--reputation-event <id>', 'link this CoinPay reputation event instead')
    .option(...EXPECTED_VERSION, parseInteger)
    .action(
      action<
        [string, TaskStatus],
        { metadata?: Record<string, unknown>; paymentIntent?: string; escrow?: string; reputationEvent?: string; expectedVersion?: number }
      >(async (context, options, taskId, status) => {
        // A patch holds only what was given: a field left out keeps its value.
        const patch: TaskPatch = {};
        if (options.metadata !== undefined) patch.metadata = options.metadata;
        if (options.paymentIntent !== undefined) patch.paymentIntentId = options.paymentIntent;
        if (options.escrow !== undefined) patch.escrowId = options.escrow;
        if (options.reputationEvent !== undefined) patch.reputationEventId = options.reputationEvent;
        const task = await context.client().updateTaskStatus({
          taskId,
          status,
          patch: Object.keys(patch).length > 0 ? patch : null,
          expectedVersion: options.expectedVersion ?? null,
        });
        context.print(task, () => taskBlock(task));
      }),
    );

  tasks
    .command('publish')
    .description('publish a PENDING task to the marketplace, where any registered agent may claim it')
    .argument('<taskId>', 'the task id')
    .option('--gig <id>', 'the uGig gig that advertises the task')
    .action(
      action<[string], { gig?: string }>(async (context, options, taskId) => {
        const task = await context.client().publishTask({ taskId, gigId: options.gig ?? null });
        context.print(task, () => taskBlock(task));
      }),
    );

  tasks
    .command('claim')
    .description('claim a published PENDING task for an agent (as the agent itself, or its owner): it becomes QUEUED')
    .argument('<taskId>', 'the task id')
    .argument('<agentDid>', 'the agent that takes the task')
    .action(
      action<[string, string], object>(async (context, _options, taskId, agentDid) => {
        const task = await context.client().claimTask({ taskId, agentDid });
        context.print(task, () => taskBlock(task));
      }),
    );

  tasks
    .command('watch')
    .description(
      'stream task changes (created, assigned or claimed, updated) as they happen, one line each (JSON lines with --json), ' +
        'until Ctrl-C; resumes by itself after a dropped connection, with no gap and no duplicate',
    )
    .option('--task <id>', 'only this task')
    .option('--owner <did>', 'only tasks owned by this DID')
    .option('--assignee <did>', 'only tasks assigned to this agent DID')
    .option('--after <cursor>', 'first replay the changes after this event cursor (0: from the beginning), then live; default: from now')
    .action(
      action<[], { task?: string; owner?: string; assignee?: string; after?: string }>((context, options) => watchTasks(context, options)),
    );
}
