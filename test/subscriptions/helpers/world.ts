import { AgentStack, type Task, type Store } from '../../../src/core/index.js';
import { agentDid, userDid } from '../../../src/core/did.js';

/**
 * A small cast of characters and a way to make many events fast, on any store. Every call is made
 * as the caller a real client would be (AgentStack's delegation policy judges each one): an agent
 * registers itself, a task's owner creates it.
 */
export const OWNER = userDid('alice');
export const OTHER_OWNER = userDid('bob');
export const AGENT = agentDid('worker-1');
export const OTHER_AGENT = agentDid('worker-2');

export async function registerAgents(agentStack: AgentStack): Promise<void> {
  await agentStack.registerAgent({ did: AGENT, name: 'Worker one', sourceApp: 'test' }, { actorDid: AGENT });
  await agentStack.registerAgent({ did: OTHER_AGENT, name: 'Worker two', sourceApp: 'test' }, { actorDid: OTHER_AGENT });
}

/** Creates a task as its owner (default OWNER). */
export function createTask(
  agentStack: AgentStack,
  title: string,
  extra: { ownerDid?: string; paymentIntentId?: string | null; assigneeDid?: string | null } = {},
): Promise<Task> {
  const ownerDid = extra.ownerDid ?? OWNER;
  return agentStack.createTask(
    {
      ownerDid,
      sourceApp: 'test',
      title,
      paymentIntentId: extra.paymentIntentId ?? null,
      assigneeDid: extra.assigneeDid ?? null,
    },
    { actorDid: ownerDid },
  );
}

/** Creates `count` tasks one after the other: `count` task.created events in order. */
export async function createTasks(agentStack: AgentStack, count: number, prefix = 'task'): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let i = 0; i < count; i++) tasks.push(await createTask(agentStack, `${prefix} ${i}`));
  return tasks;
}

/** AgentStack over `store`, with its own rules (the delegation policy). */
export function agentStackOn(store: Store): AgentStack {
  return new AgentStack({ store });
}

/** Asserts sequences strictly increase by exactly one, starting right after `after`. */
export function assertContiguous(sequences: readonly number[], after: number): void {
  sequences.forEach((sequence, index) => {
    if (sequence !== after + index + 1) {
      throw new Error(`Sequence ${index} is ${sequence}, expected ${after + index + 1} (gap or duplicate)`);
    }
  });
}

/**
 * The log's own answer (what every subscription must reproduce): sequences after `after` matching
 * `filter` that `callerDid` may see (the same caller the subscription has).
 */
export async function logSequences(
  agentStack: AgentStack,
  callerDid: string,
  after: number,
  filter: Parameters<AgentStack['listEvents']>[0] = null,
): Promise<number[]> {
  const sequences: number[] = [];
  for (let cursor = after; ; ) {
    const page = await agentStack.listEvents(filter, { after: cursor, first: 500 }, { actorDid: callerDid });
    sequences.push(...page.items.map((event) => event.sequence));
    if (!page.hasNextPage || page.endSequence === null) return sequences;
    cursor = page.endSequence;
  }
}
