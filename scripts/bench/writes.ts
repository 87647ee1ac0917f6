/**
 * The write rows of `npm run bench` beyond the per-operation cases: PostGraphile's update (one
 * `UPDATE … RETURNING` in autocommit, no rules, no event), and many writers over 2 replicas.
 */
import type { AgentStack } from '../../src/core/index.js';
import { graphql, startServerProcess, UPDATE_STATUS_MUTATION, type ChildServer } from './http.js';
import { compare, type Contender, type MeasureOptions } from './measure.js';
import type { RawPostgres } from './raw.js';
import type { Layer, ResultRow } from './report.js';

/** The same change as UPDATE_STATUS_MUTATION (status running on a running task), PostGraphile's way. */
export const PEER_UPDATE_MUTATION = `mutation BenchUpdate($id: String!) {
  updateTaskByRowId(input: { rowId: $id, taskPatch: { status: "running" } }) { task { rowId status version updatedAt } }
}`;

/** Writers in flight in the replicas row. */
export const WRITERS = 32;

export interface WritersContext {
  agentStack: AgentStack;
  raw: RawPostgres;
  databaseUrl: string;
  schema: string;
  /** The PostGraphile peer's URL when `--peer` runs. */
  peerUrl: string | null;
  /** The owner of the written tasks and the agent they are assigned to. */
  writer: string;
  assignee: string;
  measure: Omit<MeasureOptions, 'concurrency'>;
  log: (message: string) => void;
}

/**
 * 32 writers at once, each on a task of its own (so no version races), every call a state change
 * with its event: over HTTP spread over 2 replicas (2 server processes on one schema), raw pg
 * sending the store's statements (its commit statement, on the recalled state), the same (read, then write) through a global append lock held across round trips
 * (how the log serialised appends before), PostGraphile's update (with --peer), and the floor (a
 * plain UPDATE, no event). ops/s of the event-writing rows is events/s. The contenders alternate.
 */
export async function measureWriters(context: WritersContext): Promise<ResultRow[]> {
  const { agentStack, raw, writer } = context;
  const as = { actorDid: writer };
  const ids: string[] = [];
  for (let i = 0; i < WRITERS; i++) {
    const task = await agentStack.createTask({ ownerDid: writer, sourceApp: 'bench', title: `Writer ${i}`, assigneeDid: context.assignee }, as);
    await agentStack.updateTaskStatus(task.id, 'running', {}, as);
    ids.push(task.id);
  }
  context.log(`writes ×${WRITERS}: starting 2 replicas`);
  const replicas: ChildServer[] = [];
  try {
    for (let i = 0; i < 2; i++) replicas.push(await startServerProcess(context.databaseUrl, context.schema));
    const rows: { operation: string; layer: Layer; contender: Contender }[] = [
      {
        operation: `writes ×${WRITERS} (2 replicas)`,
        layer: 'http',
        contender: {
          name: 'http',
          operation: (worker) => graphql(replicas[worker % 2]!.url, UPDATE_STATUS_MUTATION, { id: ids[worker]! }, writer),
          statements: async () => (await Promise.all(replicas.map((replica) => replica.statements()))).reduce((sum, count) => sum + count, 0),
        },
      },
      {
        operation: `writes ×${WRITERS} (2 replicas)`,
        layer: 'raw-pg',
        contender: { name: 'raw', operation: (worker) => raw.updateTaskStatus(ids[worker]!, 'running'), statements: () => raw.statements },
      },
      {
        operation: `writes ×${WRITERS}, global lock`,
        layer: 'raw-pg',
        contender: { name: 'locked', operation: (worker) => raw.updateTaskStatusLocked(ids[worker]!, 'running'), statements: () => raw.statements },
      },
      {
        operation: `plain UPDATE ×${WRITERS} (floor)`,
        layer: 'raw-pg',
        contender: { name: 'floor', operation: (worker) => raw.plainUpdate(ids[worker]!, 'running'), statements: () => raw.statements },
      },
    ];
    const { peerUrl } = context;
    if (peerUrl) {
      rows.splice(1, 0, {
        operation: `writes ×${WRITERS} (2 replicas)`,
        layer: 'peer',
        contender: {
          name: 'peer',
          operation: async (worker) => {
            const data = await graphql<{ updateTaskByRowId: { task: unknown } | null }>(peerUrl, PEER_UPDATE_MUTATION, { id: ids[worker]! }, null);
            if (data.updateTaskByRowId?.task == null) throw new Error('updateTaskByRowId null');
          },
          statements: () => 0,
        },
      });
    }
    const measured = await compare(
      rows.map((row) => row.contender),
      { ...context.measure, concurrency: WRITERS },
    );
    return measured.map((m, i) => ({ operation: rows[i]!.operation, layer: rows[i]!.layer, mode: 'concurrent' as const, concurrency: WRITERS, ...m }));
  } finally {
    await Promise.all(replicas.map((replica) => replica.close()));
  }
}
