import type { EventFieldsFragment } from '../../client/index.js';
import { cell } from '../format.js';
import type { Context } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';

export interface WatchOptions {
  task?: string;
  owner?: string;
  assignee?: string;
  after?: string;
}

/** Fixed minimum widths: a stream cannot measure its rows in advance (an ISO time is 24, a task id 41, an agent DID often 26). */
const WIDTHS = [24, 13, 41, 9, 26] as const;

function line(cells: readonly string[]): string {
  return cells.map((text, i) => (i < WIDTHS.length ? text.padEnd(WIDTHS[i]!) : text)).join('  ');
}

function eventLine(event: EventFieldsFragment): string {
  const task = event.task;
  return line([event.occurredAt, event.type, cell(task?.id), cell(task?.status), cell(task?.assigneeDid), cell(task?.title)]);
}

/** How often the stream's resubscription count is looked at, to say on stderr that it resumed. */
const RESUME_POLL_MS = 200;

/**
 * `tasks watch`: the client's resuming stream, printed as it comes, until SIGINT/SIGTERM (exit 0,
 * the client closed) or an error that resubscribing cannot fix (its exit code).
 */
export async function watchTasks(context: Context, options: WatchOptions): Promise<number> {
  const client = context.client();
  // Where to start, fixed before subscribing (so "from now" is printed and nothing after it is
  // missed); with --after, one page read checks the cursor and the credentials up front.
  let after: string | null;
  if (options.after !== undefined) {
    await client.events({ first: 1, after: options.after });
    after = options.after;
  } else {
    // The schema promises a cursor ("0" on an empty log); null would leave "now" to the stream.
    after = await client.latestEventCursor(null);
  }
  const stream = client.watchTasks({
    taskId: options.task ?? null,
    ownerDid: options.owner ?? null,
    assigneeDid: options.assignee ?? null,
    after,
  });
  const scope = [
    options.task ? `task ${options.task}` : null,
    options.owner ? `owner ${options.owner}` : null,
    options.assignee ? `assignee ${options.assignee}` : null,
  ].filter(Boolean);
  context.note(`watching task changes${scope.length ? ` (${scope.join(', ')})` : ''} ${after === null ? 'from now' : `after cursor ${after}`}; Ctrl-C to stop`);
  if (!context.json) context.io.stdout(`${line(['TIME', 'TYPE', 'TASK', 'STATUS', 'ASSIGNEE', 'TITLE'])}\n`);

  let subscriptions = 1;
  const poll = setInterval(() => {
    if (stream.subscriptions > subscriptions) {
      subscriptions = stream.subscriptions;
      context.note(`connection lost: resuming after cursor ${stream.lastCursor ?? after}`);
    }
  }, RESUME_POLL_MS);
  const stopListening = context.io.onInterrupt?.(() => stream.close());
  try {
    for await (const event of stream) {
      context.io.stdout(context.json ? `${JSON.stringify(event)}\n` : `${eventLine(event)}\n`);
    }
  } finally {
    clearInterval(poll);
    stopListening?.();
  }
  return EXIT_OK;
}
