import { InvalidArgumentError, type Command } from 'commander';
import type { TaskStatus } from '../client/index.js';
import { usageError } from './errors.js';
import { table, type Column } from './format.js';
import type { Context } from './context.js';

/** Task statuses, in lifecycle order (the schema's TaskStatus). */
export const TASK_STATUSES: readonly TaskStatus[] = ['PENDING', 'QUEUED', 'RUNNING', 'BLOCKED', 'COMPLETE', 'FAILED', 'CANCELLED'];

/** A task status, any case: `running` → RUNNING. */
export function parseStatus(value: string): TaskStatus {
  const status = value.trim().toUpperCase() as TaskStatus;
  if (!TASK_STATUSES.includes(status)) throw new InvalidArgumentError(`not a task status (one of ${TASK_STATUSES.map((s) => s.toLowerCase()).join(', ')})`);
  return status;
}

export function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('not an integer');
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new InvalidArgumentError('out of range');
  return number;
}

export function parseNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('not a number');
  return number;
}

/** A JSON object (metadata). */
export function parseJsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`not JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError('not a JSON object, e.g. \'{"k":1}\'');
  return parsed as Record<string, unknown>;
}

/** A repeatable option that also takes comma-separated values: `--scope a --scope b,c` → [a, b, c]. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((item) => item.trim()).filter(Boolean)];
}

export interface PagingOptions {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}

/** `--first/--after` (forward) and `--last/--before` (backward) on a list command. */
export function pagingOptions(command: Command, noun: string): Command {
  return command
    .option('--first <n>', `page forward: at most n ${noun} (server default 50, at most 500)`, parseInteger)
    .option('--after <cursor>', `page forward: the ${noun} after this cursor (the "next page" cursor of a previous page)`)
    .option('--last <n>', `page backwards: the last n ${noun} (before --before, or of the whole list)`, parseInteger)
    .option('--before <cursor>', `page backwards: the ${noun} before this cursor`);
}

export function paging(options: PagingOptions) {
  if (options.first !== undefined && options.last !== undefined) throw usageError('--first and --last do not go together (page forward or backwards)');
  return { first: options.first ?? null, after: options.after ?? null, last: options.last ?? null, before: options.before ?? null };
}

interface Page<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** A page as a table (or the connection as JSON), with the cursor to go on from when there is more. */
export function printPage<T>(context: Context, page: Page<T>, columns: readonly Column<T>[], noun: string, backwards: boolean): void {
  context.print(page, () => {
    const rows = page.edges.map((edge) => edge.node);
    const lines = [rows.length > 0 ? table(columns, rows) : `(no ${noun})`];
    const { hasNextPage, hasPreviousPage, startCursor, endCursor } = page.pageInfo;
    if (!backwards && hasNextPage && endCursor) lines.push(`(more: --after ${endCursor})`);
    if (backwards && hasPreviousPage && startCursor) lines.push(`(earlier: --before ${startCursor})`);
    return lines.join('\n');
  });
}
